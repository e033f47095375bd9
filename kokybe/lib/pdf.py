"""Every PDF Kokybė makes goes through here: self-contained HTML (inline CSS, system DejaVu fonts, pictures as data:
URLs) laid out by WeasyPrint.

The fetcher refuses every URL but data:, so whatever a title or a pasted link contains, rendering reaches neither the
network nor the file system.
"""

import ssl

# Never used, since https is not an allowed protocol. Handing it to URLFetcher spares building the default context,
# which reads the system's certificate store again for every document (about 45 ms of a report).
_UNUSED_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def render_pdf(html):
    # Imported here: WeasyPrint takes about a second to import, which commands and workers that never write a PDF
    # should not pay.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(timeout=1, ssl_context=_UNUSED_TLS, allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
