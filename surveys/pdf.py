"""The results summary as a PDF: WeasyPrint, A4, the same SVG charts as the page.

Self-contained (inline CSS, system DejaVu fonts); the URL fetcher allows only data: URLs, so rendering never reaches
the network or the file system, whatever a title or an answer contains.
"""

from django.template.loader import render_to_string

from kokybe.lib.pdf import render_pdf


def summary_pdf(context):
    return render_pdf(render_to_string("surveys/summary_pdf.html", context))
