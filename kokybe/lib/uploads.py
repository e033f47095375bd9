"""The product's one upload path: every uploaded file is checked by content, renamed, stored per organisation.

Use it in three steps: `kind = check(upload)` in the form (ValidationError with a message for the person),
`stored_name(kind, upload.name)` for the name to show, and a FileField with `upload_to=upload_to` saved as
`field.save(kind.storage_name(), upload)`. Files go to the default storage under MEDIA_ROOT (never a static root)
and are served only by permission-checked views through file_response().
"""

import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from . import downloads
from .downloads import content_disposition

SNIFF_BYTES = 8192
# What the members of a ZIP-based file (DOCX, XLSX, ODF) may add up to unpacked. A real workbook or document of the
# upload limit's size unpacks to a few times that; a zip bomb of a few kilobytes unpacks to gigabytes. Python's
# zipfile never yields more than a member's declared size, so the declared sizes are a bound that holds.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    ext: str
    content_type: str
    inline: bool = False  # browsers show it safely in a tab (no scripts): PDFs and pictures

    def storage_name(self) -> str:
        return f"upload.{self.ext}"


PDF = Kind("pdf", downloads.PDF, inline=True)
PNG = Kind("png", "image/png", inline=True)
JPEG = Kind("jpg", "image/jpeg", inline=True)
DOCX = Kind("docx", downloads.DOCX)
XLSX = Kind("xlsx", downloads.XLSX)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet")
TXT = Kind("txt", "text/plain")
CSV = Kind("csv", "text/csv")
KINDS = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT, CSV)
# Names a person may give each kind; anything else gets the right extension added so the file opens correctly.
EXTENSIONS = {JPEG: ("jpg", "jpeg"), TXT: ("txt", "text", "log", "md")}

NOT_ALLOWED = _(
    "This file type is not allowed. Upload a PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), "
    "PNG or JPEG picture, or a plain text or CSV file."
)

# Markup a browser would run if it ever took the file for a web page. A PDF never needs it in its first bytes; a
# PDF/HTML polyglot (`%PDF-1.4<html><script>…`) carries it there to pass as a PDF and still act as a page.
_HTML_IN_PDF = re.compile(
    rb"<\s*(?:html|head|body|script|iframe|frame|svg|object|embed|meta|link|img|!doctype\s+html)[\s>/]", re.I
)
POLYGLOT = _(
    "This PDF also contains web page code (HTML), which a PDF does not need. Save the document again as PDF "
    "(e.g. Print → Save as PDF) and upload that file."
)


def pdf_with_html(head: bytes) -> bool:
    return head.startswith(b"%PDF-") and _HTML_IN_PDF.search(head) is not None


# Control characters other than tab, line feed, form feed and carriage return never occur in text files.
_BINARY_BYTES = bytes(set(range(32)) - {9, 10, 12, 13})


def unpacked_size(upload: IO[bytes]) -> int | None:
    """The declared unpacked size of a ZIP archive's members, or None when it is not a readable archive."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)


def check_unpacked_size(upload: IO[bytes], limit: int | None = None) -> None:
    """ValidationError when a ZIP-based file would unpack to more than the limit; run it before any parser opens the
    file (openpyxl, python-docx and the sniffing below all unpack members)."""
    limit = limit or MAX_UNPACKED_BYTES
    size = unpacked_size(upload)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file unpacks to more than %(max)s MB, which no document or workbook needs. It cannot be read."),
            code="unpacked_too_large",
            params={"max": limit // (1024 * 1024)},
        )


def _zip_kind(upload: IO[bytes]) -> Kind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macro-enabled documents are refused however they are named
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                return {ODT.content_type.encode(): ODT, ODS.content_type.encode(): ODS}.get(mimetype)
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    if not head or head.translate(None, _BINARY_BYTES) != head:
        return False
    try:
        # The sample may end in the middle of a UTF-8 sequence: ignore a cut-off tail only.
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            try:
                head.decode("cp1257")  # Lithuanian Windows (Baltic) exports from older Excel
            except UnicodeDecodeError:
                return False
    return True


def sniff(upload: IO[bytes], name: str = "") -> Kind | None:
    """The Kind of an uploaded file judged by its bytes (the name only tells CSV from plain text), or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
        return kind
    if _is_text(head.removeprefix(b"\xef\xbb\xbf")):
        return CSV if name.lower().endswith(".csv") else TXT
    return None


def max_megabytes() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def check(upload: UploadedFile) -> Kind:
    """The file's Kind, or ValidationError with a message the uploader can act on."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s MB. Upload a smaller file."),
            code="too_large",
            params={"max": max_megabytes()},
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    check_unpacked_size(upload)
    kind = sniff(upload, upload.name or "")
    if kind is None:
        raise ValidationError(NOT_ALLOWED, code="type")
    if kind is PDF:
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if pdf_with_html(head):
            raise ValidationError(POLYGLOT, code="polyglot")
    return kind


_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def sanitize_filename(name: str | None, max_length: int = 150) -> str:
    """A display name safe in any file system and header: no folders, control characters or reserved signs.

    Lithuanian (and any other) letters stay; the name is normalised to NFC so "ė" is one character.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    base, ext = os.path.splitext(name)
    if len(ext) > 10:
        base, ext = name, ""
    base = base[: max(1, max_length - len(ext))].strip(" .")
    return f"{base or 'failas'}{ext}"


def stored_name(kind: Kind, original: str | None) -> str:
    """The name to keep and offer for download: sanitised, with an extension that matches the content."""
    name = sanitize_filename(original)
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    if ext not in EXTENSIONS.get(kind, (kind.ext,)):
        name = f"{name}.{kind.ext}"
    return name


def upload_to(instance: Any, filename: str) -> str:  # any model with an `org`
    """orgs/<org id>/<app>/<random>.<ext>: the name a person chose never reaches the file system."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"orgs/{instance.org_id}/{instance._meta.app_label}/{uuid.uuid4().hex}.{ext}"


def _content_type(content_type: str) -> tuple[str, bool]:
    known = {kind.content_type: kind for kind in KINDS}
    kind = known.get(content_type)
    if kind is None:
        return "application/octet-stream", False
    return content_type, kind.inline


def file_response(stored_file: File, name: str, content_type: str, inline: bool = False) -> FileResponse:
    """Serve a stored file: only known types are labelled as such, scripts can never run, caches stay private."""
    content_type, can_inline = _content_type(content_type)
    handle = stored_file.open("rb")
    if inline and can_inline and content_type == PDF.content_type:
        # A polyglot stored before uploads were checked for it is offered only as a download.
        can_inline = not pdf_with_html(handle.read(SNIFF_BYTES))
        handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, inline=inline and can_inline)
    return downloads.protect(response, content_type)
