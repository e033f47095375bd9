"""The implementation plan: grouping, filters, progress, the timeline, bulk edit and query budgets."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from actions import plan, services
from actions.models import ImprovementAction, Source, Status
from frameworks.tests.factories import make_version
from kokybe.test import assert_constant_queries, client_for, make_user
from orgs.models import ActivityEntry, Membership, Unit
from orgs.roles import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def new_action(cast, title="Atnaujinti skundų tvarką", **fields):
    fields.setdefault("source", Source.OTHER)
    return services.action_create(org=cast.alfa, title=title, by=cast.jonas, **fields)


def plan_url(cast, name="actions:plan"):
    return reverse(name, args=[cast.alfa.slug])


@pytest.fixture
def principles(cast):
    version = make_version(principles=3)
    return {p.code: p for p in version.principles.all()}


# ── grouping and progress ────────────────────────────────────────────────────────────────────────────────────────


@translation.override("en")
def test_principle_groups_follow_the_framework_order_and_no_principle_comes_last(cast, principles):
    new_action(cast, "Be principo")
    new_action(cast, "Trečias", principle=principles["3"])
    new_action(cast, "Pirmas", principle=principles["1"])
    groups, overall = plan.group_actions(plan.plan_actions(cast.alfa), plan.GroupBy.PRINCIPLE)
    assert [g.label for g in groups] == ["1. Principle 1", "3. Principle 3", "No principle"]
    assert [[a.title for a in g.actions] for g in groups] == [["Pirmas"], ["Trečias"], ["Be principo"]]
    assert overall.total == 3


def test_source_groups_follow_the_order_of_sources(cast):
    new_action(cast, "Iš skundo", source=Source.COMPLAINT)
    new_action(cast, "Iš įsivertinimo", source=Source.SELF_ASSESSMENT)
    groups, _overall = plan.group_actions(plan.plan_actions(cast.alfa), plan.GroupBy.SOURCE)
    assert [g.key for g in groups] == [Source.SELF_ASSESSMENT, Source.COMPLAINT]


@translation.override("en")
def test_unit_groups_follow_the_unit_tree_and_no_unit_comes_last(cast):
    new_action(cast, "Skyriaus", unit=cast.alfa_subunit)
    new_action(cast, "Niekieno")
    new_action(cast, "Padalinio", unit=cast.alfa_unit)
    tree = plan.unit_tree(cast.alfa)
    groups, _overall = plan.group_actions(plan.plan_actions(cast.alfa), plan.GroupBy.UNIT, tree=tree)
    assert [g.label for g in groups] == [cast.alfa_unit.name, cast.alfa_subunit.name, "No unit"]


def test_progress_counts_closed_actions_as_complete_and_open_ones_by_their_progress(cast):
    new_action(cast, "Atlikta", status=Status.DONE)
    new_action(cast, "Veiksmingas", status=Status.EFFECTIVE)
    new_action(cast, "Pusiau", status=Status.IN_PROGRESS, progress=50)
    new_action(cast, "Vėluoja", due_date=TODAY - timedelta(days=1))
    _groups, overall = plan.group_actions(plan.plan_actions(cast.alfa), plan.GroupBy.SOURCE, today=TODAY)
    assert (overall.total, overall.completed, overall.overdue) == (4, 2, 1)
    assert overall.percent == 63  # (100 + 100 + 50 + 0) / 4 = 62.5, rounded half up


def test_group_progress_is_computed_per_group(cast, principles):
    new_action(cast, "A", principle=principles["1"], status=Status.DONE)
    new_action(cast, "B", principle=principles["1"])
    new_action(cast, "C", principle=principles["2"], status=Status.IN_PROGRESS, progress=20)
    groups, overall = plan.group_actions(plan.plan_actions(cast.alfa), plan.GroupBy.PRINCIPLE)
    assert [(g.progress.total, g.progress.completed, g.progress.percent) for g in groups] == [(2, 1, 50), (1, 0, 20)]
    assert overall.percent == 40


# ── the plan page ────────────────────────────────────────────────────────────────────────────────────────────────


def test_plan_page_shows_groups_progress_and_rows_in_lithuanian(cast, principles):
    new_action(cast, "Parengti skundų nagrinėjimo tvarką", principle=principles["2"], owner=cast.rasa)
    response = client_for(cast.jonas).get(plan_url(cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diegimo planas" in html
    assert "Parengti skundų nagrinėjimo tvarką" in html
    assert "2. Principas 2" in html
    assert 'value="0"' in html and "0 %" in html  # progress as text beside the bar, not colour only
    assert "Rasa Rasaitė" in html


def test_plan_is_grouped_by_the_chosen_grouping(cast):
    new_action(cast, "Iš skundo", source=Source.COMPLAINT)
    html = client_for(cast.jonas).get(plan_url(cast), {"group": "source"}).content.decode()
    assert str(Source.COMPLAINT.label) in html and "Be principo" not in html


def test_overdue_rows_say_so_in_words(cast):
    new_action(cast, "Vėluojantis veiksmas", due_date=TODAY - timedelta(days=3))
    html = client_for(cast.jonas).get(plan_url(cast)).content.decode()
    assert 'class="overdue"' in html
    assert "Vėluoja" in html


def test_htmx_gets_only_the_results_fragment(cast):
    new_action(cast, "Fragmento veiksmas")
    response = client_for(cast.jonas).get(plan_url(cast), {"q": "Fragment"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="plan-results"' in html and "Fragmento veiksmas" in html
    assert "<html" not in html and 'id="filters-title"' not in html


def test_plan_page_in_english_for_an_english_user(cast):
    cast.jonas.language = "en"
    cast.jonas.save()
    client = client_for(cast.jonas)
    client.cookies["django_language"] = "en"
    html = client.get(plan_url(cast)).content.decode()
    assert "Implementation plan" in html


def test_only_managers_get_the_bulk_edit_checkboxes(cast):
    new_action(cast)
    assert 'name="ids"' in client_for(cast.jonas).get(plan_url(cast)).content.decode()
    html = client_for(cast.rasa).get(plan_url(cast)).content.decode()
    assert 'name="ids"' not in html and "bulk-form" not in html


def test_viewer_sees_no_create_or_import_links(cast):
    html = client_for(cast.vida).get(plan_url(cast)).content.decode()
    assert reverse("actions:create", args=[cast.alfa.slug]) not in html
    assert reverse("actions:import", args=[cast.alfa.slug]) not in html


# ── filters ──────────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def spread(cast):
    """One action per filter this module tests, so each filter can be shown to pick exactly its own."""
    return {
        "rasa": new_action(cast, "Rasos", owner=cast.rasa, due_date=TODAY + timedelta(days=60)),
        "ownerless": new_action(cast, "Be atsakingo", due_date=TODAY + timedelta(days=60)),
        "late": new_action(cast, "Vėluoja", owner=cast.jonas, due_date=TODAY - timedelta(days=1)),
        "soon": new_action(cast, "Netrukus", owner=cast.jonas, due_date=TODAY + timedelta(days=5)),
        "done": new_action(cast, "Baigtas", status=Status.DONE, due_date=TODAY - timedelta(days=10)),
        "complaint": new_action(cast, "Skundo", source=Source.COMPLAINT),
        "subunit": new_action(cast, "Skyriaus", unit=cast.alfa_subunit),
        "beta": services.action_create(org=cast.beta, title="Betos", source=Source.OTHER, by=cast.petras),
    }


def filtered(cast, **params):
    form, _members, _tree = _form(cast, params)
    return {a.title for a in form.filter(plan.plan_actions(cast.alfa), TODAY)}


def _form(cast, params):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(params)
    members = list(plan.owner_memberships(cast.alfa))
    tree = plan.unit_tree(cast.alfa)
    return plan.PlanFilterForm(data, org=cast.alfa, members=members, tree=tree), members, tree


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"owner": "rasa"}, {"Rasos"}),
        ({"owner": "none"}, {"Be atsakingo", "Baigtas", "Skundo", "Skyriaus"}),
        ({"overdue": "on"}, {"Vėluoja"}),
        ({"due_within": "7"}, {"Netrukus"}),
        ({"status": "done"}, {"Baigtas"}),
        ({"source": "complaint"}, {"Skundo"}),
        ({"q": "skund"}, {"Skundo"}),
        ({"status": "open", "owner": "jonas"}, {"Vėluoja", "Netrukus"}),
    ],
)
def test_filters_pick_exactly_the_matching_actions_of_this_org(cast, spread, params, expected):
    people = {"rasa": cast.rasa, "jonas": cast.jonas}
    if params.get("owner") in people:
        params = {**params, "owner": str(people[params["owner"]].pk)}
    assert filtered(cast, **params) == expected


def test_unit_filter_includes_the_units_below(cast, spread):
    assert filtered(cast, unit=str(cast.alfa_unit.pk)) == {"Skyriaus"}
    assert filtered(cast, unit=str(cast.alfa_subunit.pk)) == {"Skyriaus"}


def test_another_orgs_unit_is_not_a_choice(cast, spread):
    form, _m, _t = _form(cast, {"unit": str(cast.beta_unit.pk)})
    assert not form.is_valid() and "unit" in form.errors
    assert len(filtered(cast, unit=str(cast.beta_unit.pk))) == 7  # the invalid filter is ignored, not fatal


def test_invalid_filter_is_reported_on_the_page(cast, spread):
    html = client_for(cast.jonas).get(plan_url(cast), {"due_within": "abc"}).content.decode()
    assert "errorlist" in html and "Rasos" in html


def test_filters_applied_are_described_in_words(cast, spread):
    form, _m, _t = _form(cast, {"status": "done", "overdue": "on", "q": "x"})
    assert dict(form.applied()) == {"Pavadinime yra": "x", "Būsena": str(Status.DONE.label), "Tik vėluojantys": "taip"}


# ── query budgets ────────────────────────────────────────────────────────────────────────────────────────────────


def _grow(cast):
    principle = make_version(principles=1).principles.get()
    units = [cast.alfa_unit, cast.alfa_subunit, None]
    owners = [cast.jonas, cast.rasa, None]

    def grow(n):
        have = ImprovementAction.objects.for_org(cast.alfa).count()
        ImprovementAction.objects.bulk_create(
            ImprovementAction(
                org=cast.alfa,
                number=i + 1,
                title=f"Veiksmas {i + 1}",
                owner=owners[i % 3],
                unit=units[i % 3],
                service=cast.alfa_service if i % 2 else None,
                principle=principle if i % 2 else None,
                status=Status.values[i % len(Status.values)],
                start_date=date(2025, 1 + i % 12, 1),
                due_date=date(2026, 1 + i % 12, 28),
                created_by=cast.jonas,
            )
            for i in range(have, n)
        )

    return grow


@pytest.mark.parametrize(
    "name, params",
    [
        ("actions:plan", {}),
        ("actions:plan", {"group": "unit", "status": "open"}),
        ("actions:plan", {"group": "source", "overdue": "on"}),
        ("actions:timeline", {}),
        ("actions:timeline", {"group": "unit", "status": "open", "start": "2025-03", "end": "2026-02"}),
        ("actions:export_xlsx", {"source": "other"}),
    ],
)
def test_plan_timeline_and_export_query_count_does_not_grow_with_actions(cast, name, params):
    client = client_for(cast.jonas)

    def render():
        response = client.get(plan_url(cast, name), params)
        assert response.status_code == 200

    assert_constant_queries(render, _grow(cast))


# ── timeline ─────────────────────────────────────────────────────────────────────────────────────────────────────


class Fake:
    """An action-shaped object for the pure timeline functions."""

    def __init__(self, start=None, due=None, created=date(2025, 1, 10), status=Status.PLANNED, completed=None):
        self.start_date, self.due_date, self.status, self.completed_on = start, due, status, completed
        self.created_at = timezone.make_aware(timezone.datetime(created.year, created.month, created.day, 12))

    def is_overdue(self, today):
        return self.status in (Status.PLANNED, Status.IN_PROGRESS) and self.due_date and self.due_date < today


def test_timeline_window_spans_the_bars_in_whole_months_and_includes_today():
    tl = plan.build_timeline([Fake(date(2025, 3, 15), date(2025, 4, 10))], today=date(2025, 6, 2))
    assert (tl.start, tl.end, len(tl.months)) == (date(2025, 3, 1), date(2025, 7, 1), 4)
    assert tl.today == pytest.approx((3 + 1 / 30) / 4 * 100, abs=0.001)


def test_timeline_bar_runs_from_start_to_the_end_of_the_due_day():
    tl = plan.build_timeline([Fake(date(2025, 1, 1), date(2025, 2, 28))], today=date(2025, 1, 1))
    bar = tl.bars[0]
    assert bar.left == 0 and bar.width == pytest.approx(100.0)  # two whole months of two
    assert not bar.start_guessed and not bar.cut_before and not bar.cut_after


def test_timeline_without_start_date_draws_from_the_day_the_action_was_recorded():
    bar = plan.build_timeline([Fake(None, date(2025, 3, 31), created=date(2025, 2, 1))], today=date(2025, 2, 1)).bars[0]
    assert bar.start == date(2025, 2, 1) and bar.start_guessed


def test_timeline_clips_bars_to_the_chosen_months():
    actions = [Fake(date(2024, 11, 1), date(2025, 5, 31)), Fake(date(2023, 1, 1), date(2023, 2, 1))]
    tl = plan.build_timeline(actions, today=date(2025, 1, 15), first=date(2025, 1, 1), last=date(2025, 3, 1))
    (long,) = tl.bars
    assert long.cut_before and long.cut_after and long.left == 0 and long.width == 100
    assert tl.hidden == 1


def test_timeline_has_month_labels_only_when_they_fit():
    short = plan.build_timeline([Fake(date(2025, 1, 1), date(2025, 12, 31))], today=date(2025, 1, 1))
    long = plan.build_timeline([Fake(date(2019, 1, 1), date(2027, 12, 31))], today=date(2025, 1, 1))
    assert short.month_labels and not long.month_labels
    assert [y["year"] for y in long.years] == list(range(2019, 2028))


def test_long_timeline_snaps_to_whole_years_so_year_gridlines_line_up():
    tl = plan.build_timeline([Fake(date(2019, 3, 18), date(2027, 4, 30))], today=date(2025, 1, 1))
    assert (tl.start, tl.end) == (date(2019, 1, 1), date(2028, 1, 1))
    assert tl.grid_width == pytest.approx(100 / 9)  # one gridline a year


def test_timeline_page_shows_bars_status_in_words_today_and_overdue(cast):
    new_action(cast, "Vėluojantis", start_date=TODAY - timedelta(days=40), due_date=TODAY - timedelta(days=2))
    new_action(cast, "Patikrintas", status=Status.EFFECTIVE, due_date=TODAY + timedelta(days=30))
    html = client_for(cast.jonas).get(plan_url(cast, "actions:timeline")).content.decode()
    assert html.count('class="tl-bar') == 2
    assert "Vėluoja" in html and str(Status.EFFECTIVE.label) in html
    assert 'class="tl-today"' in html and "Šiandien" in html
    assert "@page" not in html  # the print rules live in the stylesheet, not per page
    assert "plan.css" in html


def test_timeline_month_range_filter_and_bad_month(cast):
    new_action(cast, "Senas", start_date=date(2020, 1, 1), due_date=date(2020, 3, 1))
    client = client_for(cast.jonas)
    new_action(cast, "Naujas", start_date=date(2024, 1, 1), due_date=date(2024, 3, 1))
    html = client.get(plan_url(cast, "actions:timeline"), {"start": "2020-01", "end": "2020-06"}).content.decode()
    assert "2020-01" in html and "2020-06" in html
    assert "Senas" in html and "Naujas" not in html and "nepatenka" in html
    html = client.get(plan_url(cast, "actions:timeline"), {"start": "sausis"}).content.decode()
    assert "Įveskite mėnesį" in html


def test_plan_is_paged_by_rows_while_groups_count_and_progress_cover_the_whole_plan(cast):
    bulk = [
        ImprovementAction(
            org=cast.alfa, number=i, title=f"Veiksmas {i:03}", source=Source.COMPLAINT if i <= 150 else Source.OTHER
        )
        for i in range(1, 251)
    ]
    ImprovementAction.objects.bulk_create(bulk)
    client = client_for(cast.jonas)
    first = client.get(plan_url(cast), {"group": "source"})
    html = first.content.decode()
    assert html.count('row-progress">') == 100
    # The complaint group holds 150 actions: 100 on this page, all 150 counted in its heading.
    assert "(150)" in html and "100 šiame puslapyje" in html and "(100)" not in html
    assert "Puslapis 1 iš 3 (veiksmai 1–100 iš 250)" in html and "group=source&amp;page=2" in html
    third = client.get(plan_url(cast), {"group": "source", "page": 3}, headers={"HX-Request": "true"})
    text = third.content.decode()
    assert text.count('row-progress">') == 50 and "Veiksmas 250" in text and "<html" not in text
    assert len(first.content) < 100_000


@pytest.mark.parametrize("by", [plan.GroupBy.PRINCIPLE, plan.GroupBy.SOURCE, plan.GroupBy.UNIT])
def test_groups_counted_by_the_database_and_paged_in_sql_match_grouping_every_action(cast, by):
    """The plan page aggregates in SQL and fetches one page of rows: the same groups, order, labels, progress and
    rows as grouping every action in Python (group_actions, which the PDF still uses)."""
    _grow(cast)(60)
    ImprovementAction.objects.filter(org=cast.alfa, number__in=(3, 4)).update(
        due_date=TODAY - timedelta(days=1), progress=40, status=Status.IN_PROGRESS
    )
    tree = plan.unit_tree(cast.alfa)
    actions = plan.plan_actions(cast.alfa)
    expected, expected_overall = plan.group_actions(actions, by, tree=tree, today=TODAY)
    groups, overall = plan.plan_groups(actions, by, tree=tree, today=TODAY)
    assert overall == expected_overall and overall.overdue >= 2
    assert [(g.key, g.label, g.progress) for g in groups] == [(g.key, g.label, g.progress) for g in expected]
    ordered = list(plan.plan_page_order(actions, by, groups).values_list("pk", flat=True))
    assert ordered == [a.pk for g in expected for a in g.actions]


def test_plan_page_shows_a_group_that_runs_over_a_page_break_on_both_pages(cast):
    ImprovementAction.objects.bulk_create(
        ImprovementAction(org=cast.alfa, number=i, title=f"Veiksmas {i:03}", source=Source.COMPLAINT)
        for i in range(1, 131)
    )
    client = client_for(cast.jonas)
    second = client.get(plan_url(cast), {"group": "source", "page": 2}).content.decode()
    assert "(130)" in second and "30 šiame puslapyje" in second and second.count('row-progress">') == 30


def test_timeline_laid_out_from_plain_dates_draws_the_same_bars_as_from_the_actions(cast):
    _grow(cast)(40)
    ImprovementAction.objects.filter(org=cast.alfa, number__in=(1, 2)).update(start_date=None)
    actions = plan.plan_actions(cast.alfa).order_by("start_date", "due_date", "number")
    window = (date(2025, 3, 1), date(2025, 12, 1))
    full = plan.build_timeline(list(actions), TODAY, *window)
    light = plan.build_timeline(plan.timeline_spans(actions), TODAY, *window)
    assert (light.start, light.end, light.hidden, light.today) == (full.start, full.end, full.hidden, full.today)
    fields = ("start", "end", "left", "width", "start_guessed", "no_due", "cut_before", "cut_after")
    assert [[getattr(b, f) for f in fields] for b in light.bars] == [[getattr(b, f) for f in fields] for b in full.bars]
    assert [b.action.overdue for b in light.bars] == [b.action.overdue for b in full.bars]
    page = plan.timeline_page(light.bars[:5], cast.alfa, TODAY)
    assert [b.action.pk for b in page] == [b.action.pk for b in full.bars[:5]]
    assert all(isinstance(b.action, ImprovementAction) and b.action.url for b in page)


def test_timeline_opens_on_the_months_around_today_and_offers_the_whole_plan(cast):
    today = timezone.localdate()
    new_action(cast, "Senas", start_date=date(2019, 1, 1), due_date=date(2019, 3, 1))
    new_action(cast, "Dabartinis", start_date=today - timedelta(days=10), due_date=today + timedelta(days=20))
    client = client_for(cast.jonas)
    html = client.get(plan_url(cast, "actions:timeline")).content.decode()
    first = plan.add_months(today.replace(day=1), -6)
    assert f"{first:%Y-%m}" in html and "Dabartinis" in html and "Senas" not in html
    assert "all=1" in html  # the link to the whole plan
    html = client.get(plan_url(cast, "actions:timeline"), {"all": "1"}).content.decode()
    assert "Senas" in html and "Dabartinis" in html and "2019-01" in html


def test_timeline_htmx_gets_only_the_fragment(cast):
    new_action(cast)
    html = client_for(cast.jonas).get(plan_url(cast, "actions:timeline"), headers={"HX-Request": "true"}).content
    assert b'id="timeline-results"' in html and b"<html" not in html


# ── bulk edit ────────────────────────────────────────────────────────────────────────────────────────────────────


def bulk(cast, ids, user=None, **data):
    client = client_for(user or cast.jonas)
    return client.post(plan_url(cast, "actions:bulk_edit"), {"ids": [a.pk for a in ids], **data})


def test_bulk_edit_sets_owner_and_due_date_and_logs_each_action(cast):
    a, b, c = new_action(cast, "A"), new_action(cast, "B"), new_action(cast, "C")
    before = ActivityEntry.objects.filter(verb=ActivityEntry.Verb.UPDATED).count()
    response = bulk(cast, [a, b], owner=str(cast.rasa.pk), due_date="2030-06-30", query="group=source")
    assert response.status_code == 302 and response["Location"].endswith("?group=source")
    for action in (a, b):
        action.refresh_from_db()
        assert action.owner == cast.rasa and action.due_date == date(2030, 6, 30)
    c.refresh_from_db()
    assert c.owner is None and c.due_date is None
    entries = ActivityEntry.objects.filter(verb=ActivityEntry.Verb.UPDATED).order_by("id")[before:]
    assert {e.target_id for e in entries} == {str(a.pk), str(b.pk)}
    assert all(set(e.changes) == {"owner", "due_date"} for e in entries)


def test_bulk_edit_of_only_the_due_date_keeps_each_owner(cast):
    a, b = new_action(cast, "A", owner=cast.rasa), new_action(cast, "B", owner=cast.jonas)
    assert bulk(cast, [a, b], due_date="2030-01-31").status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.owner, b.owner) == (cast.rasa, cast.jonas)


def test_bulk_due_date_before_one_start_changes_nothing(cast):
    a = new_action(cast, "A", start_date=date(2025, 1, 1))
    b = new_action(cast, "B", start_date=date(2031, 1, 1))
    response = bulk(cast, [a, b], owner=str(cast.rasa.pk), due_date="2030-01-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niekas nepakeista." in html and f"#{b.number} (2031-01-01)" in html
    assert f'value="{a.pk}" id="sel-{a.pk}" checked' in html  # the selection survives the error
    assert not ImprovementAction.objects.filter(owner=cast.rasa).exists()


def test_bulk_owner_must_be_an_active_member_who_can_own_actions(cast):
    a = new_action(cast, "A")
    outsider = make_user("svetimas@x.test")
    for owner in (outsider, cast.vida, cast.petras):
        response = bulk(cast, [a], owner=str(owner.pk))
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    cast.memberships[Role.STAFF].is_active = False
    cast.memberships[Role.STAFF].save()
    assert bulk(cast, [a], owner=str(cast.rasa.pk)).status_code == 200
    a.refresh_from_db()
    assert a.owner is None


def test_bulk_edit_needs_a_selection_and_a_change(cast):
    a = new_action(cast, "A")
    assert "Pažymėkite bent vieną veiksmą" in bulk(cast, [], due_date="2030-01-01").content.decode()
    assert "Pasirinkite naują atsakingą asmenį" in bulk(cast, [a]).content.decode()


def test_bulk_edit_refuses_another_orgs_action(cast):
    mine = new_action(cast, "Mano")
    theirs = services.action_create(org=cast.beta, title="Betos", source=Source.OTHER, by=cast.petras)
    response = bulk(cast, [mine, theirs], due_date="2030-01-31")
    assert response.status_code == 200
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.due_date is None and theirs.due_date is None


def test_bulk_edit_is_all_or_nothing_when_the_service_refuses_one(cast, monkeypatch):
    a, b = new_action(cast, "A"), new_action(cast, "B")
    real = services.action_update
    calls = []

    def refuse_second(*, action, form, by):
        calls.append(action.pk)
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("nope")
        return real(action=action, form=form, by=by)

    monkeypatch.setattr(services, "action_update", refuse_second)
    response = bulk(cast, [a, b], due_date="2030-01-31")
    assert response.status_code == 200 and "nope" in response.content.decode()
    assert not ImprovementAction.objects.filter(due_date=date(2030, 1, 31)).exists()
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.UPDATED).exists()


def test_bulk_edit_tells_the_new_owner(cast):
    from work.models import Notification

    a = new_action(cast, "A")
    bulk(cast, [a], owner=str(cast.rasa.pk))
    assert Notification.objects.filter(user=cast.rasa).exists()


def test_staff_cannot_bulk_edit(cast):
    a = new_action(cast, "A")
    assert bulk(cast, [a], user=cast.rasa, due_date="2030-01-31").status_code == 403


def test_expired_member_is_not_an_owner_choice(cast):
    stranger = make_user("buves@alfa.test", "Buvęs Darbuotojas")
    Membership.objects.create(org=cast.alfa, user=stranger, role=Role.STAFF, access_until=TODAY - timedelta(days=1))
    assert stranger not in [m.user for m in plan.owner_memberships(cast.alfa)]


def test_descendants_walks_every_level(cast):
    deeper = Unit.objects.create(org=cast.alfa, parent=cast.alfa_subunit, name="Grupė")
    tree = plan.unit_tree(cast.alfa)
    assert plan.descendants(tree, cast.alfa_unit.pk) == {cast.alfa_unit.pk, cast.alfa_subunit.pk, deeper.pk}


def test_bench_command_reports_figures_and_leaves_the_database_as_it_was(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("bench_plan", actions=12, repeat=1, stdout=out)
    report = out.getvalue()
    assert "plan, grouped by principle" in report and "PDF export" in report
    assert "timeline, whole plan" in report and "timeline, around today" in report
    from django.db import connection

    # The engine it ran on, not a fixed "SQLite" (make bench may point it at PostgreSQL).
    assert f"12 actions, {connection.display_name}," in report
    assert not ImprovementAction.objects.exists()


def test_the_whole_plan_timeline_is_paged_on_one_time_axis(cast):
    bulk = [
        ImprovementAction(
            org=cast.alfa,
            number=i,
            title=f"Veiksmas {i:03}",
            start_date=date(2019, 1, 1) + timedelta(days=5 * i),
            due_date=date(2019, 1, 1) + timedelta(days=5 * i + 30),
        )
        for i in range(1, 251)
    ]
    ImprovementAction.objects.bulk_create(bulk)
    client = client_for(cast.jonas)
    first = client.get(plan_url(cast, "actions:timeline"), {"all": "1"})
    html = first.content.decode()
    assert html.count('class="tl-bar') == 100 and "Veiksmas 001" in html and "Veiksmas 101" not in html
    assert "Puslapis 1 iš 3 (veiksmai 1–100 iš 250)" in html and "all=1&amp;page=2" in html
    third = client.get(plan_url(cast, "actions:timeline"), {"all": "1", "page": 3}, headers={"HX-Request": "true"})
    text = third.content.decode()
    assert text.count('class="tl-bar') == 50 and "Veiksmas 250" in text and "<html" not in text
    # Every page draws the same months: from the first action's year to the last one's.
    assert "2019" in text and f"{(date(2019, 1, 1) + timedelta(days=1280)).year}" in text
    assert len(first.content) < 100_000
    assert 'href="?all=1"' in text  # the link to the whole plan starts again from its first page
