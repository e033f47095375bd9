from datetime import date, timedelta

import pytest
from django.utils import timezone

from kokybe.test import assert_constant_queries, client_for, page_form, urls_for
from orgs.models import ActivityEntry
from orgs.roles import Role
from people import services
from people.models import Goal, Identity, Measurement, PeopleSettings, Plan, Review, ServiceUser

pytestmark = pytest.mark.django_db
url = urls_for("people")
SECRET_NAME = "Marytė Slaptaitė"


def person(cast, **fields):
    fields.setdefault("key_worker", cast.rasa)
    fields.setdefault("consent_on", date(2026, 1, 5))
    fields.setdefault("consent_form", "self")
    return ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 5), age_group="adult", **fields)


def with_identity(cast, **fields):
    p = person(cast, **fields)
    Identity.objects.create(service_user=p, full_name=SECRET_NAME, personal_code="48001010000", contacts="+37060000000")
    return p


def plan_with_goals(p, n=3, weights=(1, 1, 1)):
    plan = Plan.objects.create(
        org=p.org, service_user=p, version=1, starts_on=date(2026, 1, 10), review_on=date(2026, 7, 1)
    )
    for i in range(n):
        Goal.objects.create(
            org=p.org, plan=plan, order=i, title=f"Tikslas {i + 1}", domain="social_inclusion",
            weight=weights[i], level_0="Kaip tikėtasi",
        )  # fmt: skip
    return plan


# ── The list and a person's page ────────────────────────────────────────────────────────────────────────────────


def test_list_shows_references_and_never_a_name(cast):
    p = with_identity(cast)
    response = client_for(cast.ona).get(url("list", cast))
    assert response.status_code == 200
    assert p.reference in response.text and SECRET_NAME not in response.text


def test_a_key_worker_sees_only_their_own_people(cast):
    mine = person(cast)
    other = person(cast, key_worker=cast.users[Role.UNIT_HEAD])
    client = client_for(cast.rasa)
    listing = client.get(url("list", cast)).text
    assert mine.reference in listing and other.reference not in listing
    assert client.get(url("detail", cast, reference=other.reference)).status_code == 404


def test_the_coordinator_sees_the_roll_up_not_the_records(cast):
    client = client_for(cast.jonas)
    assert client.get(url("list", cast)).status_code == 403
    assert client.get(url("outcomes", cast)).status_code == 200


def test_list_filters_by_key_worker(cast):
    mine = person(cast)
    other = person(cast, key_worker=cast.ona)
    listing = client_for(cast.ona).get(url("list", cast), {"key_worker": cast.rasa.pk}).text
    assert mine.reference in listing and other.reference not in listing


def _bulk(cast, n):
    have = ServiceUser.objects.filter(org=cast.alfa).count()
    ServiceUser.objects.bulk_create(
        ServiceUser(org=cast.alfa, reference=f"P-{i:05d}", started=date(2026, 1, 1), age_group="adult", key_worker=cast.rasa)
        for i in range(have, n)
    )  # fmt: skip
    through = ServiceUser.services.through
    through.objects.bulk_create(
        [through(serviceuser=p, service=cast.alfa_service) for p in ServiceUser.objects.filter(org=cast.alfa)],
        ignore_conflicts=True,
    )


def test_people_list_query_budget_10_vs_1000(cast):
    client = client_for(cast.ona)

    def render():
        assert client.get(url("list", cast)).status_code == 200

    assert_constant_queries(render, lambda n: _bulk(cast, n), small=10, large=1000)


