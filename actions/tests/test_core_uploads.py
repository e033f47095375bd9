"""The common upload handling (kokybe/lib/uploads.py) and action attachments that use it."""

import io
import zipfile
from urllib.parse import quote

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from actions import services
from actions.models import ActionAttachment, ImprovementAction
from kokybe.lib import downloads, uploads
from kokybe.test import client_for
from orgs.models import ActivityEntry
from orgs.roles import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def docx_bytes():
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Skundų nagrinėjimo tvarka")
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    out = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Veiksmas"
    workbook.save(out)
    return out.getvalue()


def zip_bytes(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def odf_bytes(mimetype):
    return zip_bytes({"mimetype": mimetype, "content.xml": "<office:document-content/>"})


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("ataskaita.pdf", PDF, uploads.PDF),
        ("nuotrauka.png", PNG, uploads.PNG),
        ("nuotrauka.jpeg", JPEG, uploads.JPEG),
        ("tvarka.docx", docx_bytes(), uploads.DOCX),
        ("planas.xlsx", xlsx_bytes(), uploads.XLSX),
        ("tvarka.odt", odf_bytes("application/vnd.oasis.opendocument.text"), uploads.ODT),
        ("planas.ods", odf_bytes("application/vnd.oasis.opendocument.spreadsheet"), uploads.ODS),
        ("pastabos.txt", "Šeimų gerovė, ąčęėįšųūž\n".encode(), uploads.TXT),
        ("rezultatai.csv", b"Klausimas;Vidurkis\nAr esate patenkinti?;4,5\n", uploads.CSV),
        ("senas.csv", "Įstaiga;Šiauliai\n".encode("cp1257"), uploads.CSV),
        # The content decides, not the name: a real PDF with a wrong extension is still a PDF.
        ("ataskaita.docx", PDF, uploads.PDF),
    ],
)
def test_allowed_types_are_recognised_by_content(name, data, kind):
    assert uploads.check(upload(name, data)) == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ataskaita.pdf", EXE),  # a program renamed to .pdf
        ("archyvas.zip", zip_bytes({"a.txt": "labas"})),  # a plain archive
        (
            "tvarka.docx",
            zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>", "word/vbaProject.bin": "x"}),
        ),
        ("tvarka.odt", odf_bytes("application/x-unknown")),
        ("sugadintas.docx", b"PK\x03\x04 not really a zip"),
        ("vaizdas.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("duomenys.bin", bytes(range(256))),
    ],
)
def test_other_content_is_refused_with_a_clear_message(name, data):
    with pytest.raises(ValidationError) as exc:
        uploads.check(upload(name, data))
    assert exc.value.code == "type"
    assert exc.value.messages[0].startswith("Šio tipo failų įkelti negalima.")


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        uploads.check(upload("didelis.pdf", PDF + b"0" * (2 * 1024 * 1024)))
    assert exc.value.messages == ["Failas didesnis nei 2 MB. Įkelkite mažesnį failą."]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        uploads.check(upload("tuscias.txt", b""))
    assert exc.value.code == "empty"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Skundų tvarka.pdf", "Skundų tvarka.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ona\\Įsakymas Nr. 5.docx", "Įsakymas Nr. 5.docx"),
        ("a\x00b\x1fc\u202e.txt", "abc.txt"),
        ('ataskaita<1>:"?*.pdf', "ataskaita_1_____.pdf"),
        ("   .hidden  ", "hidden"),
        ("", "failas"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_filenames_are_sanitised_but_keep_lithuanian_letters(given, expected):
    assert uploads.sanitize_filename(given) == expected


def test_decomposed_lithuanian_letters_are_composed():
    assert uploads.sanitize_filename("Vadove\u0307lis.pdf") == "Vadovėlis.pdf"


def test_stored_name_gets_the_extension_of_its_content():
    assert uploads.stored_name(uploads.PDF, "ataskaita.docx") == "ataskaita.docx.pdf"
    assert uploads.stored_name(uploads.JPEG, "foto.JPEG") == "foto.JPEG"
    assert uploads.stored_name(uploads.TXT, "pastabos") == "pastabos.txt"


def test_content_disposition_has_an_ascii_fallback_and_the_real_name():
    header = downloads.content_disposition('Įsakymas "Nr. 5".pdf')
    assert header == (
        "attachment; filename=\"Isakymas _Nr. 5_.pdf\"; filename*=UTF-8''" + quote('Įsakymas "Nr. 5".pdf', safe="")
    )


# ── attachments on an action ────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def action(cast):
    return ImprovementAction.objects.create(org=cast.alfa, number=3, title="Skundų tvarka", owner=cast.rasa)


def upload_url(cast, action):
    return reverse("actions:attachment_upload", args=[cast.alfa.slug, action.number])


def attach(action, by, name="Įrodymas.pdf", data=PDF):
    return services.attachment_add(action=action, upload=upload(name, data), by=by)


def test_upload_stores_a_random_name_under_the_organisation(cast, action):
    response = client_for(cast.rasa).post(upload_url(cast, action), {"file": upload("Skundų analizė.pdf", PDF)})
    assert response.status_code == 302
    attachment = ActionAttachment.objects.get()
    assert (attachment.org, attachment.action, attachment.uploaded_by) == (cast.alfa, action, cast.rasa)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "Skundų analizė.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.file.name.startswith(f"orgs/{cast.alfa.pk}/actions/")
    assert "Skund" not in attachment.file.name
    assert default_storage.open(attachment.file.name).read() == PDF
    entry = ActivityEntry.objects.get(verb=ActivityEntry.Verb.UPDATED)
    assert entry.target == action and entry.changes == {"attachment": ["", "Skundų analizė.pdf"]}


def test_renamed_program_is_refused_and_nothing_is_stored(cast, action, settings):
    response = client_for(cast.rasa).post(upload_url(cast, action), {"file": upload("ataskaita.pdf", EXE)})
    assert response.status_code == 400
    assert "Šio tipo failų įkelti negalima." in response.content.decode()
    assert not ActionAttachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "orgs").exists()


