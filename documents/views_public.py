"""The public quality page: no login, one stable address per organisation (/p/<org>/), cacheable.

The page's sections are contributed by the apps (kokybe.surfaces.public_sections: the certificates, the documents…).
Only documents that are public and have a published version appear; drafts never do. Until some section publishes
something (a document, a certificate), there is no page (404). The page is rendered without
the request's context (no session, no CSRF token, nothing personal), so one copy serves everyone: it is cached under
a fingerprint of everything it shows (each section's stamp), which also is its ETag — publishing, archiving or
editing a public document, a certificate, the quality statement or the organisation's contacts changes the
fingerprint and so invalidates it at once.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from kokybe import surfaces
from kokybe.lib import downloads, uploads
from kokybe.lib.pdf import render_pdf
from orgs.models import Organisation

from . import pdf, public
from .markup import render_markdown
from .models import Document, DocumentSettings, VersionKind

PAGE_SECONDS = 300  # browsers and proxies may reuse the page this long; the server-side copy lives until it changes
CACHE_SECONDS = 24 * 60 * 60


def _public_org(org_slug):
    org = get_object_or_404(Organisation, slug=org_slug)
    doc_settings = DocumentSettings.of(org)
    if not doc_settings.public_page:
        raise Http404("This organisation does not publish a quality page.")
    return org, doc_settings


def _language(request):
    """?lang=en|lt chooses the language (links carry it); without it, the visitor's own setting."""
    chosen = request.GET.get("lang", "")
    if chosen in dict(settings.LANGUAGES):
        return chosen, True
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2], False


def _published(org, uuid):
    queryset = Document.objects.for_org(org).on_public_page().select_related("org", "type", "published_version")
    document = get_object_or_404(queryset, uuid=uuid)
    return document, document.published_version


def _cached(request, response, explicit_language):
    patch_cache_control(response, public=True, max_age=PAGE_SECONDS)
    if not explicit_language:
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@require_GET
def quality_page(request, org_slug):
    org, doc_settings = _public_org(org_slug)
    language, explicit = _language(request)
    sections = surfaces.public_sections_for(org)
    if not any(section.publishes for section in sections):
        # A page of contacts and "nothing published yet" says nothing to the public and shows a half-set-up account.
        raise Http404("This organisation has not published anything yet.")
    etag = '"{}"'.format(
        public.fingerprint(
            org.pk,
            *public.contact_parts(org),
            doc_settings.updated_at,
            *((section.template, section.stamp) for section in sections),
            language,
        )
    )
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _cached(request, not_modified, explicit)
    key = f"documents:public-page:{etag}"
    html = cache.get(key)
    if html is None:
        with translation.override(language):
            ctx = {
                "org": org,
                "statement": render_markdown(doc_settings.quality_statement(language)),
                "sections": [(section, section.context()) for section in sections],
                "language": language,
            }
            html = render_to_string("public/quality_page.html", ctx)
        cache.set(key, html, CACHE_SECONDS)
    response = HttpResponse(html)
    response["ETag"] = etag
    response["Content-Language"] = language
    return _cached(request, response, explicit)


@require_GET
def public_document(request, org_slug, uuid):
    """A published in-app document as a web page (printable); an uploaded one is its file."""
    org, _settings = _public_org(org_slug)
    document, version = _published(org, uuid)
    language, explicit = _language(request)
    if version.kind != VersionKind.TEXT:
        return redirect("quality:file", org.slug, document.uuid)
    with translation.override(language):
        html = render_to_string(
            "public/document.html", {"org": org, "document": document, "version": version, "language": language}
        )
    response = HttpResponse(html)
    response["Content-Language"] = language
    return _cached(request, response, explicit)


@require_GET
def public_pdf(request, org_slug, uuid):
    org, _settings = _public_org(org_slug)
    document, version = _published(org, uuid)
    if version.kind != VersionKind.TEXT:
        raise Http404("An uploaded document is offered as its own file.")
    language, explicit = _language(request)
    key = "documents:public-pdf:" + public.fingerprint(version.pk, *public.contact_parts(org), language)
    content = cache.get(key)
    if content is None:
        with translation.override(language):
            content = render_pdf(pdf.version_html(org=org, document=document, version=version))
        cache.set(key, content, CACHE_SECONDS)
    response = downloads.attachment(content, pdf.filename(document, version), private=False)
    return _cached(request, response, explicit)


@require_GET
def public_file(request, org_slug, uuid):
    org, _settings = _public_org(org_slug)
    document, version = _published(org, uuid)
    if version.kind != VersionKind.FILE or not version.file:
        raise Http404("This document has no file.")
    return uploads.file_response(version.file, version.download_name(), version.content_type, inline=False)