def test_person_page_query_budget_with_many_plans_and_measurements(cast):
    p = person(cast)
    client = client_for(cast.ona)

    def grow(n):
        have = Plan.objects.filter(service_user=p).count()
        for v in range(have + 1, n // 10 + 2):
            plan = Plan.objects.create(
                org=cast.alfa, service_user=p, version=v, starts_on=date(2026, 1, 1), review_on=date(2026, 6, 1)
            )
            goal = Goal.objects.create(org=cast.alfa, plan=plan, title="T", domain="rights", level_0="x")
            review = Review.objects.create(org=cast.alfa, plan=plan, reviewed_on=date(2026, 6, 1), t_score=50)
            review.levels.create(org=cast.alfa, goal=goal, level=0)
        Measurement.objects.bulk_create(
            Measurement(org=cast.alfa, service_user=p, instrument="kokybe-qol8", taken_on=date(2026, 1, 1) + timedelta(days=i), scores={"rights": 50})
            for i in range(Measurement.objects.filter(service_user=p).count(), n)
        )  # fmt: skip

    def render():
        assert client.get(url("detail", cast, reference=p.reference)).status_code == 200

    assert_constant_queries(render, grow, small=10, large=100)


def test_create_a_service_user_and_its_consent(cast):
    client = client_for(cast.ona)
    data = {
        "services": [cast.alfa_service.pk],
        "unit": cast.alfa_unit.pk,
        "started": "2026-02-01",
        "age_group": "child",
        "key_worker": cast.rasa.pk,
        "consent_on": "2026-02-01",
        "consent_form": "guardian",
    }
    response = client.post(url("create", cast), data)
    created = ServiceUser.objects.get(org=cast.alfa)
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.consent_form == "guardian" and created.is_child
    assert ActivityEntry.objects.filter(org=cast.alfa, verb="created", target_repr=created.reference).exists()


def test_consent_needs_both_date_and_form_and_nothing_is_written(cast):
    response = client_for(cast.ona).post(
        url("create", cast), {"started": "2026-02-01", "age_group": "adult", "consent_on": "2026-02-01"}
    )
    assert response.status_code == 200 and not ServiceUser.objects.exists()
    assert "Nurodykite" in response.text or "consent" in response.text.lower()


def test_lithuanian_page_renders(cast):
    p = person(cast)
    text = client_for(cast.ona).get(url("detail", cast, reference=p.reference)).text
    assert "Paslaugų gavėjas" in text or "Paslaugos gavėjas" in text


# ── The identity store ──────────────────────────────────────────────────────────────────────────────────────────


def test_only_the_director_opens_identities_until_she_names_more_roles(cast):
    p = with_identity(cast)
    assert client_for(cast.rasa).get(url("identity", cast, reference=p.reference)).status_code == 403
    PeopleSettings.objects.create(org=cast.alfa, identity_roles=["staff"])
    response = client_for(cast.rasa).get(url("identity", cast, reference=p.reference))
    assert response.status_code == 200 and SECRET_NAME in response.text
    assert response["Cache-Control"] == "no-store"


def test_every_opening_of_an_identity_is_logged_by_reference(cast):
    p = with_identity(cast)
    client_for(cast.ona).get(url("identity", cast, reference=p.reference))
    entry = ActivityEntry.objects.get(org=cast.alfa, verb=ActivityEntry.Verb.VIEWED)
    assert entry.actor == cast.ona and entry.target_repr == p.reference
    assert SECRET_NAME not in str(entry.changes)


def test_director_names_the_roles_in_settings(cast):
    response = client_for(cast.ona).post(url("settings", cast), {"identity_roles": ["unit_head"]})
    assert response.status_code == 302
    assert PeopleSettings.objects.get(org=cast.alfa).identity_roles == ["unit_head"]


def test_saving_an_identity_logs_that_it_changed_not_what_it_says(cast):
    p = person(cast)
    client = client_for(cast.ona)
    response = client.post(url("identity", cast, reference=p.reference), {"full_name": SECRET_NAME})
    assert response.status_code == 302 and Identity.objects.get(service_user=p).full_name == SECRET_NAME
    for entry in ActivityEntry.objects.filter(org=cast.alfa):
        assert SECRET_NAME not in f"{entry.target_repr} {entry.changes}"


def test_erasure_keeps_the_pseudonymous_figures_and_is_logged(cast):
    p = with_identity(cast)
    Measurement.objects.create(
        org=cast.alfa, service_user=p, instrument="kokybe-qol8", taken_on=date(2026, 2, 1), scores={"rights": 50}
    )
    response = client_for(cast.ona).post(url("identity_erase", cast, reference=p.reference))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.identity_erased_on == timezone.localdate() and not Identity.objects.filter(service_user=p).exists()
    assert Measurement.objects.filter(service_user=p).count() == 1
    assert ActivityEntry.objects.filter(
        org=cast.alfa, verb=ActivityEntry.Verb.DELETED, target_repr=p.reference
    ).exists()


def test_a_persons_data_on_request_as_json_holds_everything_and_is_logged(cast):
    p = with_identity(cast)
    plan = plan_with_goals(p)
    services.review_record(
        plan=plan, reviewed_on=date(2026, 7, 1), levels=dict.fromkeys(plan.goals.all(), 1), by=cast.ona
    )
    Measurement.objects.create(
        org=cast.alfa, service_user=p, instrument="kokybe-qol8", taken_on=date(2026, 2, 1), scores={"rights": 50}
    )
    response = client_for(cast.ona).get(url("export_json", cast, reference=p.reference))
    data = response.json()
    assert data["identity"]["full_name"] == SECRET_NAME and data["reference"] == p.reference
    assert data["plans"][0]["reviews"][0]["t_score"] == pytest.approx(63.7)
    assert len(data["measurements"]) == 1
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.EXPORTED, target_repr=p.reference).exists()


