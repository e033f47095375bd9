"""My work: everything assigned to a person across their organisations, through the work_items contributions (kokybe.surfaces)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ImprovementAction, Status
from kokybe import surfaces
from kokybe.test import assert_constant_queries
from orgs.models import Membership
from orgs.roles import Role
from work import items as work
from work.models import Milestone

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def action(org, number, due, owner=None, title=None, **fields):
    return ImprovementAction.objects.create(
        org=org, number=number, title=title or f"Veiksmas {number}", due_date=due, owner=owner, **fields
    )


def titles(items):
    return [item.title for item in items]


def test_open_actions_of_the_owner_and_participants_overdue_first_then_by_due_date(cast):
    later = action(cast.alfa, 1, TODAY + timedelta(days=20), cast.rasa)
    overdue = action(cast.alfa, 2, TODAY - timedelta(days=1), cast.rasa)
    soon = action(cast.alfa, 3, TODAY + timedelta(days=2), cast.jonas)
    soon.participants.add(cast.rasa)
    undated = action(cast.alfa, 4, None, cast.rasa)
    very_overdue = action(cast.alfa, 5, TODAY - timedelta(days=40), cast.rasa)
    action(cast.alfa, 6, TODAY - timedelta(days=3), cast.rasa, status=Status.DONE, progress=100)
    action(cast.alfa, 7, TODAY, cast.jonas)  # someone else's
    items = work.items_for(cast.rasa, TODAY)
    assert titles(items) == [str(a) for a in (very_overdue, overdue, soon, later, undated)]
    assert [i.overdue for i in items] == [True, True, False, False, False]
    assert items[2].detail == "Dalyvis" and items[0].detail == "Atsakingas"
    assert items[0].url == very_overdue.get_absolute_url()
    assert items[0].key == f"actions.action:{very_overdue.uuid}"


def test_owner_who_also_participates_sees_the_action_once(cast):
    a = action(cast.alfa, 1, TODAY, cast.rasa)
    a.participants.add(cast.rasa, cast.jonas)
    assert titles(work.items_for(cast.rasa, TODAY)) == [str(a)]


def test_items_from_every_organisation_of_the_person(cast):
    Membership.objects.create(org=cast.beta, user=cast.rasa, role=Role.STAFF)
    action(cast.alfa, 1, TODAY + timedelta(days=3), cast.rasa, "Alfos veiksmas")
    action(cast.beta, 1, TODAY + timedelta(days=1), cast.rasa, "Betos veiksmas")
    items = work.items_for(cast.rasa, TODAY)
    assert [(i.org, i.title) for i in items] == [(cast.beta, "#1 Betos veiksmas"), (cast.alfa, "#1 Alfos veiksmas")]


def test_expired_external_auditor_sees_nothing_of_that_organisation(cast):
    auditor = cast.users[Role.EXTERNAL_AUDITOR]
    membership = cast.memberships[Role.EXTERNAL_AUDITOR]
    a = action(cast.alfa, 1, TODAY, None)
    a.participants.add(auditor)
    membership.access_until = TODAY
    membership.save()
    assert titles(work.items_for(auditor, TODAY)) == [str(a)]  # the last day still counts
    assert work.items_for(auditor, TODAY + timedelta(days=1)) == []


def test_removed_or_deactivated_membership_hides_the_items(cast):
    action(cast.alfa, 1, TODAY, cast.rasa)
    membership = cast.memberships[Role.STAFF]
    membership.is_active = False
    membership.save()
    assert work.items_for(cast.rasa, TODAY) == []


def test_milestones_the_person_is_responsible_for_are_listed_until_their_last_day(cast):
    Milestone.objects.create(org=cast.alfa, title="Praėjęs auditas", start_date=TODAY - timedelta(days=1))
    Milestone.objects.create(
        org=cast.alfa, title="Vidaus auditas", start_date=TODAY + timedelta(days=5), responsible=cast.rasa
    )
    Milestone.objects.create(
        org=cast.alfa,
        title="Apklausa",
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=5),
        responsible=cast.rasa,
    )
    Milestone.objects.create(
        org=cast.alfa, title="Seniai buvę mokymai", start_date=TODAY - timedelta(days=9), responsible=cast.rasa
    )
    items = work.items_for(cast.rasa, TODAY)
    assert titles(items) == ["Apklausa", "Vidaus auditas"]
    assert not any(i.overdue for i in items)
    # An event under way is not "due soon": the digest carries only the one still ahead.
    assert titles(work.reminder_items(cast.rasa, TODAY)) == ["Vidaus auditas"]


def test_a_new_provider_is_used_by_my_work_and_by_reminders(cast, monkeypatch):
    monkeypatch.setattr(surfaces.work_items, "_functions", surfaces.work_items.contributions())

    @surfaces.work_items
    def documents_to_read(user, today, memberships):
        return [
            work.WorkItem(
                org=m.org,
                kind="Dokumentas",
                title="Perskaityti kokybės politiką",
                url="/docs/1/",
                due_date=today + timedelta(days=1),
                overdue=False,
                key=f"documents.ack:{m.org.pk}",
            )
            for m in memberships.values()
        ] + [
            # An item of an organisation the person is not in is dropped by the registry.
            work.WorkItem(
                org=cast.beta, kind="Dokumentas", title="Svetimas", url="/x/", due_date=today, overdue=True, key="x"
            )
        ]

    assert titles(work.items_for(cast.rasa, TODAY)) == ["Perskaityti kokybės politiką"]
    assert titles(work.reminder_items(cast.rasa, TODAY)) == ["Perskaityti kokybės politiką"]
    surfaces.work_items(documents_to_read)  # registering twice changes nothing
    assert len(work.items_for(cast.rasa, TODAY)) == 1


def test_reminder_items_are_overdue_or_due_within_seven_days(cast):
    action(cast.alfa, 1, TODAY - timedelta(days=30), cast.rasa)
    action(cast.alfa, 2, TODAY + timedelta(days=7), cast.rasa)
    action(cast.alfa, 3, TODAY + timedelta(days=8), cast.rasa)
    action(cast.alfa, 4, None, cast.rasa)
    assert titles(work.reminder_items(cast.rasa, TODAY)) == ["#1 Veiksmas 1", "#2 Veiksmas 2"]


# ── the page ─────────────────────────────────────────────────────────────────────────────────────────────────────


def test_my_work_page_lists_items_with_overdue_marked_in_text(client, cast):
    today = timezone.localdate()
    action(cast.alfa, 1, today - timedelta(days=2), cast.rasa, "Atnaujinti skundų tvarką")
    action(cast.alfa, 2, today + timedelta(days=2), cast.rasa, "Parengti mokymų planą")
    client.force_login(cast.rasa)
    response = client.get(reverse("me:work"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mano darbai" in html and "Vėluoja" in html
    assert html.index("Atnaujinti skundų tvarką") < html.index("Parengti mokymų planą")
    assert "Alfa" in html


def test_my_work_needs_a_login(client):
    response = client.get(reverse("me:work"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_work_shows_nothing_of_an_organisation_the_person_left(client, cast):
    today = timezone.localdate()
    Membership.objects.create(org=cast.beta, user=cast.rasa, role=Role.STAFF)
    action(cast.beta, 1, today, cast.rasa, "Betos veiksmas")
    Membership.objects.filter(org=cast.beta, user=cast.rasa).delete()
    client.force_login(cast.rasa)
    assert "Betos veiksmas" not in client.get(reverse("me:work")).content.decode()


def test_my_work_query_count_does_not_grow_with_items(client, cast):
    Membership.objects.create(org=cast.beta, user=cast.rasa, role=Role.STAFF)
    client.force_login(cast.rasa)
    today = timezone.localdate()

    def grow(n):
        have = ImprovementAction.objects.count()
        for i in range(have, n):
            org = cast.alfa if i % 2 else cast.beta
            a = ImprovementAction.objects.create(
                org=org, number=i + 1, title=f"A{i}", due_date=today + timedelta(days=i % 20 - 10), owner=cast.jonas
            )
            a.participants.add(cast.rasa)
        Milestone.objects.bulk_create(
            Milestone(org=cast.alfa, title=f"M{i}", start_date=today + timedelta(days=i), responsible=cast.rasa)
            for i in range(Milestone.objects.count(), n // 10)
        )

    assert_constant_queries(lambda: client.get(reverse("me:work")).status_code == 200 or pytest.fail(), grow)


def test_header_has_my_work_and_the_unread_count_as_text(client, cast):
    from work.models import Notification

    for _ in range(3):
        Notification.objects.create(user=cast.rasa, org=cast.alfa, verb="assigned", target_title="#1 X")
    client.force_login(cast.rasa)
    with_lt = client.get(reverse("orgs:dashboard", args=["alfa"])).content.decode()
    assert reverse("me:work") in with_lt and "Pranešimai (3 neperskaityti)" in with_lt
    cast.rasa.language = "en"
    cast.rasa.save()
    html = client.get(reverse("orgs:dashboard", args=["alfa"])).content.decode()
    assert "Notifications (3 unread)" in html and ">My work<" in html


def test_my_work_of_a_person_in_many_organisations_is_paged_and_narrowed_to_one(client, cast):
    """A programme's consultant in many providers: 50 items a page, overdue first; the counts cover them all, and
    the list narrows to one organisation with a plain GET form (no JavaScript)."""
    from orgs.models import Organisation

    today = timezone.localdate()
    orgs = [cast.alfa] + [
        Organisation.objects.create(name=f"Centras {i:02}", slug=f"centras-{i:02}") for i in range(11)
    ]
    for org in orgs[1:]:
        Membership.objects.create(org=org, user=cast.rasa, role=Role.CONSULTANT)
    for n, org in enumerate(orgs):
        for k in range(1, 11):
            due = today - timedelta(days=1) if (n, k) == (5, 1) else today + timedelta(days=k)
            action(org, 100 + k, due, title=f"{org.name} veiksmas {k}").participants.add(cast.rasa)
    client.force_login(cast.rasa)
    first = client.get(reverse("me:work"))
    html = first.content.decode()
    assert html.count('class="work-title"') == 50
    assert "Jums priskirta 120 darbų" in html and "1 vėluoja" in html
    assert "Puslapis 1 iš 3 (darbai 1–50 iš 120)" in html and "?page=2" in html
    assert html.index("Centras 04 veiksmas 1") < html.index("veiksmas 2")  # the overdue one first
    assert '<option value="centras-03">Centras 03 (10)</option>' in html and "Visos organizacijos (120 darbų)" in html
    third = client.get(reverse("me:work"), {"page": 3}).content.decode()
    assert "Puslapis 3 iš 3 (darbai 101–120 iš 120)" in third
    one = client.get(reverse("me:work"), {"org": "centras-03"}).content.decode()
    assert one.count("Centras 03 veiksmas") == 10 and "Centras 04 veiksmas" not in one
    assert '<option value="centras-03" selected>' in one and "Jums priskirta 120 darbų" in one
    assert "Puslapis" not in one
    unknown = client.get(reverse("me:work"), {"org": "nera"}).content.decode()
    assert "Puslapis 1 iš 3" in unknown  # an organisation that is not theirs: every item, as without the filter
    assert len(first.content) < 40_000
