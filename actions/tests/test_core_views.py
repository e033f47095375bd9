"""The action pages: create, detail, edit, status buttons and verification, as people of each role see them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import ImprovementAction, Status
from actions.tests.test_core_services import make_indicators
from frameworks.models import Indicator
from kokybe.test import assert_constant_queries, client_for, make_user, url
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role
from work.models import Milestone, Notification


def action_url(name, action, *extra):
    return url(f"actions:{name}", action.org, action.number, *extra)


pytestmark = pytest.mark.django_db


def create_url(cast):
    return reverse("actions:create", args=[cast.alfa.slug])


def new_action(cast, **fields):
    fields.setdefault("owner", cast.rasa)
    return services.action_create(
        org=cast.alfa, title="Atnaujinti skundų tvarką", source="complaint", by=cast.jonas, **fields
    )


# ── create ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_create_page_renders_in_lithuanian(cast):
    html = client_for(cast.rasa).get(create_url(cast)).content.decode()
    assert "<h1>Naujas tobulinimo veiksmas</h1>" in html
    assert "Atsakingas asmuo" in html and "Įvykdymo terminas" in html


def test_viewer_and_consultant_get_403_on_create(cast):
    assert client_for(cast.vida).get(create_url(cast)).status_code == 403
    assert client_for(cast.users[Role.CONSULTANT]).post(create_url(cast), {"title": "X"}).status_code == 403
    assert not ImprovementAction.objects.exists()


def test_owner_choices_are_active_members_who_can_work_on_actions(cast):
    former = make_user("buves@alfa.test", "Buvęs Darbuotojas")
    Membership.objects.create(org=cast.alfa, user=former, role=Role.STAFF, is_active=False)
    form = client_for(cast.jonas).get(create_url(cast)).context["form"]
    owners = set(form.fields["owner"].queryset)
    assert cast.rasa in owners and cast.ona in owners
    assert not owners & {cast.petras, former, cast.vida, cast.users[Role.EXTERNAL_AUDITOR]}
    assert cast.users[Role.CONSULTANT] in set(form.fields["participants"].queryset)
    assert set(form.fields["unit"].queryset) == {cast.alfa_unit, cast.alfa_subunit}
    assert list(form.fields["service"].queryset) == [cast.alfa_service]


def test_create_saves_through_the_service_and_redirects_to_the_action(cast):
    indicators = make_indicators(2)
    data = {
        "title": "Parengti paslaugų gavėjų chartiją",
        "source": "external_audit",
        "indicators": [indicators[1].pk],
        "owner": cast.rasa.pk,
        "participants": [cast.users[Role.UNIT_HEAD].pk],
        "unit": cast.alfa_subunit.pk,
        "priority": "high",
        "start_date": "2030-01-10",
        "due_date": "2030-03-31",
    }
    response = client_for(cast.users[Role.UNIT_HEAD]).post(create_url(cast), data)
    action = ImprovementAction.objects.get()
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.number == 1 and action.created_by == cast.users[Role.UNIT_HEAD]
    assert action.principle == indicators[1].criterion.principle
    assert str(action.due_date) == "2030-03-31"
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.CREATED, target_id=str(action.pk)).count() == 1
    assert Notification.objects.filter(user=cast.rasa, verb="assigned").exists()


def test_create_refuses_an_outsider_as_owner_and_another_orgs_unit(cast):
    data = {"title": "X", "source": "other", "priority": "medium", "owner": cast.petras.pk, "unit": cast.beta_unit.pk}
    response = client_for(cast.jonas).post(create_url(cast), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert {"owner", "unit"} <= set(form.errors)
    assert not ImprovementAction.objects.exists()


def test_due_before_start_shows_the_message_on_the_field(cast):
    data = {"title": "X", "source": "other", "priority": "medium", "start_date": "2030-05-01", "due_date": "2030-04-01"}
    response = client_for(cast.jonas).post(create_url(cast), data)
    assert response.context["form"].errors["due_date"] == ["Įvykdymo terminas negali būti ankstesnis už pradžios datą."]


def test_indicator_picker_folds_many_indicators_by_principle(cast):
    make_indicators(120, principles=10)
    response = client_for(cast.jonas).get(create_url(cast))
    groups = response.context["form"].indicator_groups()
    assert len(groups) == 10 and sum(len(boxes) for _, boxes, _ in groups) == 120
    html = response.content.decode()
    assert html.count('<details class="indicator-group"') == 10
    assert html.count('type="checkbox" name="indicators"') == 120


def test_indicator_picker_opens_the_groups_with_chosen_indicators(cast):
    indicators = make_indicators(4, principles=2)
    action = new_action(cast, indicators=[indicators[-1]])
    html = client_for(cast.jonas).get(action_url("edit", action)).content.decode()
    assert html.count('<details class="indicator-group" open>') == 1


def test_create_page_needs_no_query_per_indicator(cast):
    def render():
        assert client_for(cast.jonas).get(create_url(cast)).status_code == 200

    def grow(n):
        make_indicators(n - Indicator.objects.count(), label=f"v{n}", principles=5)

    assert_constant_queries(render, grow, small=10, large=100)


# ── detail ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_detail_shows_everything_in_lithuanian(cast):
    milestone = Milestone.objects.create(org=cast.alfa, title="Išorės auditas", start_date=timezone.localdate())
    action = new_action(
        cast, source_object=milestone, description="Skundai nagrinėjami per ilgai.", root_cause="Nėra tvarkos"
    )
    html = client_for(cast.vida).get(action.get_absolute_url()).content.decode()
    assert f"#{action.number}</span> Atnaujinti skundų tvarką" in html
    assert "Skundai nagrinėjami per ilgai." in html and "Nėra tvarkos" in html
    assert f'href="{milestone.get_absolute_url()}"' in html  # back to the source
    assert "Planuojama" in html and "Skundas" in html and "Rasa Rasaitė" in html
    assert "Istorija" in html and "Jonas Jonaitis sukūrė veiksmą." in html


def test_external_auditor_and_outsider_cannot_open_an_action(cast):
    action = new_action(cast)
    assert client_for(cast.users[Role.EXTERNAL_AUDITOR]).get(action.get_absolute_url()).status_code == 403
    assert client_for(cast.petras).get(action.get_absolute_url()).status_code == 404


def test_number_is_looked_up_within_the_organisation(cast):
    services.action_create(org=cast.beta, title="Betos", source="other", by=cast.petras)
    assert client_for(cast.ona).get(reverse("actions:detail", args=["alfa", 1])).status_code == 404


def test_buttons_show_only_the_next_steps_this_person_may_take(cast):
    action = new_action(cast)
    html = client_for(cast.rasa).get(action.get_absolute_url()).content.decode()
    assert 'name="to" value="in_progress"' in html and 'value="done"' not in html
    assert "Redaguoti" in html
    html = client_for(cast.users[Role.INTERNAL_AUDITOR]).get(action.get_absolute_url()).content.decode()
    assert 'name="to"' not in html and "Redaguoti" not in html


def test_verification_form_only_for_verifiers_of_a_done_action(cast):
    action = new_action(cast)
    ImprovementAction.objects.filter(pk=action.pk).update(status=Status.DONE, completed_on=timezone.localdate())
    auditor_html = client_for(cast.users[Role.INTERNAL_AUDITOR]).get(action.get_absolute_url()).content.decode()
    assert action_url("verify", action) in auditor_html
    staff_html = client_for(cast.rasa).get(action.get_absolute_url()).content.decode()
    assert action_url("verify", action) not in staff_html
    assert "Laukiama, kol poveikį patikrins" in staff_html


def test_detail_queries_do_not_grow_with_comments_attachments_and_history(cast):
    action = new_action(cast, participants=[cast.ona, cast.users[Role.UNIT_HEAD]])

    def render():
        assert client_for(cast.vida).get(action.get_absolute_url()).status_code == 200

    def grow(n):
        for i in range(n - action.comments.count()):
            services.action_comment(action=action, body=f"Pastaba {i} @jonas", by=cast.ona)

    assert_constant_queries(render, grow, small=5, large=40)


# ── edit ─────────────────────────────────────────────────────────────────────────────────────────────────────────


def edit_data(action, **changes):
    data = {
        "title": action.title,
        "source": action.source,
        "priority": action.priority,
        "owner": action.owner_id or "",
        "progress": action.progress,
    }
    data.update(changes)
    return data


def test_owner_edits_and_the_change_is_logged(cast):
    action = new_action(cast)
    response = client_for(cast.rasa).post(
        action_url("edit", action), edit_data(action, title="Nauja tvarka", progress=30)
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.progress) == ("Nauja tvarka", 30)
    entry = ActivityEntry.objects.get(verb=ActivityEntry.Verb.UPDATED)
    assert entry.changes == {"title": ["Atnaujinti skundų tvarką", "Nauja tvarka"], "progress": ["0", "30"]}


def test_staff_member_who_is_not_the_owner_gets_403(cast):
    other = make_user("tomas@alfa.test", "Tomas Tomaitis")
    Membership.objects.create(org=cast.alfa, user=other, role=Role.STAFF)
    action = new_action(cast)
    assert client_for(other).get(action_url("edit", action)).status_code == 403
    assert client_for(other).post(action_url("edit", action), edit_data(action, title="Ne")).status_code == 403


def test_unit_head_edits_actions_of_her_unit_tree_only(cast):
    head = cast.memberships[Role.UNIT_HEAD]
    head.unit = cast.alfa_unit
    head.save()
    ours = new_action(cast, unit=cast.alfa_subunit)
    theirs = new_action(cast)
    assert client_for(head.user).get(action_url("edit", ours)).status_code == 200
    assert client_for(head.user).get(action_url("edit", theirs)).status_code == 403


def test_progress_above_100_is_refused(cast):
    action = new_action(cast)
    response = client_for(cast.jonas).post(action_url("edit", action), edit_data(action, progress=150))
    assert response.status_code == 200 and "progress" in response.context["form"].errors


def test_source_of_an_action_made_from_a_finding_cannot_be_changed(cast):
    milestone = Milestone.objects.create(org=cast.alfa, title="Auditas", start_date=timezone.localdate())
    action = new_action(cast, source_object=milestone)
    client_for(cast.jonas).post(action_url("edit", action), edit_data(action, source="other"))
    action.refresh_from_db()
    assert action.source == "complaint"


# ── status and verification pages ────────────────────────────────────────────────────────────────────────────────


def test_status_button_moves_the_action(cast):
    action = new_action(cast)
    response = client_for(cast.rasa).post(action_url("transition", action), {"to": "in_progress"}, follow=True)
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    assert "Būsena pakeista į „Vykdoma“." in response.content.decode()


def test_invalid_status_is_refused_with_the_message_and_nothing_changes(cast):
    action = new_action(cast)
    response = client_for(cast.rasa).post(action_url("transition", action), {"to": "done"}, follow=True)
    action.refresh_from_db()
    assert action.status == Status.PLANNED
    assert "negalima perkelti į būseną" in response.content.decode()
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.STATUS).exists()


def test_verify_page_records_the_check(cast):
    action = new_action(cast)
    today = timezone.localdate()
    ImprovementAction.objects.filter(pk=action.pk).update(status=Status.DONE, completed_on=today - timedelta(days=1))
    data = {"result": "not_effective", "on": today.isoformat(), "note": "Skundų skaičius nepakito."}
    response = client_for(cast.jonas).post(action_url("verify", action), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.verified_by, action.verified_on) == (Status.NOT_EFFECTIVE, cast.jonas, today)


def test_verify_with_a_future_date_shows_the_error(cast):
    action = new_action(cast)
    ImprovementAction.objects.filter(pk=action.pk).update(status=Status.DONE)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(cast.jonas).post(
        action_url("verify", action), {"result": "effective", "on": tomorrow, "note": "X"}
    )
    assert response.status_code == 400
    assert "Patikrinimo data negali būti ateityje." in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.DONE


def test_staff_cannot_post_a_verification(cast):
    action = new_action(cast)
    ImprovementAction.objects.filter(pk=action.pk).update(status=Status.DONE)
    data = {"result": "effective", "on": timezone.localdate().isoformat(), "note": "X"}
    assert client_for(cast.rasa).post(action_url("verify", action), data).status_code == 403


def test_english_reader_sees_english(cast):
    cast.vida.language = "en"
    cast.vida.save()
    action = new_action(cast)
    client = client_for(cast.vida)
    client.cookies["django_language"] = "en"
    html = client.get(action.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Check of effect" in html and "Planned" in html


# ── admin ────────────────────────────────────────────────────────────────────────────────────────────────────────


def test_admin_lists_and_shows_actions_with_read_only_status(cast):
    admin = make_user("admin@kokybe.test", "Administratorius")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    action = new_action(cast)
    services.attachment_add(action=action, upload=SimpleUploadedFile("a.txt", b"labas"), by=cast.rasa)
    client = client_for(admin)
    changelist = client.get(reverse("admin:actions_improvementaction_changelist") + "?status__exact=planned")
    assert changelist.status_code == 200 and "Atnaujinti skundų tvarką" in changelist.content.decode()
    change = client.get(reverse("admin:actions_improvementaction_change", args=[action.pk]))
    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()


def test_verifying_an_action_that_is_not_done_says_why(cast):
    action = new_action(cast)
    data = {"result": "effective", "on": timezone.localdate().isoformat(), "note": "X"}
    response = client_for(cast.jonas).post(action_url("verify", action), data, follow=True)
    assert "Veiksmo, kurio būsena „Planuojama“, negalima perkelti į būseną „Patikrinta – veiksminga“." in (
        response.content.decode()
    )
    action.refresh_from_db()
    assert action.status == Status.PLANNED


def test_creating_an_action_takes_a_handful_of_queries(cast):
    """Validated once, by the form's fields and the service; links inserted, people's roles read once, everyone
    told in one insert. It took 50 queries (36 without participants)."""
    indicators = make_indicators(3, org=cast.alfa)
    data = {
        "title": "Atnaujinti skundų tvarką",
        "source": "complaint",
        "priority": "high",
        "owner": cast.rasa.pk,
        "participants": [cast.ona.pk, cast.users[Role.CONSULTANT].pk],
        "indicators": [i.pk for i in indicators[:2]],
        "unit": cast.alfa_unit.pk,
        "due_date": "2030-03-31",
    }
    client = client_for(cast.users[Role.UNIT_HEAD])
    client.get(create_url(cast))  # the session and the content types, as on any warm server
    with CaptureQueriesContext(connection) as queries:
        response = client.post(create_url(cast), data)
    assert response.status_code == 302
    sql = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(sql) <= 16, "\n".join(s[:100] for s in sql)  # 15, and whether the organisation has webhooks
    action = ImprovementAction.objects.get()
    assert set(action.participants.all()) == {cast.ona, cast.users[Role.CONSULTANT]}
    assert set(action.indicators.all()) == set(indicators[:2])
    told = set(Notification.objects.filter(target_id=str(action.pk)).values_list("user__email", "verb"))
    consultant = cast.users[Role.CONSULTANT]
    assert told == {(cast.rasa.email, "assigned"), (cast.ona.email, "participant"), (consultant.email, "participant")}