def test_a_persons_data_on_request_as_pdf(cast):
    from kokybe.test import pdf_text

    p = with_identity(cast)
    plan_with_goals(p)
    response = client_for(cast.ona).get(url("export_pdf", cast, reference=p.reference))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert SECRET_NAME in text and "Tikslas 1" in text


# ── Plans, reviews, GAS ─────────────────────────────────────────────────────────────────────────────────────────


def _goal(prefix, title, weight=1):
    return {
        f"{prefix}-title": title,
        f"{prefix}-domain": "self_determination",
        f"{prefix}-weight": weight,
        f"{prefix}-baseline": -1,
        f"{prefix}-level_minus2": "Niekada",
        f"{prefix}-level_minus1": "Retai",
        f"{prefix}-level_0": "Kartą per savaitę",
        f"{prefix}-level_plus1": "Du kartus per savaitę",
        f"{prefix}-level_plus2": "Kasdien",
    }


def test_key_worker_writes_a_plan_with_three_goals_and_reviews_it(cast):
    p = person(cast)
    client = client_for(cast.rasa)
    form = page_form(client.get(url("plan_create", cast, reference=p.reference)), "form-TOTAL_FORMS")
    data = form | {"starts_on": "2026-02-01", "review_on": "2026-08-01", "with_person": "on"}
    for i, title in enumerate(["Apsipirkti", "Gaminti", "Susitikti su draugais"]):
        data |= _goal(f"form-{i}", title)
    response = client.post(url("plan_create", cast, reference=p.reference), data)
    plan = Plan.objects.get(service_user=p)
    assert response.status_code == 302 and plan.goals.count() == 3 and plan.version == 1
    assert plan.staff.filter(pk=cast.rasa.pk).exists()
    review = page_form(client.get(url("plan_review", cast, reference=p.reference, version=1)), "reviewed_on")
    levels = {f"goal_{g.pk}": "1" for g in plan.goals.all()}
    response = client.post(url("plan_review", cast, reference=p.reference, version=1), review | levels)
    assert response.status_code == 302
    assert Review.objects.get(plan=plan).t_score == pytest.approx(63.69, abs=0.01)
    detail = client.get(url("plan", cast, reference=p.reference, version=1)).text
    assert "63,7" in detail or "63.7" in detail
    assert "ρ = 0.3" in detail


def test_a_plan_without_goals_is_refused_and_nothing_written(cast):
    p = person(cast)
    client = client_for(cast.rasa)
    form = page_form(client.get(url("plan_create", cast, reference=p.reference)), "form-TOTAL_FORMS")
    response = client.post(url("plan_create", cast, reference=p.reference), form | {"review_on": "2026-08-01"})
    assert response.status_code == 200 and not Plan.objects.exists()


def test_a_new_version_starts_from_the_latest_goals(cast):
    p = person(cast)
    plan_with_goals(p)
    client = client_for(cast.rasa)
    form = page_form(client.get(url("plan_create", cast, reference=p.reference)), "form-TOTAL_FORMS")
    assert form["form-0-title"] == "Tikslas 1"
    response = client.post(url("plan_create", cast, reference=p.reference), form | {"review_on": "2027-01-10"})
    assert response.status_code == 302
    assert Plan.objects.get(service_user=p, version=2).goals.count() == 3
    assert Plan.objects.get(service_user=p, version=1).goals.count() == 3


def test_review_must_give_every_goal_a_level(cast):
    p = person(cast)
    plan = plan_with_goals(p)
    first = plan.goals.first()
    response = client_for(cast.rasa).post(
        url("plan_review", cast, reference=p.reference, version=1),
        {"reviewed_on": "2026-07-01", f"goal_{first.pk}": "0"},
    )
    assert response.status_code == 200 and not Review.objects.exists()


def test_plan_documents_for_the_person(cast):
    from kokybe.test import pdf_text

    p = person(cast)
    plan_with_goals(p)
    client = client_for(cast.rasa)
    docx = client.get(url("plan_docx", cast, reference=p.reference, version=1))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    easy = client.get(url("plan_pdf", cast, reference=p.reference, version=1) + "?easy=1")
    text = pdf_text(easy.content)
    assert "Mano planas" in text and "Tikslas 1" in text


