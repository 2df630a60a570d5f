"""/catalogue/<slug>/publiccode.yml: a standard described for software catalogues."""

from __future__ import annotations

from flask import Response

from registry.interop.publiccode_export import MEDIA_TYPE
from registry.services import publiccode
from registry.web.catalogue import bp
from registry.web.public_urls import public_url


@bp.route("/catalogue/<slug>/publiccode.yml")
def publiccode_file(slug: str) -> Response:
    text = publiccode.entry_file(slug, public_url(".show", slug=slug))
    return Response(
        text,
        content_type=MEDIA_TYPE,
        headers={"Content-Disposition": 'inline; filename="publiccode.yml"'},
    )