def test_oversized_upload_is_refused_on_the_page(cast, action, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = client_for(cast.rasa).post(upload_url(cast, action), {"file": upload("a.pdf", PDF + b"0" * 1024**2)})
    assert response.status_code == 400
    assert "Failas didesnis nei 1 MB." in response.content.decode()
    assert not ActionAttachment.objects.exists()


def test_viewer_cannot_upload(cast, action):
    response = client_for(cast.vida).post(upload_url(cast, action), {"file": upload("a.pdf", PDF)})
    assert response.status_code == 403


def test_download_headers_are_safe(cast, action):
    attachment = attach(action, cast.rasa, name="Skundų analizė.pdf")
    url = reverse("actions:attachment_download", args=[cast.alfa.slug, action.number, attachment.pk])
    response = client_for(cast.vida).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Skundu analize.pdf\"; filename*=UTF-8''Skund%C5%B3%20analiz%C4%97.pdf"
    )
    assert "private" in response["Cache-Control"]
    inline = client_for(cast.vida).get(url + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")


def test_text_files_never_open_inline_and_cannot_run_scripts(cast, action):
    attachment = attach(action, cast.rasa, name="puslapis.html", data=b"<script>alert(1)</script>")
    url = reverse("actions:attachment_download", args=[cast.alfa.slug, action.number, attachment.pk])
    response = client_for(cast.rasa).get(url + "?inline=1")
    assert attachment.original_name == "puslapis.html.txt"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_another_organisations_attachment_is_404(cast, action):
    beta_action = ImprovementAction.objects.create(org=cast.beta, number=3, title="Betos", owner=cast.petras)
    theirs = attach(beta_action, cast.petras)
    client = client_for(cast.ona)
    # Alfa's own action number with Beta's attachment id, and Beta's action number: both unknown here.
    assert client.get(reverse("actions:attachment_download", args=["alfa", 3, theirs.pk])).status_code == 404
    assert client.post(reverse("actions:attachment_delete", args=["alfa", 3, theirs.pk])).status_code == 404
    assert (
        client_for(cast.petras).get(reverse("actions:attachment_download", args=["beta", 3, theirs.pk])).status_code
        == 200
    )


def test_attachment_of_another_action_is_404_under_this_one(cast, action):
    other = ImprovementAction.objects.create(org=cast.alfa, number=4, title="Kitas")
    attachment = attach(other, cast.rasa)
    url = reverse("actions:attachment_download", args=[cast.alfa.slug, action.number, attachment.pk])
    assert client_for(cast.ona).get(url).status_code == 404


def test_uploader_and_managers_delete_others_get_403(cast, action, django_capture_on_commit_callbacks):
    attachment = attach(action, cast.rasa)
    url = reverse("actions:attachment_delete", args=[cast.alfa.slug, action.number, attachment.pk])
    assert client_for(cast.users[Role.UNIT_HEAD]).post(url).status_code == 403
    assert client_for(cast.vida).post(url).status_code == 403
    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(cast.rasa).post(url).status_code == 302
    assert not ActionAttachment.objects.exists()
    assert not default_storage.exists(stored)
    entry = ActivityEntry.objects.filter(verb=ActivityEntry.Verb.UPDATED).first()
    assert entry.changes == {"attachment": ["Įrodymas.pdf", ""]}

    theirs = attach(action, cast.rasa)
    url = reverse("actions:attachment_delete", args=[cast.alfa.slug, action.number, theirs.pk])
    assert client_for(cast.jonas).post(url).status_code == 302


def test_detail_lists_attachments_with_lithuanian_names(cast, action):
    attach(action, cast.rasa, name="Įsakymas dėl kokybės.pdf")
    html = client_for(cast.vida).get(action.get_absolute_url()).content.decode()
    assert "Įsakymas dėl kokybės.pdf" in html
    assert "Priedai" in html