# ── Measurements ────────────────────────────────────────────────────────────────────────────────────────────────


def test_standard_measurement_stores_domain_scores(cast):
    p = person(cast)
    client = client_for(cast.rasa)
    form = page_form(client.get(url("measure", cast, reference=p.reference, code="kokybe-qol8")), "taken_on")
    answers = {
        f"i_{i}": "3"
        for i in (
            "pd1",
            "pd2",
            "sd1",
            "sd2",
            "ir1",
            "ir2",
            "si1",
            "si2",
            "ri1",
            "ri2",
            "ew1",
            "ew2",
            "pw1",
            "pw2",
            "mw1",
            "mw2",
        )
    }
    response = client.post(
        url("measure", cast, reference=p.reference, code="kokybe-qol8"), form | answers | {"i_pd1": "1"}
    )
    assert response.status_code == 302
    m = Measurement.objects.get(service_user=p)
    assert m.scores["personal_development"] == 50 and m.scores["rights"] == 100 and m.respondent == "self"


def test_measurement_without_consent_is_refused(cast):
    p = person(cast, consent_on=None, consent_form="")
    response = client_for(cast.rasa).post(
        url("measure", cast, reference=p.reference, code="kokybe-qol8"),
        {"taken_on": "2026-03-01", "respondent": "self", "i_pd1": "3"},
    )
    assert response.status_code == 200 and not Measurement.objects.exists()


def test_pos_domain_scores_are_entered_without_items(cast):
    p = person(cast)
    response = client_for(cast.rasa).post(
        url("measure", cast, reference=p.reference, code="pos"),
        {"taken_on": "2026-03-01", "respondent": "self", "d_rights": "12", "d_social_inclusion": "18"},
    )
    assert response.status_code == 302
    assert Measurement.objects.get(service_user=p).scores == {"rights": 50.0, "social_inclusion": 100.0}


def test_easy_read_one_question_a_screen_then_saved(cast):
    p = person(cast)
    client = client_for(cast.rasa)
    first = client.get(url("measure_easy", cast, reference=p.reference, code="kokybe-qol8", step=1))
    assert first.status_code == 200 and "<script" not in first.text.split("<main")[1]
    for step in range(1, 17):
        response = client.post(
            url("measure_easy", cast, reference=p.reference, code="kokybe-qol8", step=step),
            {"answer": "3" if step % 2 else "2"},
        )
        assert response.status_code == 302
    response = client.post(url("measure_easy", cast, reference=p.reference, code="kokybe-qol8", step=17))
    assert response.status_code == 302
    m = Measurement.objects.get(service_user=p)
    assert m.version == "easy" and m.scores["rights"] == 75


def test_domains_over_time_chart_has_no_inline_style(cast):
    p = person(cast)
    for i, s in enumerate((25, 50, 75)):
        Measurement.objects.create(
            org=cast.alfa, service_user=p, instrument="kokybe-qol8", taken_on=date(2025 + i, 3, 1), scores={"rights": s}
        )
    text = client_for(cast.ona).get(url("detail", cast, reference=p.reference)).text
    assert '<svg class="qol-chart"' in text and "<polyline" in text and "style=" not in text.split("<main")[1]
    assert "2027-03-01" in text


# ── My work and the calendar ────────────────────────────────────────────────────────────────────────────────────


def test_review_due_reaches_the_key_workers_my_work_and_calendar(cast):
    from kokybe import surfaces
    from orgs.models import Membership

    p = person(cast)
    plan_with_goals(p)
    memberships = {m.org_id: m for m in Membership.objects.filter(user=cast.rasa).select_related("org")}
    items = [i for f in surfaces.work_items.contributions() for i in f(cast.rasa, date(2026, 7, 2), memberships)]
    mine = [i for i in items if i.key.startswith("people.")]
    assert len(mine) == 1 and mine[0].overdue and p.reference in mine[0].title
    entries = [
        e
        for f in surfaces.calendar_entries.contributions()
        for e in f(memberships, date(2026, 7, 1), date(2026, 7, 31), None)
        if e.key.startswith("people.")
    ]
    assert len(entries) == 1 and entries[0].start == date(2026, 7, 1)
    ona = {m.org_id: m for m in Membership.objects.filter(user=cast.ona).select_related("org")}
    assert not [
        i
        for f in surfaces.work_items.contributions()
        for i in f(cast.ona, date(2026, 7, 2), ona)
        if i.key.startswith("people.")
    ]
