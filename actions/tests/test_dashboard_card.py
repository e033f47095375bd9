"""The implementation plan's card on the organisation dashboard: the plan page's figures in one query."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import plan, services
from actions.models import Source, Status
from kokybe.test import assert_constant_queries
from orgs.roles import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def new_action(cast, title, **fields):
    return services.action_create(org=cast.alfa, title=title, source=Source.OTHER, by=cast.jonas, **fields)


@pytest.fixture
def actions(cast):
    new_action(cast, "Atlikta", status=Status.DONE)
    new_action(cast, "Veiksminga", status=Status.EFFECTIVE)
    new_action(cast, "Pusiau", status=Status.IN_PROGRESS, progress=50, due_date=TODAY + timedelta(days=10))
    new_action(cast, "Vėluoja", due_date=TODAY - timedelta(days=1))
    new_action(cast, "Vėliau", status=Status.IN_PROGRESS, progress=80, due_date=TODAY + timedelta(days=90))
    services.action_create(org=cast.beta, title="Kitos organizacijos", source=Source.OTHER, by=cast.petras)


def dashboard(user, org):
    client = Client()
    client.force_login(user)
    return client.get(reverse("orgs:dashboard", args=[org.slug])).text


def test_summary_agrees_with_the_plan_page_and_counts_what_needs_someone(cast, actions):
    summary = plan.summary(cast.alfa, today=TODAY)
    _groups, overall = plan.group_actions(plan.plan_actions(cast.alfa), plan.GroupBy.SOURCE, today=TODAY)
    assert summary.progress == overall  # total, completed, overdue and the percent sum, as the plan page counts
    assert summary.progress.percent == 66  # (100 + 100 + 50 + 0 + 80) / 5, done actions counting as 100
    assert (summary.open, summary.due_soon, summary.to_check) == (3, 1, 1)


def test_the_coordinator_sees_the_card_with_links_into_the_filtered_plan(cast, actions):
    page = dashboard(cast.jonas, cast.alfa)
    plan_url = reverse("actions:plan", args=[cast.alfa.slug])
    assert "Diegimo planas" in page and "66\u00a0%" in page and "Atlikta 2 iš 5 veiksmų" in page
    assert f'href="{plan_url}?overdue=1">1 veiksmas vėluoja</a>' in page
    assert f'href="{plan_url}?due_within=30">Per artimiausias 30 d. baigiasi 1 veiksmo terminas</a>' in page
    assert "1 atliktas veiksmas laukia veiksmingumo patikros" in page and "Laukia jūsų patikros" in page


def test_staff_see_the_figures_but_are_not_asked_to_check(cast, actions):
    page = dashboard(cast.rasa, cast.alfa)
    assert "1 atliktas veiksmas laukia veiksmingumo patikros" in page and "Laukia jūsų patikros" not in page


def test_the_external_auditor_sees_no_plan_card(cast, actions):
    assert "plan-card-title" not in dashboard(cast.users[Role.EXTERNAL_AUDITOR], cast.alfa)


def test_an_empty_plan_says_where_actions_come_from(cast):
    assert "Tobulinimo veiksmų dar nėra." in dashboard(cast.jonas, cast.alfa)


def test_the_card_costs_the_same_queries_for_any_number_of_actions(cast):
    def grow(n):
        for i in range(n - plan.ImprovementAction.objects.for_org(cast.alfa).count()):
            new_action(cast, f"Veiksmas {i}", due_date=TODAY - timedelta(days=i % 3))

    assert_constant_queries(lambda: dashboard(cast.jonas, cast.alfa), grow, small=5, large=60)
