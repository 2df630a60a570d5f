"""A pilot's attachments: the upload page, the download, and removal."""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, send_file, url_for
from flask_login import login_required

from registry.extensions import db
from registry.services import attachments, projects
from registry.services.errors import Invalid
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer, visible_or_404
from registry.web.projects import bp
from registry.web.projects.forms import AttachmentForm
from registry.web.projects.labels import FILE_TYPES


@bp.route("/projects/<slug>/attachments", methods=["GET", "POST"])
@login_required
def attachments_page(slug: str):
    project = projects.get_editable(slug, viewer())
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename, data = upload.filename or "", upload.read()
        try:
            attachments.add(project, viewer(), filename, data, form.title.data)
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("De bijlage is toegevoegd."), "success")
            return redirect(url_for(".attachments_page", slug=slug))
    return render_template(
        "projects/attachments.html", project=project, form=form, file_types=FILE_TYPES
    )


@bp.route("/projects/<slug>/attachments/<int:attachment_id>")
def download(slug: str, attachment_id: int):
    project = visible_or_404(slug)
    attachment = attachments.get(project, attachment_id, with_data=True)
    response = send_file(
        io.BytesIO(attachment.data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Even if a browser ignored the download instruction, nothing in it may run.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/projects/<slug>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(slug: str, attachment_id: int):
    project = projects.get_editable(slug, viewer())
    attachments.remove(project, viewer(), attachment_id)
    db.session.commit()
    flash(_("De bijlage is verwijderd."), "success")
    return redirect(url_for(".attachments_page", slug=slug))
