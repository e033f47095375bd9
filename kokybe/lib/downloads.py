"""Every file Kokybė makes for a person to take away (reports, workbooks, calendars, codes) leaves through here.

`attachment()` labels it with the content type of its extension, names it with an RFC 6266 header (an ASCII fallback
plus the real, e.g. Lithuanian, name as UTF-8 `filename*`), forbids sniffing and keeps it out of shared caches.
`filename()` builds the name from words the caller has already translated, so a Lithuanian download is called
`alfa-diegimo-planas-2026-12-07.xlsx` and an English one `alfa-implementation-plan-2026-12-07.xlsx`.
Stored uploads are served by `kokybe.lib.uploads.file_response`, which uses the same header.
"""

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.text import slugify

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
CONTENT_TYPES = {
    "xlsx": XLSX,
    "docx": DOCX,
    "pdf": PDF,
    "yaml": "application/yaml; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
}
# Whatever a generated file turns out to contain, opened in the browser it runs no script and reaches no session.
# (Chromium's PDF viewer refuses to work in a sandbox, so PDFs get only nosniff.)
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def content_disposition(name: str, inline: bool = False) -> str:
    """RFC 6266 header with an ASCII fallback and the real (e.g. Lithuanian) name as RFC 5987 filename*."""
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^\w.\- ()]", "_", fallback).strip() or "file"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def filename(*parts: object, ext: str) -> str:
    """Lower-case words joined by hyphens, Lithuanian letters kept, then the extension.

    Parts are whatever names the file: the organisation's short name, a translated word ("diegimo planas"), a title,
    a date (written YYYY-MM-DD). Empty parts are left out.
    """
    words = []
    for part in parts:
        if isinstance(part, date):
            part = part.isoformat()
        slug = slugify(str(part or ""), allow_unicode=True)
        if slug:
            words.append(slug)
    return f"{'-'.join(words)[:150].strip('-') or 'kokybe'}.{ext}"


def protect[R: HttpResponseBase](response: R, content_type: str, *, private: bool = True) -> R:
    """The headers every download carries, whether generated here or a stored upload.

    private=False leaves caching to the caller (the public quality page's documents are meant to be cached)."""
    response["X-Content-Type-Options"] = "nosniff"
    if not content_type.startswith(PDF):
        response["Content-Security-Policy"] = SANDBOX
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def attachment(
    content: bytes | str, name: str, *, inline: bool = False, content_type: str | None = None, private: bool = True
) -> HttpResponse:
    """A generated file as a download (or inline, for what a browser shows itself, e.g. a calendar feed)."""
    ext = name.rsplit(".", 1)[-1].lower()
    content_type = content_type or CONTENT_TYPES.get(ext, "application/octet-stream")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, inline=inline)
    return protect(response, content_type, private=private)
