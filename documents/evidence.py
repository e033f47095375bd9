"""Documents as evidence for framework indicators — the interface other apps (self-assessment, audits) use.

A DocumentIndicatorLink says "this document (or this specific version of it) evidences this indicator". A link
without a version follows the document: it always means the version in force. Read them with:

    from documents import evidence
    evidence.for_indicators(org, indicator_ids)   # {indicator id: [Evidence, ...]} in one query
    evidence.for_document(document)               # [Evidence, ...] of one document

and offer documents to link with `evidence.linkable(org)`. Creating and removing links goes through
documents.services.indicator_link / indicator_unlink (validated, logged).

Another app's own link rows (anything with `document` and a nullable `version`, such as an audit finding's
documents) read the same way with `evidence.of_links(links)`; select_related("document__org",
"document__current_version", "version") keeps that to the one query of the links.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kokybe.lib.pdf import render_pdf

from .models import Document, DocumentIndicatorLink, Status


@dataclass(frozen=True)
class Evidence:
    link: object  # a DocumentIndicatorLink, another app's link row (see of_links), or None (see resolve)
    document: Document
    version: object  # the linked version, or the one in force; None while nothing is approved
    pinned: bool  # True when the link names a specific version

    @property
    def title(self):
        return self.document.title

    @property
    def url(self):
        return self.version.get_absolute_url() if self.version else self.document.get_absolute_url()

    @property
    def in_force(self):
        return self.version is not None and self.version.pk == self.document.current_version_id

    @property
    def approved_on(self):
        return self.version.approved_on if self.version else None

    @property
    def version_label(self):
        """Which version the link means, in words: for pages and reports."""
        if self.version is None:
            return _("no approved version yet")
        number = {"number": self.version.number}
        if not self.pinned:
            return _("the version in force, now version %(number)s") % number
        if self.in_force:
            return _("version %(number)s, in force") % number
        return _("version %(number)s, no longer in force") % number


def resolve(document, version=None, link=None):
    """What a reference to `document` means: `version` when one is pinned, else the version in force."""
    shown = version or document.current_version
    if shown is not None:
        shown.document = document
    return Evidence(link=link, document=document, version=shown, pinned=version is not None)


def _evidence(link):
    return resolve(link.document, link.version if link.version_id else None, link)


def _links(org):
    return (
        DocumentIndicatorLink.objects.for_org(org)
        .exclude(document__status=Status.ARCHIVED)
        .select_related("document__org", "document__current_version", "version", "indicator")
    )


def for_indicators(org, indicator_ids):
    out = defaultdict(list)
    for link in _links(org).filter(indicator_id__in=list(indicator_ids)):
        out[link.indicator_id].append(_evidence(link))
    return dict(out)


def for_document(document):
    return [_evidence(link) for link in _links(document.org).filter(document=document)]


def of_links(links):
    """[Evidence, ...] for link rows of any app, in their order."""
    return [_evidence(link) for link in links]


def linkable(org):
    """Documents that can be offered as evidence: everything not archived, type order."""
    return Document.objects.for_org(org).active().select_related("org", "type", "current_version")


def download_response(version):
    """The version as a download (its file, or a PDF of its text), for another app's own permission-checked view —
    e.g. an external auditor's time-limited access to audit material. The caller decides who may have it."""
    from kokybe.lib import downloads, uploads

    from . import pdf

    document = version.document
    if version.is_file:
        return uploads.file_response(version.file, version.download_name(), version.content_type, inline=False)
    html = pdf.version_html(org=document.org, document=document, version=version)
    return downloads.attachment(render_pdf(html), pdf.filename(document, version))
