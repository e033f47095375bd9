"""Pseudonymity: who a service user is lives in people.Identity and nowhere else.

- The schema of every installed app: no model but Identity has a column meant for a service user's name, personal
  code or contacts — neither on ServiceUser nor on any model that points at a service user, and no model at all
  has a personal-code column.
- The rows: after the demo's service users (with made-up identities) have been listed, opened, planned, measured,
  exported and logged through the real pages, no table but the identity store holds any of their identity strings.
- What a role without identity access sees: no page, download, My work item, calendar entry, notification or log
  line shows an identity.
"""

import io
import logging
import zipfile

import pytest
from django.apps import apps
from django.db import connection, models

from accounts.models import User
from kokybe.lib.demo import DemoContext
from kokybe.test import client_for, url
from orgs import demo as orgs_demo
from orgs.models import Organisation
from people import demo
from people.models import Identity, Plan, ServiceUser

pytestmark = pytest.mark.django_db

IDENTITY_COLUMNS = {
    "name",
    "full_name",
    "first_name",
    "last_name",
    "surname",
    "vardas",
    "pavarde",
    "personal_code",
    "asmens_kodas",
    "birth_date",
    "date_of_birth",
    "phone",
    "telephone",
    "email",
    "address",
    "contacts",
}


def _points_at_service_user(model):
    return any(
        getattr(f, "related_model", None) is ServiceUser
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete
    )


def test_no_model_but_the_identity_store_has_a_column_for_a_service_users_identity():
    offenders = []
    for model in apps.get_models():
        if model is Identity:
            continue
        columns = {f.name for f in model._meta.concrete_fields} | {f.column for f in model._meta.concrete_fields}
        if model is ServiceUser or _points_at_service_user(model):
            offenders += [f"{model._meta.label}.{c}" for c in sorted(columns & IDENTITY_COLUMNS)]
        offenders += [f"{model._meta.label}.{c}" for c in sorted(columns & {"personal_code", "asmens_kodas"})]
    assert not offenders, f"identity columns outside people.Identity: {offenders}"
    assert {f.name for f in Identity._meta.concrete_fields} >= {"full_name", "personal_code", "contacts"}


def test_the_identity_store_is_a_table_of_its_own_one_to_one_with_the_service_user():
    link = Identity._meta.get_field("service_user")
    assert isinstance(link, models.OneToOneField) and link.related_model is ServiceUser
    assert Identity._meta.db_table != ServiceUser._meta.db_table


@pytest.fixture
def klaipeda():
    ctx = DemoContext()
    orgs_demo.load(ctx)
    demo.load(ctx)
    return Organisation.objects.get(slug="klaipeda")


def _secrets():
    return [s for i in Identity.objects.all() for s in (i.full_name, i.personal_code, i.contacts) if s]


def _scan_tables(secrets):
    """[(table, secret)] for every row of every table but the identity store that holds one of the secrets."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == Identity._meta.db_table:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row if v is not None)
                found += [(table, s) for s in secrets if s in text]
    return found


def _docx_text(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_identities_appear_in_no_other_table_and_nowhere_a_role_without_access_looks(klaipeda, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = _secrets()
    assert len(secrets) == 3 * demo.PEOPLE
    director = User.objects.get(email="direktorius@klaipeda.demo")
    staff = User.objects.get(email="darbuotojas@klaipeda.demo")
    person = ServiceUser.objects.filter(org=klaipeda, key_worker=staff).first()
    plan = Plan.objects.filter(service_user=person).order_by("-version").first()

    # The director opens, changes and exports an identity: all of it is logged (by reference).
    boss = client_for(director)
    assert boss.get(url("people:identity", klaipeda, reference=person.reference)).status_code == 200
    identity = person.identity
    response = boss.post(
        url("people:identity", klaipeda, reference=person.reference),
        {"full_name": identity.full_name, "personal_code": identity.personal_code, "contacts": identity.contacts},
    )
    assert response.status_code == 302
    assert identity.full_name in boss.get(url("people:export_json", klaipeda, reference=person.reference)).text

    # A staff member without identity access walks every page about her people.
    worker = client_for(staff)
    pages = [
        url("people:list", klaipeda),
        url("people:detail", klaipeda, reference=person.reference),
        url("people:plan", klaipeda, reference=person.reference, version=plan.version),
        url("people:plan_review", klaipeda, reference=person.reference, version=plan.version),
        url("people:plan_create", klaipeda, reference=person.reference),
        url("people:measure", klaipeda, reference=person.reference, code="kokybe-qol8"),
        url("people:measure_easy", klaipeda, reference=person.reference, code="kokybe-qol8", step=1),
        url("people:outcomes", klaipeda),
        "/me/work/",
        "/me/notifications/",
        url("work:calendar", klaipeda),
    ]
    shown = []
    for page in pages:
        response = worker.get(page)
        assert response.status_code == 200, page
        shown.append(response.content.decode())
    for easy in ("", "?easy=1"):
        pdf = worker.get(url("people:plan_pdf", klaipeda, reference=person.reference, version=plan.version) + easy)
        shown.append(pdf.content.decode("latin-1"))
        docx = worker.get(url("people:plan_docx", klaipeda, reference=person.reference, version=plan.version) + easy)
        shown.append(_docx_text(docx.content))
    for name in ("people:identity", "people:export_json", "people:export_pdf"):
        assert worker.get(url(name, klaipeda, reference=person.reference)).status_code == 403

    everything = "\n".join(shown)
    assert person.reference in everything
    assert not [s for s in secrets if s in everything]
    assert not [s for s in secrets if s in caplog.text]
    assert not _scan_tables(secrets)


def test_the_activity_log_page_names_people_by_reference(klaipeda):
    director = User.objects.get(email="direktorius@klaipeda.demo")
    person = ServiceUser.objects.filter(org=klaipeda).first()
    client = client_for(director)
    client.get(url("people:identity", klaipeda, reference=person.reference))
    log = client.get(url("orgs:activity", klaipeda)).text
    assert person.reference in log and person.identity.full_name not in log
