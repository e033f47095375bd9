"""What else a grant opens to the external auditor: readiness and the plan's status, the self-assessment report,
earlier audit reports and management-review minutes — every read logged, nothing once the grant has ended."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Source
from actions.models import Status as ActionStatus
from audits.models import Audit, AuditorGrant, ManagementReview
from orgs.models import ActivityEntry
from orgs.roles import Role

from .factories import world
from .grid import earlier

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast):
    return world(cast)


@pytest.fixture
def edvardas(cast):
    client = Client()
    client.force_login(cast.users[Role.EXTERNAL_AUDITOR])
    return client


def url(name, cast, **kwargs):
    return reverse(f"audits:{name}", kwargs={"org_slug": cast.alfa.slug, **kwargs})


def reads(model, pk):
    return ActivityEntry.objects.filter(
        verb=ActivityEntry.Verb.VIEWED, target_type=ContentType.objects.get_for_model(model), target_id=str(pk)
    ).count()


def test_the_granted_page_links_the_overview_reports_and_principles(cast, w, edvardas):
    audit, review = earlier(cast)
    grant = w["alfa"]["grant"]
    page = edvardas.get(url("granted_cycle", cast, grant_pk=grant.pk)).text
    assert url("granted_summary", cast, grant_pk=grant.pk) in page
    assert url("granted_report", cast, grant_pk=grant.pk, fmt="pdf") in page
    assert url("granted_audit_report", cast, grant_pk=grant.pk, audit_pk=audit.pk, fmt="docx") in page
    assert url("granted_review", cast, grant_pk=grant.pk, review_pk=review.pk) in page
    principle = w["alfa"]["answer"].indicator.criterion.principle
    assert '<nav class="card" aria-label="Principai">' in page and f'href="#principle-{principle.pk}"' in page


def test_summary_shows_readiness_and_the_plan_in_figures_and_is_logged(cast, w, edvardas):
    action_services.action_create(
        org=cast.alfa,
        title="Slaptas veiksmo pavadinimas",
        source=Source.OTHER,
        by=cast.jonas,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    action_services.action_create(
        org=cast.alfa, title="Kitas", source=Source.OTHER, by=cast.jonas, status=ActionStatus.DONE
    )
    cycle = w["alfa"]["cycle"]
    page = edvardas.get(url("granted_summary", cast, grant_pk=w["alfa"]["grant"].pk)).text
    assert "Pasirengimas pagal principus" in page
    assert "Iš viso 2 tobulinimo veiksmai" in page and "1 vėluoja" in page
    assert '<th scope="row">Įvykdyta</th><td class="num">1</td>' in page
    assert "Slaptas veiksmo pavadinimas" not in page  # figures only
    assert reads(type(cycle), cycle.pk) == 1


def test_self_assessment_report_downloads_in_both_formats_and_each_is_logged(cast, w, edvardas):
    grant, cycle = w["alfa"]["grant"], w["alfa"]["cycle"]
    pdf = edvardas.get(url("granted_report", cast, grant_pk=grant.pk, fmt="pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = edvardas.get(url("granted_report", cast, grant_pk=grant.pk, fmt="docx"))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert reads(type(cycle), cycle.pk) == 2
    assert edvardas.get(url("granted_report", cast, grant_pk=grant.pk, fmt="xlsx")).status_code == 404


def test_earlier_audit_reports_and_final_minutes_open_and_are_logged(cast, w, edvardas):
    audit, review = earlier(cast)
    grant = w["alfa"]["grant"]
    report = edvardas.get(url("granted_audit_report", cast, grant_pk=grant.pk, audit_pk=audit.pk, fmt="docx"))
    assert report.status_code == 200 and report.content.startswith(b"PK")
    assert reads(Audit, audit.pk) == 1
    minutes = edvardas.get(url("granted_review", cast, grant_pk=grant.pk, review_pk=review.pk))
    assert minutes.status_code == 200 and "Vadovybės analizė 2026" in minutes.text
    assert reads(ManagementReview, review.pk) == 1


def test_an_open_audit_a_draft_review_and_another_organisations_are_404(cast, w, edvardas):
    grant = w["alfa"]["grant"]
    earlier(cast)
    open_audit = w["alfa"]["internal"]
    assert (
        edvardas.get(url("granted_audit_report", cast, grant_pk=grant.pk, audit_pk=open_audit.pk, fmt="pdf"))
    ).status_code == 404
    draft = ManagementReview.objects.create(org=cast.alfa, title="Juodraštis", held_on=timezone.localdate())
    assert edvardas.get(url("granted_review", cast, grant_pk=grant.pk, review_pk=draft.pk)).status_code == 404
    beta_audit, beta_review = earlier(cast, "beta")
    assert (
        edvardas.get(url("granted_audit_report", cast, grant_pk=grant.pk, audit_pk=beta_audit.pk, fmt="pdf"))
    ).status_code == 404
    assert edvardas.get(url("granted_review", cast, grant_pk=grant.pk, review_pk=beta_review.pk)).status_code == 404


def test_after_the_grant_ends_every_new_page_is_404(cast, w, edvardas):
    audit, review = earlier(cast)
    grant = w["alfa"]["grant"]
    AuditorGrant.objects.filter(pk=grant.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    for name, kwargs in [
        ("granted_summary", {}),
        ("granted_report", {"fmt": "pdf"}),
        ("granted_audit_report", {"audit_pk": audit.pk, "fmt": "pdf"}),
        ("granted_review", {"review_pk": review.pk}),
    ]:
        assert edvardas.get(url(name, cast, grant_pk=grant.pk, **kwargs)).status_code == 404, name
