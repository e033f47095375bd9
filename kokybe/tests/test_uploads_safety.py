"""The one upload path refuses what would be dangerous to open: archives that unpack huge, PDFs that are also HTML."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kokybe.lib import uploads


def docx_with(extra_bytes):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/padding.bin", b"\0" * extra_bytes)
    return SimpleUploadedFile("tvarka.docx", out.getvalue())


def test_a_document_that_unpacks_past_the_limit_is_refused_with_a_reason(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    upload = docx_with(3 * 1024 * 1024)
    assert upload.size < 10_000  # a few kilobytes on the wire
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            uploads.check(upload)
        assert exc.value.code == "unpacked_too_large"
        assert "unpacks to more than 2 MB" in exc.value.messages[0]
    assert uploads.check(docx_with(1024 * 1024)) == uploads.DOCX


POLYGLOT = b"%PDF-1.4\n<html><body><script>fetch('/o/alfa/')</script></body></html>\n1 0 obj<<>>endobj\n%%EOF\n"


def test_a_pdf_that_is_also_a_web_page_is_refused():
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            uploads.check(SimpleUploadedFile("ataskaita.pdf", POLYGLOT))
        assert exc.value.code == "polyglot"
        assert "contains web page code (HTML)" in exc.value.messages[0]
    plain = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"
    assert uploads.check(SimpleUploadedFile("ataskaita.pdf", plain)) == uploads.PDF


def test_a_polyglot_stored_earlier_is_served_only_as_a_download(tmp_path, db):
    from django.core.files import File

    path = tmp_path / "old.pdf"
    path.write_bytes(POLYGLOT)
    with path.open("rb") as fh:
        response = uploads.file_response(File(fh, name="old.pdf"), "senas.pdf", "application/pdf", inline=True)
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        response.close()
    path.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
    with path.open("rb") as fh:
        response = uploads.file_response(File(fh, name="ok.pdf"), "geras.pdf", "application/pdf", inline=True)
        assert response["Content-Disposition"].startswith("inline;")
        response.close()
