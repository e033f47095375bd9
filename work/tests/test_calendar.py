from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ImprovementAction
from kokybe.test import assert_constant_queries
from orgs.models import ActivityEntry
from work import calendar
from work.models import Milestone, MilestoneKind, Notification

pytestmark = pytest.mark.django_db


def milestone(org, title="Vidaus auditas", start=date(2020, 2, 5), end=None, **fields):
    return Milestone.objects.create(org=org, title=title, start_date=start, end_date=end, **fields)


def action(org, number, due, title="Atnaujinti skundų tvarką", **fields):
    return ImprovementAction.objects.create(org=org, number=number, title=title, due_date=due, **fields)


def month_url(cast, year, month):
    return reverse("work:calendar_month", args=[cast.alfa.slug, year, month])


# ── the grid logic ───────────────────────────────────────────────────────────────────────────────────────────────


class Span:
    def __init__(self, start, end=None):
        self.start, self.end = start, end

    @property
    def last(self):
        return self.end or self.start


def test_weeks_start_on_monday_and_pad_with_neighbouring_months():
    weeks = calendar.weeks_of(2019, 2)  # 2019-02-01 is a Friday
    assert weeks[0][0] == date(2019, 1, 28)
    assert all(week[0].weekday() == 0 and len(week) == 7 for week in weeks)
    assert weeks[-1][-1] == date(2019, 3, 3)


def test_month_starting_on_monday_has_no_leading_days():
    assert calendar.weeks_of(2021, 3)[0][0] == date(2021, 3, 1)


def test_milestone_spanning_two_months_appears_on_each_of_its_days():
    span = Span(date(2019, 1, 30), date(2019, 2, 2))
    weeks = calendar.month_grid(2019, 2, [span], today=date(2019, 2, 1))
    days_with_it = [day.date for week in weeks for day in week if span in day.entries]
    assert days_with_it == [date(2019, 1, 30), date(2019, 1, 31), date(2019, 2, 1), date(2019, 2, 2)]
    march = calendar.month_grid(2019, 3, [span], today=date(2019, 2, 1))
    assert not any(day.entries for week in march for day in week)


def test_long_milestone_is_clipped_to_the_grid():
    span = Span(date(2018, 12, 1), date(2019, 6, 30))
    weeks = calendar.month_grid(2019, 2, [span], today=date(2019, 2, 1))
    assert all(span in day.entries for week in weeks for day in week)


def test_one_day_milestone_and_due_action_land_on_their_day():
    span = Span(date(2019, 3, 12))

    due = Span(date(2019, 3, 12))  # a due date is a one-day entry

    weeks = calendar.month_grid(2019, 3, [span, due], today=date(2019, 3, 12))
    day = next(day for week in weeks for day in week if day.date == date(2019, 3, 12))
    assert day.entries == [span, due] and day.is_today and day.in_month
    assert sum(len(d.entries) for week in weeks for d in week) == 2


def test_shift_crosses_years():
    assert calendar.shift(2019, 1, -1) == (2018, 12)
    assert calendar.shift(2019, 12, 1) == (2020, 1)
    assert calendar.shift(2019, 5, 0) == (2019, 5)


def test_overlapping_query_matches_the_grid_rule(cast):
    inside = milestone(cast.alfa, "Inside", date(2019, 2, 10))
    crossing = milestone(cast.alfa, "Crossing", date(2019, 1, 20), date(2019, 1, 28))
    milestone(cast.alfa, "Before", date(2019, 1, 20), date(2019, 1, 27))
    milestone(cast.alfa, "After", date(2019, 3, 4))
    milestone(cast.beta, "Other organisation", date(2019, 2, 10))
    found = Milestone.objects.for_org(cast.alfa).overlapping(*calendar.grid_bounds(2019, 2))
    assert set(found) == {inside, crossing}


# ── month view ───────────────────────────────────────────────────────────────────────────────────────────────────


def test_month_view_lists_milestones_and_due_actions(client, cast):
    milestone(cast.alfa, "Išorės auditas", date(2020, 11, 23), kind=MilestoneKind.EXTERNAL_AUDIT)
    milestone(cast.beta, "Betos mokymai", date(2020, 11, 23))
    action(cast.alfa, 1, date(2020, 11, 20), "Parengti įrodymus")
    client.force_login(cast.vida)
    response = client.get(month_url(cast, 2020, 11))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Išorės auditas" in html and "Parengti įrodymus" in html
    assert "Betos mokymai" not in html
    assert reverse("work:calendar_month", args=["alfa", 2020, 10]) in html
    assert reverse("work:calendar_month", args=["alfa", 2020, 12]) in html


def test_month_view_headers_are_weekdays_monday_first_in_lithuanian(client, cast):
    client.force_login(cast.jonas)
    html = client.get(month_url(cast, 2019, 2)).content.decode()
    assert html.index('<th scope="col"><abbr title="Pirmadienis">') < html.index('<abbr title="Sekmadienis">')
    assert "2019 m. vasaris" in html
    assert "Kokybės kalendorius" in html


