"""A document version as a PDF: WeasyPrint, A4, with the organisation's header and the approval data.

Self-contained like actions/pdf.py: inline CSS, system DejaVu fonts, and a fetcher that refuses every URL but data:,
so rendering never reaches the network or the file system whatever a text contains.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from kokybe.lib import uploads


def version_html(*, org, document, version, banner=""):
    context = {
        "org": org,
        "document": document,
        "version": version,
        "banner": banner,
        "printed": timezone.localdate(),
    }
    return render_to_string("documents/pdf/version.html", context)


def filename(document, version):
    return uploads.sanitize_filename(f"{version.title or document.title} v{version.number}.pdf")
