"""publiccode.yml for pilots: the file of a pilot with software, and a new pilot from a file."""

from __future__ import annotations

from flask import Response, current_app, render_template
from flask_login import login_required

from registry.extensions import limiter
from registry.interop import fetch
from registry.interop.publiccode_export import MEDIA_TYPE
from registry.services import permissions, publiccode
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l
from registry.web.boundary import show_error_at_field, signed_in_viewer
from registry.web.projects import bp
from registry.web.projects.forms import ImportForm, ProjectForm
from registry.web.projects.labels import FIELDS
from registry.web.projects.views import partner_choices
from registry.web.public_urls import public_url


@bp.route("/projects/<slug>/publiccode.yml")
def publiccode_file(slug: str) -> Response:
    text = publiccode.project_file(slug, public_url(".show", slug=slug))
    return Response(
        text,
        content_type=MEDIA_TYPE,
        headers={"Content-Disposition": 'inline; filename="publiccode.yml"'},
    )


def _too_many() -> str:
    return str(_l("U heeft dit te vaak geprobeerd. Wacht een minuut en probeer het opnieuw."))


# Each import may make the server fetch a URL; keep it from being a fetching service.
IMPORT_LIMIT = "20/minute"


@bp.route("/projects/new/import", methods=["GET", "POST"])
@login_required
@limiter.limit(IMPORT_LIMIT, methods=["POST"], error_message=_too_many)
def import_publiccode():
    """Read a publiccode.yml into the new-pilot form; saving is the form's own job."""
    user = signed_in_viewer()
    permissions.require(permissions.can_create_project(user))
    form = ImportForm()
    if form.validate_on_submit():
        try:
            prefill = publiccode.read_source(
                _raw_bytes(form),
                max_bytes=_max_bytes(),
                site_url=current_app.config["SITE_URL"],
                field=form.source(),
            )
        except Invalid as err:
            show_error_at_field(form, err)
        else:
            project_form = ProjectForm(
                formdata=None,
                data=prefill.data,
                partner_choices=partner_choices(user.organisation_id),
            )
            project_form.add_blank_indicator_rows()
            return render_template(
                "projects/new.html",
                form=project_form,
                imported=prefill,
                shortened=[FIELDS[name] for name in prefill.shortened if name in FIELDS],
            )
    return render_template("projects/import.html", form=form, max_kb=_max_bytes() // 1024)


def _max_bytes() -> int:
    return current_app.config["PUBLICCODE_MAX_BYTES"]


def _raw_bytes(form: ImportForm) -> bytes:
    """The chosen source's bytes, read no further than one byte past the cap."""
    limit = _max_bytes()
    source = form.source()
    if source == "file":
        return form.file.data.stream.read(limit + 1)
    if source == "text":
        return form.text.data.encode("utf-8", errors="replace")
    config = current_app.config
    return publiccode.fetch_source(
        form.url.data,
        fetch.Limits(
            max_bytes=limit,
            timeout=config["PUBLICCODE_FETCH_TIMEOUT"],
            max_redirects=config["PUBLICCODE_FETCH_MAX_REDIRECTS"],
            allow_private=config["PUBLICCODE_FETCH_ALLOW_PRIVATE"],
        ),
    )
