"""Every PDF Kokybė makes goes through here: self-contained HTML (inline CSS, system DejaVu fonts, pictures as data:
URLs) laid out by WeasyPrint.

The fetcher refuses every URL but data:, so whatever a title or a pasted link contains, rendering reaches neither the
network nor the file system.

Every PDF is tagged (WeasyPrint's PDF/UA-1 variant): a structure tree of headings, paragraphs, lists and tables, the
document's language from `<html lang>` and its title from `<title>`, so a screen reader can read it and a reader can
reflow it. Templates give every table header cells (`<th>`) and every picture an `alt`.
"""

import gc
import logging
import ssl
from collections.abc import Callable

logger = logging.getLogger(__name__)

# Never used, since https is not an allowed protocol. Handing it to URLFetcher spares building the default context,
# which reads the system's certificate store again for every document (about 45 ms of a report).
_UNUSED_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def render_pdf(html: str, laid_out: Callable[[int], None] | None = None) -> bytes:
    """The PDF of `html`. `laid_out(pages)`, when given, is called between laying the pages out (most of the time)
    and writing the file, so a background export can show which of the two it is doing."""
    # Imported here: WeasyPrint takes about a second to import, which commands and workers that never write a PDF
    # should not pay.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(timeout=1, ssl_context=_UNUSED_TLS, allowed_protocols={"data"}, allow_redirects=False)
    # A long report makes WeasyPrint allocate hundreds of thousands of objects, which sets off full garbage
    # collections, and each would walk the whole process heap (Django, the ORM, compiled templates) again. Frozen, the
    # objects that existed before rendering are skipped; nothing is leaked, they are unfrozen after. In the
    # self-assessment benchmark this took a fifth off the 120-indicator PDF. (Process-wide: if two threads render at
    # once, the first to finish unfreezes for both, which only costs the second one this saving.)
    gc.freeze()
    try:
        document = HTML(string=html, url_fetcher=fetcher).render(pdf_variant="pdf/ua-1")
        if laid_out is not None:
            laid_out(len(document.pages))
        return document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        gc.unfreeze()


def preload() -> None:
    """Import WeasyPrint and load the fonts now rather than on someone's first download.

    The import alone takes about a second. kokybe/wsgi.py calls this once per web process at start; commands and tests
    that never write a PDF don't pay it. A machine without Pango still starts: it is logged, and only the PDF
    downloads fail (README, Deployment, lists the system libraries).
    """
    try:
        render_pdf("<p style=\"font-family: 'DejaVu Sans', sans-serif\">Ąčęėįšųūž <b>1</b></p>")
    except (ImportError, OSError) as exc:
        logger.warning("WeasyPrint could not be loaded, so PDF downloads will fail: %s", exc)
