"""Nothing restricted leaves through the API: no operation, and no webhook payload, reveals a safeguarding case's
content or existence, or a service user's identity, to any token — not even the director's or a safeguarding lead's.

Safeguarding is deliberately not in the API (README, "REST API"): a case is seen by named people only and every read
of it is logged with the reader, on its pages; the API has no endpoint for it. A service user's identity is a
restricted record opened on its own page (each opening logged); the API names people by reference only. These tests
build a world in which both exist and are linked to what the API does show (a complaint flagged as possible abuse about
the same person, an improvement action made from the case, webhooks subscribed to every event), then read every GET
operation with every role's token and every delivery's payload, looking for any of the restricted values.
"""

from datetime import date, timedelta

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from api import services as api_services
from api.models import Delivery, WebhookEvent
from api.tests.grid import API_GRID
from api.tests.helpers import ApiClient, make_token
from api.tests.test_api_grid import OPERATIONS, PREFIX
from complaints.tests.factories import make_complaint
from orgs.roles import ALL_ROLES, Role
from people.models import Identity, ServiceUser
from safeguarding import services as safeguarding

FACTS = "Globėjas stumdė mergaitę koridoriuje-LEAK1"
OPINION = "Tai ne pirmas kartas-LEAK2"
PLACE = "Antro aukšto sandėliukas-LEAK3"
STEPS = "Perkelta į kitą grupę-LEAK4"
FULL_NAME = "Gabrielė Slaptoji-LEAK5"
PERSONAL_CODE = "49001019999"
CONTACTS = "Tėvas, tel. +37069999999"


def _world(cast):
    lead = cast.users[Role.UNIT_HEAD]
    from safeguarding.models import Lead

    Lead.objects.create(org=cast.alfa, user=lead)
    head = cast.memberships[Role.UNIT_HEAD]  # the lead heads the child's unit: they see the child's record too
    head.unit = cast.alfa_unit
    head.save(update_fields=["unit"])
    child = ServiceUser.objects.create(
        org=cast.alfa, started=date(2026, 1, 5), age_group="child", key_worker=cast.rasa, unit=cast.alfa_unit
    )
    Identity.objects.create(service_user=child, full_name=FULL_NAME, personal_code=PERSONAL_CODE, contacts=CONTACTS)
    aware = timezone.now() - timedelta(hours=3)
    event = safeguarding.event_record(
        org=cast.alfa,
        by=cast.rasa,
        type="physical",
        happened_at=aware - timedelta(hours=1),
        aware_at=aware,
        place=PLACE,
        setting="licensed_care",
        service_user=child,
        age_group="child",
        alleged="family",
        facts=FACTS,
        opinions=OPINION,
        immediate_steps=STEPS,
    )
    safeguarding.entry_add(event=event, by=lead, text=f"{FACTS} (papildyta)")
    # What the case leads to in the API's registers: an action for everyone, a restricted complaint about the child.
    safeguarding.action_from_event(event=event, by=lead, title="Peržiūrėti budėjimo tvarką", description="Bendra")
    make_complaint(
        cast.alfa,
        cast.ona,
        owner=cast.ona,
        possible_abuse=True,
        service_user=child,
        contact={"name": FULL_NAME, "email": "", "phone": "", "address": ""},
    )
    return event, child


def _secrets(event):
    return [FACTS, OPINION, PLACE, STEPS, FULL_NAME, PERSONAL_CODE, CONTACTS, str(event.uuid)]


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT=(1_000_000, 60))
def test_no_operation_reveals_a_safeguarding_case_or_an_identity(cast):
    event, child = _world(cast)
    secrets = _secrets(event)
    gets = sorted(key for key in API_GRID if key[0] == "GET")
    assert set(gets) == {key for key in OPERATIONS if key[0] == "GET"}
    paths = []
    for _method, template in gets:
        kwargs = API_GRID[(_method, template)].kwargs(cast)
        if "reference" in kwargs:  # the record of the very child the case is about
            kwargs["reference"] = child.reference
        paths.append(PREFIX + template.format(slug="alfa", **kwargs))
    read = 0
    for role in ALL_ROLES:
        client = ApiClient(make_token(cast.users[role], cast.alfa, name=f"leak {role}"))
        for path in paths:
            response = client.get(path, page_size=200)
            body = response.content.decode()
            leaked = [s for s in secrets if s in body]
            assert not leaked, f"{role} read {leaked} at {path}"
            read += response.status_code == 200
    assert read > 100  # the reads reached the endpoints, not only their gates


@pytest.mark.django_db
def test_the_child_s_record_names_them_by_reference_only(cast):
    _event, child = _world(cast)
    for user in (cast.ona, cast.rasa, cast.users[Role.UNIT_HEAD]):
        response = ApiClient(make_token(user, cast.alfa)).get(f"{PREFIX}/orgs/alfa/people/{child.reference}")
        assert response.status_code == 200 and response.json()["reference"] == child.reference


@pytest.mark.django_db
def test_no_webhook_payload_reveals_them(cast, monkeypatch):
    api_services.webhook_create(
        org=cast.alfa, url="https://hooks.example.lt/", events=list(WebhookEvent.values), by=cast.ona
    )
    event, _child = _world(cast)
    safeguarding.event_transition(event=event, to="assessing", reason="Vertinama", by=cast.users[Role.UNIT_HEAD])
    deliveries = list(Delivery.objects.all())
    assert deliveries, "the action made from the case is an event for the webhook"
    for delivery in deliveries:
        payload = str(delivery.payload)
        assert not [s for s in _secrets(event) if s in payload], delivery.event
