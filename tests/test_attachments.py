"""Attachments: the type is read from the content, the size is bounded, downloads cannot run."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from registry.extensions import db
from registry.models import Attachment, Event
from registry.services import attachments
from registry.services.errors import Invalid, NotAllowed
from tests.test_projects_support import (  # noqa: F401  (fixtures used by name)
    in_request,
    multipart,
    sign_out,
)

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
MB = 1024 * 1024


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODT = zipped({"mimetype": attachments.ODT.encode(), "content.xml": b"<office/>"})
DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODS = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, attachments.PDF),
        (PNG, attachments.PNG),
        (JPEG, attachments.JPEG),
        (ODT, attachments.ODT),
        (DOCX, attachments.DOCX),
        (XLSX, attachments.XLSX),
        (ODS, None),
        (zipped({"readme.txt": b"hallo"}), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"<html><script>alert(1)</script></html>", None),
        (b"MZ\x90\x00 an executable", None),
        (b"", None),
    ],
)
def test_the_type_is_read_from_the_content(data, expected):
    assert attachments.detect_type(data) == expected


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>"),
        ("rapport.pdf", PNG),
        ("foto.png", JPEG),
        ("verslag.docx", ODT),
        ("verslag.odt", DOCX),
        ("tabel.xlsx", DOCX),
        ("tabel.ods", ODS),
        ("script.html", b"<html></html>"),
        ("rapport", PDF),
        ("leeg.pdf", b""),
    ],
)
def test_a_name_that_does_not_match_the_content_is_refused(filename, data):
    with pytest.raises(Invalid) as err:
        attachments.check_file(filename, data, max_bytes=10 * MB)
    assert err.value.field == "file"


@pytest.mark.parametrize(
    ("filename", "clean"),
    [
        ("C:\\Users\\anna\\rapport.pdf", "rapport.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("evaluatie\r\nSet-Cookie: x.pdf", "evaluatieSet-Cookie: x.pdf"),
        (".verborgen.pdf", "verborgen.pdf"),
        ("Évaluatie 2024.pdf", "Évaluatie 2024.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_filenames_lose_folders_and_control_characters(filename, clean):
    assert attachments.clean_filename(filename) == clean


@pytest.mark.usefixtures("in_request")
def test_only_editors_may_add_through_the_service(make_user, make_project):
    project = make_project(owner="GM0344")
    with pytest.raises(NotAllowed):
        attachments.add(project, make_user(org="GM0363"), "rapport.pdf", PDF)


# --- Over HTTP ----------------------------------------------------------------


@pytest.fixture
def project(make_project):
    return make_project(owner="GM0344", title="Met bijlagen")


@pytest.fixture
def member(login, make_user):
    return login(make_user(org="GM0344"))


def upload(client, project, filename: str, data: bytes, title: str = ""):
    file = FileStorage(stream=io.BytesIO(data), filename=filename)
    return client.post(
        f"/projects/{project.slug}/attachments", **multipart({"file": file, "title": title})
    )


def stored() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Attachment))


def error_at_file(response) -> str:
    match = re.search(r'id="file-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    return " ".join(match.group(1).split()) if match else ""


@pytest.mark.parametrize(
    ("filename", "data", "content_type"),
    [
        ("evaluatie.pdf", PDF, "application/pdf"),
        ("foto.JPG", JPEG, "image/jpeg"),
        ("plan.odt", ODT, attachments.ODT),
        ("plan.docx", DOCX, attachments.DOCX),
        ("cijfers.xlsx", XLSX, attachments.XLSX),
        ("schema.png", PNG, "image/png"),
    ],
)
def test_a_member_adds_an_attachment_and_anyone_downloads_it_safely(
    client, member, project, filename, data, content_type
):
    response = upload(client, project, filename, data, title="Evaluatierapport")
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        filename,
        content_type,
        len(data),
    )
    event = db.session.scalar(select(Event).where(Event.verb == "attachment_added"))
    assert event.payload["filename"] == filename

    sign_out(client)
    page = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "Evaluatierapport" in page
    assert "1 kB" in page

    download = client.get(f"/projects/{project.slug}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.data == data
    assert download.headers["Content-Type"] == content_type
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_a_pdf_name_on_something_else_is_refused_at_the_field(client, member, project):
    response = upload(client, project, "rapport.pdf", b"<html><script>alert(1)</script>")
    assert response.status_code == 200
    assert "De inhoud van dit bestand past niet bij de naam (.pdf)" in error_at_file(response)
    assert stored() == 0


def test_an_unsupported_type_is_refused_at_the_field(client, member, project):
    response = upload(client, project, "macro.xlsm", XLSX)
    assert response.status_code == 200
    assert "Alleen PDF, ODT, DOCX, XLSX, PNG en JPEG" in error_at_file(response)
    assert stored() == 0


def test_no_file_chosen_is_named_at_the_field(client, member, project):
    response = client.post(f"/projects/{project.slug}/attachments", data={"title": "x"})
    assert response.status_code == 200
    assert "Kies een bestand." in error_at_file(response)


def test_a_file_over_10_mb_is_refused_at_the_field(client, member, project):
    response = upload(client, project, "groot.pdf", PDF + b"0" * (10 * MB))
    assert response.status_code == 200
    assert "te groot" in error_at_file(response)
    assert stored() == 0


def test_a_file_of_exactly_10_mb_is_accepted(client, member, project):
    data = PDF + b"0" * (10 * MB - len(PDF))
    assert upload(client, project, "precies.pdf", data).status_code == 302
    assert stored() == 1


def test_a_request_over_12_mb_gets_the_styled_413_page(client, member, project):
    response = upload(client, project, "enorm.pdf", PDF + b"0" * (12 * MB))
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Het bestand is te groot" in html
    assert '<html lang="nl">' in html
    assert stored() == 0


def test_removing_an_attachment(client, member, project):
    upload(client, project, "weg.pdf", PDF)
    attachment_id = db.session.scalar(select(Attachment.id))
    response = client.post(f"/projects/{project.slug}/attachments/{attachment_id}/delete")
    assert response.status_code == 302
    assert stored() == 0
    verbs = db.session.scalars(select(Event.verb).order_by(Event.id)).all()
    assert verbs == ["attachment_added", "attachment_removed"]


def test_an_attachment_is_only_reachable_through_its_own_pilot(
    client, member, project, make_project
):
    upload(client, project, "eigen.pdf", PDF)
    attachment_id = db.session.scalar(select(Attachment.id))
    other = make_project(owner="GM0344")
    assert client.get(f"/projects/{other.slug}/attachments/{attachment_id}").status_code == 404
    delete = f"/projects/{other.slug}/attachments/{attachment_id}/delete"
    assert client.post(delete).status_code == 404
    assert client.get(f"/projects/{project.slug}/attachments/99999").status_code == 404
    assert stored() == 1


def test_the_list_of_attachments_never_loads_their_bytes(client, member, project, count_queries):
    upload(client, project, "a.pdf", PDF)
    with count_queries() as counter:
        client.get(f"/projects/{project.slug}")
    attachment_selects = [s for s in counter.statements if "FROM attachment" in s]
    assert attachment_selects
    assert all("attachment.data" not in s for s in attachment_selects)