def test_month_view_defaults_to_this_month(client, cast):
    today = timezone.localdate()
    milestone(cast.alfa, "Šio mėnesio renginys", today)
    client.force_login(cast.jonas)
    assert "Šio mėnesio renginys" in client.get(reverse("work:calendar", args=["alfa"])).content.decode()


def test_month_view_refuses_a_month_that_does_not_exist(client, cast):
    client.force_login(cast.jonas)
    assert client.get(month_url(cast, 2020, 13)).status_code == 404
    assert client.get(month_url(cast, 2020, 0)).status_code == 404


def test_month_view_htmx_gets_only_the_grid(client, cast):
    client.force_login(cast.jonas)
    response = client.get(month_url(cast, 2020, 2), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="calendar-month"' in html and "<html" not in html and "<h1>" not in html


def test_month_view_query_count_does_not_grow_with_milestones(client, cast):
    client.force_login(cast.jonas)
    url = month_url(cast, 2020, 2)

    def grow(n):
        have = Milestone.objects.for_org(cast.alfa).count()
        Milestone.objects.bulk_create(
            Milestone(org=cast.alfa, title=f"M{i}", start_date=date(2020, 2, 1) + timedelta(days=i % 28))
            for i in range(have, n)
        )
        count = ImprovementAction.objects.for_org(cast.alfa).count()
        ImprovementAction.objects.bulk_create(
            ImprovementAction(org=cast.alfa, number=i + 1, title=f"A{i}", due_date=date(2020, 2, 1 + i % 28))
            for i in range(count, n)
        )

    assert_constant_queries(lambda: client.get(url).status_code == 200 or pytest.fail(), grow)


# ── list view ────────────────────────────────────────────────────────────────────────────────────────────────────


def _list(client, cast, **params):
    response = client.get(reverse("work:calendar_list", args=["alfa"]), params)
    assert response.status_code == 200
    return response


def test_list_shows_upcoming_by_default_and_past_on_request(client, cast):
    today = timezone.localdate()
    milestone(cast.alfa, "Praėjęs auditas", today - timedelta(days=30))
    milestone(cast.alfa, "Vykstanti apklausa", today - timedelta(days=3), today + timedelta(days=3))
    milestone(cast.alfa, "Būsimi mokymai", today + timedelta(days=10))
    client.force_login(cast.rasa)
    upcoming = [m.title for m in _list(client, cast).context["milestones"]]
    assert upcoming == ["Vykstanti apklausa", "Būsimi mokymai"]
    past = [m.title for m in _list(client, cast, when="past").context["milestones"]]
    assert past == ["Praėjęs auditas"]
    assert len(_list(client, cast, when="all").context["milestones"]) == 3


def test_list_filters_by_kind_and_year(client, cast):
    milestone(cast.alfa, "Vidaus auditas 2020", date(2020, 2, 5), kind=MilestoneKind.INTERNAL_AUDIT)
    milestone(cast.alfa, "Išorės auditas 2020", date(2020, 11, 23), kind=MilestoneKind.EXTERNAL_AUDIT)
    milestone(cast.alfa, "Išorės auditas 2021", date(2021, 3, 29), kind=MilestoneKind.EXTERNAL_AUDIT)
    client.force_login(cast.jonas)
    response = _list(client, cast, kind="external_audit", year="2020")
    assert [m.title for m in response.context["milestones"]] == ["Išorės auditas 2020"]
    assert [m.title for m in _list(client, cast, year="2021").context["milestones"]] == ["Išorės auditas 2021"]
    # A bad value is ignored, the good one still applies.
    bad_year = _list(client, cast, kind="external_audit", year="abc", when="all").context["milestones"]
    assert [m.title for m in bad_year] == ["Išorės auditas 2020", "Išorės auditas 2021"]


def test_list_htmx_gets_only_the_results(client, cast):
    client.force_login(cast.jonas)
    html = client.get(reverse("work:calendar_list", args=["alfa"]), headers={"HX-Request": "true"}).content
    assert b'id="milestone-results"' in html and b"<form" not in html


def test_list_query_count_does_not_grow_with_milestones(client, cast):
    client.force_login(cast.jonas)
    url = reverse("work:calendar_list", args=["alfa"]) + "?when=all"

    def grow(n):
        have = Milestone.objects.for_org(cast.alfa).count()
        Milestone.objects.bulk_create(
            Milestone(
                org=cast.alfa,
                title=f"M{i}",
                start_date=date(2019 + i % 5, 1, 1),
                responsible=cast.jonas,
                unit=cast.alfa_unit,
                service=cast.alfa_service,
            )
            for i in range(have, n)
        )

    assert_constant_queries(lambda: client.get(url).status_code == 200 or pytest.fail(), grow)


# ── milestone pages ──────────────────────────────────────────────────────────────────────────────────────────────


def _post(cast, **overrides):
    data = {
        "kind": MilestoneKind.TRAINING,
        "title": "Darbuotojų mokymai",
        "start_date": "2019-02-19",
        "end_date": "2019-02-20",
        "responsible": cast.rasa.pk,
        "unit": cast.alfa_unit.pk,
        "service": "",
        "description": "EQUASS koordinatorių mokymai",
    }
    return {**data, **overrides}


def test_coordinator_creates_a_milestone_logged_and_responsible_notified(client, cast):
    client.force_login(cast.jonas)
    response = client.post(reverse("work:milestone_create", args=["alfa"]), _post(cast))
    created = Milestone.objects.get(org=cast.alfa)
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert (created.start_date, created.end_date, created.responsible, created.created_by) == (
        date(2019, 2, 19),
        date(2019, 2, 20),
        cast.rasa,
        cast.jonas,
    )
    entry = ActivityEntry.objects.for_org(cast.alfa).get()
    assert (entry.verb, entry.actor, entry.target) == (ActivityEntry.Verb.CREATED, cast.jonas, created)
    note = Notification.objects.get(user=cast.rasa)
    assert note.verb == "responsible" and note.target_url == created.get_absolute_url()


def test_editing_a_milestone_logs_the_changed_fields(client, cast):
    m = milestone(cast.alfa, "Mokymai", date(2019, 2, 7), responsible=cast.jonas)
    client.force_login(cast.ona)
    data = _post(cast, title="Vadovų mokymai", start_date="2019-02-07", end_date="", responsible=cast.jonas.pk)
    response = client.post(reverse("work:milestone_edit", args=["alfa", m.uuid]), data)
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.title == "Vadovų mokymai"
    entry = ActivityEntry.objects.for_org(cast.alfa).get()
    assert entry.verb == ActivityEntry.Verb.UPDATED and entry.changes["title"] == ["Mokymai", "Vadovų mokymai"]
    # Ona did not make Jonas responsible now (he already was): no notification.
    assert not Notification.objects.exists()


def test_deleting_a_milestone_is_logged(client, cast):
    m = milestone(cast.alfa, "Konsultanto vizitas")
    client.force_login(cast.jonas)
    assert client.get(reverse("work:milestone_delete", args=["alfa", m.uuid])).status_code == 200
    response = client.post(reverse("work:milestone_delete", args=["alfa", m.uuid]))
    assert response.status_code == 302 and response["Location"] == reverse("work:calendar_list", args=["alfa"])
    assert not Milestone.objects.exists()
    entry = ActivityEntry.objects.for_org(cast.alfa).get()
    assert (entry.verb, entry.target_repr) == (ActivityEntry.Verb.DELETED, "Konsultanto vizitas")


def test_end_before_start_is_refused(client, cast):
    client.force_login(cast.jonas)
    response = client.post(
        reverse("work:milestone_create", args=["alfa"]), _post(cast, start_date="2020-02-05", end_date="2020-02-04")
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not Milestone.objects.exists() and not ActivityEntry.objects.exists()


def test_responsible_person_and_unit_must_be_of_the_organisation(client, cast):
    client.force_login(cast.jonas)
    response = client.post(
        reverse("work:milestone_create", args=["alfa"]),
        _post(cast, responsible=cast.petras.pk, unit=cast.beta_unit.pk, service=cast.beta_service.pk),
    )
    assert set(response.context["form"].errors) == {"responsible", "unit", "service"}
    assert not Milestone.objects.exists()


def test_staff_cannot_create_or_delete_but_can_read(client, cast):
    m = milestone(cast.alfa)
    client.force_login(cast.rasa)
    assert client.post(reverse("work:milestone_create", args=["alfa"]), _post(cast)).status_code == 403
    assert client.post(reverse("work:milestone_delete", args=["alfa", m.uuid])).status_code == 403
    page = client.get(reverse("work:milestone_detail", args=["alfa", m.uuid])).content.decode()
    assert "Vidaus auditas" in page and reverse("work:milestone_edit", args=["alfa", m.uuid]) not in page
    assert Milestone.objects.exists()


def test_other_organisations_milestone_is_404(client, cast):
    theirs = milestone(cast.beta, "Betos auditas")
    client.force_login(cast.ona)
    assert client.get(reverse("work:milestone_detail", args=["alfa", theirs.uuid])).status_code == 404
    assert client.post(reverse("work:milestone_delete", args=["alfa", theirs.uuid])).status_code == 404
    assert Milestone.objects.filter(pk=theirs.pk).exists()


def test_calendar_is_in_the_module_nav_for_insiders_only(client, cast):
    from orgs.roles import Role

    url = reverse("work:calendar", args=["alfa"])
    client.force_login(cast.vida)
    assert url in client.get(reverse("orgs:dashboard", args=["alfa"])).content.decode()
    client.force_login(cast.users[Role.EXTERNAL_AUDITOR])
    assert url not in client.get(reverse("orgs:dashboard", args=["alfa"])).content.decode()
