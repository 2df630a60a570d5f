"""Documents kept with a pilot: evaluation reports, plans, pictures.

The type of a file is read from its content, never taken from its name or
from the browser: a `.pdf` that is not a PDF is refused, and the type we
later serve is the one we found.
"""

from __future__ import annotations

import io
import re
import zipfile

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import undefer

from registry.extensions import db
from registry.models import Attachment, Project, User, limits
from registry.services import events, permissions
from registry.services.errors import Invalid, NotFound
from registry.translation import lazy_gettext as _l

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS: dict[str, str] = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "odt": ODT,
    "docx": DOCX,
    "xlsx": XLSX,
}
ACCEPT = ",".join(f".{ext}" for ext in EXTENSIONS)
MAX_PER_PROJECT = 20

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def detect_type(data: bytes) -> str | None:
    """The content type of `data` judged by its bytes, or None when it is none we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_PNG_MAGIC):
        return PNG
    if data.startswith(_JPEG_MAGIC):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _detect_office_type(data)
    return None


def _detect_office_type(data: bytes) -> str | None:
    """ODF and OOXML documents are zip files; a known member tells which kind.

    Only the member list and the tiny `mimetype` member are read, so a zip
    bomb is never unpacked.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(100).decode("ascii", "replace").strip()
                return ODT if declared == ODT else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return None


def clean_filename(filename: str) -> str:
    """The file's own name without any folder part or control characters, short enough to store."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _CONTROL.sub("", name).strip().lstrip(".")
    longest = limits.ATTACHMENT_FILENAME
    if len(name) > longest:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: longest - 1 - len(ext)] + dot + ext)
            if dot and len(ext) < 10
            else name[:longest]
        )
    return name


def extension(filename: str) -> str:
    _, dot, ext = filename.rpartition(".")
    return ext.lower() if dot else ""


def check_file(filename: str, data: bytes, max_bytes: int) -> str:
    """The sniffed content type, or Invalid (at the `file` field) saying what is wrong."""
    if not data:
        raise Invalid(_l("Het bestand is leeg."), field="file")
    if len(data) > max_bytes:
        raise Invalid(
            _l("Het bestand is te groot: hoogstens %(size)s MB.", size=max_bytes // (1024 * 1024)),
            field="file",
        )
    expected = EXTENSIONS.get(extension(filename))
    if expected is None:
        raise Invalid(
            _l("Alleen PDF, ODT, DOCX, XLSX, PNG en JPEG kunnen worden toegevoegd."), field="file"
        )
    found = detect_type(data)
    if found != expected:
        raise Invalid(
            _l(
                "De inhoud van dit bestand past niet bij de naam (.%(ext)s). "
                "Sla het opnieuw op als PDF, ODT, DOCX, XLSX, PNG of JPEG.",
                ext=extension(filename),
            ),
            field="file",
        )
    return found


def add(
    project: Project, user: User | None, filename: str, data: bytes, title: str = ""
) -> Attachment:
    """Keep a file with the pilot after checking who adds it and what it really is."""
    permissions.require(permissions.can_edit_project(user, project))
    assert user is not None  # can_edit_project lets only signed-in members through
    name = clean_filename(filename)
    if not name:
        raise Invalid(_l("Kies een bestand."), field="file")
    if len(project.attachments) >= MAX_PER_PROJECT:
        raise Invalid(
            _l("Een pilot heeft hoogstens %(count)s bijlagen.", count=MAX_PER_PROJECT),
            field="file",
        )
    content_type = check_file(name, data, current_app.config["ATTACHMENT_MAX_BYTES"])
    attachment = Attachment(
        filename=name,
        title=(title or "").strip()[: limits.ATTACHMENT_TITLE],
        content_type=content_type,
        size=len(data),
        data=data,
        uploaded_by_id=user.id,
    )
    project.attachments.append(attachment)
    db.session.flush()
    events.record(user, "attachment_added", project, filename=name, attachment_id=attachment.id)
    return attachment


def get(project: Project, attachment_id: int, with_data: bool = False) -> Attachment:
    """One attachment of this pilot; an id of another pilot's attachment is not found."""
    query = select(Attachment).where(
        Attachment.id == attachment_id, Attachment.project_id == project.id
    )
    if with_data:
        query = query.options(undefer(Attachment.data))
    attachment = db.session.scalar(query)
    if attachment is None:
        raise NotFound()
    return attachment


def remove(project: Project, user: User | None, attachment_id: int) -> None:
    permissions.require(permissions.can_edit_project(user, project))
    attachment = get(project, attachment_id)
    project.attachments.remove(attachment)
    events.record(
        user,
        "attachment_removed",
        project,
        filename=attachment.filename,
        attachment_id=attachment_id,
    )
    db.session.flush()
