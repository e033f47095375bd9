"""Query budgets: the documents list, the checklist and the public page run as many queries for 300 documents as
for 10."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from documents.models import Document, DocumentType, DocumentVersion, Status, VersionState
from kokybe.test import assert_constant_queries

pytestmark = pytest.mark.django_db


def grow_documents(cast):
    types = list(DocumentType.objects.all())
    owners = [cast.ona, cast.jonas, cast.rasa, None]

    def grow(n):
        have = Document.objects.for_org(cast.alfa).count()
        docs = Document.objects.bulk_create(
            Document(
                org=cast.alfa,
                type=types[i % len(types)],
                title=f"Tvarka {i}",
                owner=owners[i % len(owners)],
                status=Status.PUBLISHED if i % 3 else Status.DRAFT,
                next_review_on=date(2025 + i % 3, 1, 1),
                search_text=f"tvarka {i}",
            )
            for i in range(have, n)
        )
        versions = DocumentVersion.objects.bulk_create(
            DocumentVersion(
                org=cast.alfa,
                document=doc,
                number=1,
                state=VersionState.APPROVED if doc.status == Status.PUBLISHED else VersionState.DRAFT,
                body="Tekstas",
                html="<p>Tekstas</p>",
                approved_on=date(2024, 1, 1) if doc.status == Status.PUBLISHED else None,
                effective_from=date(2024, 1, 1) if doc.status == Status.PUBLISHED else None,
                order_number="V-1",
            )
            for doc in docs
        )
        for doc, version in zip(docs, versions, strict=True):
            if version.state == VersionState.APPROVED:
                doc.current_version = doc.published_version = version
        Document.objects.bulk_update(docs, ["current_version", "published_version"])

    return grow


def page(cast, name, args=(), user=None, params=None):
    client = Client()
    if user is not False:
        client.force_login(user or cast.jonas)

    def render():
        cache.clear()  # measure the page as rendered, not the server's copy of it
        response = client.get(reverse(name, args=args), params or {})
        assert response.status_code == 200
        return response

    return render


def test_documents_list_queries_constant(cast):
    small, large = assert_constant_queries(
        page(cast, "documents:list", [cast.alfa.slug]), grow_documents(cast), small=10, large=300
    )
    print(f"documents list: {small} queries with 10 documents, {large} with 300")


def test_documents_search_queries_constant(cast):
    render = page(cast, "documents:list", [cast.alfa.slug], params={"q": "tvarka", "status": "all"})
    assert_constant_queries(render, grow_documents(cast), small=10, large=300)


def test_checklist_queries_constant(cast):
    small, large = assert_constant_queries(
        page(cast, "documents:checklist", [cast.alfa.slug]), grow_documents(cast), small=10, large=300
    )
    print(f"checklist: {small} queries with 10 documents, {large} with 300")


def test_public_page_queries_constant(cast):
    render = page(cast, "quality:page", [cast.alfa.slug], user=False)
    small, large = assert_constant_queries(render, grow_documents(cast), small=10, large=300)
    print(f"public page: {small} queries with 10 documents, {large} with 300")
    assert len(render().context["documents"]) == 200


def test_coverage_page_queries_constant(cast):
    from documents.models import ReadAudience
    from orgs.roles import Role

    grow_docs = grow_documents(cast)

    def grow(n):
        grow_docs(n)
        for doc in Document.objects.for_org(cast.alfa).filter(current_version__isnull=False, audience__isnull=True):
            ReadAudience.objects.create(org=cast.alfa, document=doc, roles=[Role.STAFF]).units.add(cast.alfa_unit)

    assert_constant_queries(page(cast, "documents:coverage", [cast.alfa.slug]), grow, small=10, large=100)


def test_dashboard_card_queries_constant(cast):
    assert_constant_queries(page(cast, "orgs:dashboard", [cast.alfa.slug]), grow_documents(cast), small=10, large=300)


def test_documents_list_is_paged_and_stays_small_with_a_thousand_documents(cast):
    grow_documents(cast)(1000)
    client = Client()
    client.force_login(cast.jonas)
    url = reverse("documents:list", args=[cast.alfa.slug])
    first = client.get(url, {"status": "all"})
    assert len(first.context["documents"]) == 50 and first.context["page"].paginator.count == 1000
    text = first.content.decode()
    assert "1000 dokumentų" in text and "Puslapis 1 iš 20" in text and 'href="?status=all&amp;page=2"' in text
    assert len(first.content) < 100_000, f"the list weighs {len(first.content)} bytes"
    last = client.get(url, {"status": "all", "page": 20}, headers={"HX-Request": "true"})
    assert len(last.context["documents"]) == 50 and "<html" not in last.content.decode()
