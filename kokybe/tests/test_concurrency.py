"""No lost updates (kokybe/lib/concurrency.py), proven on every edit form of a shared object.

Each case is the same story on a real page: two people open the same edit form; one saves; the other saves a
different value a moment later. The later save is refused, names the first person, keeps the later person's input
on the page, and leaves the first person's value saved. Saving the refused page again — a deliberate choice made
with both versions in view — goes through.
"""

import re
from dataclasses import dataclass
from html import unescape as html_unescape

import pytest
from django.test import Client

from kokybe.lib import concurrency
from kokybe.test import page_form
from kokybe.tests.test_grid import ROUTES, _url
from orgs.roles import Role


@dataclass(frozen=True)
class Edit:
    field: str
    first: Role = Role.COORDINATOR
    later: Role = Role.DIRECTOR
    setup: object = None  # makes the edited row exist where the page would otherwise show unsaved defaults
    # The two values typed (a date field's as the page shows it).
    first_value: str = "Pirmojo pakeitimas"
    later_value: str = "Vėlesnio pakeitimas"


def _saved_document_settings(cast):
    from documents.models import DocumentSettings

    DocumentSettings.objects.get_or_create(org=cast.alfa)


EDIT_FORMS = {
    "actions:edit": Edit("title"),
    "work:milestone_edit": Edit("title"),
    "orgs:settings": Edit("short_name"),
    "orgs:unit_edit": Edit("name"),
    "orgs:service_edit": Edit("name"),
    "orgs:member_edit": Edit("position"),
    "assessments:edit": Edit("title"),
    "audits:edit": Edit("title"),
    "audits:finding_edit": Edit("text"),
    "audits:onsite": Edit("note", first=Role.INTERNAL_AUDITOR),
    "audits:certificate_edit": Edit("reference"),
    "audits:progress_edit": Edit("title"),
    "audits:review_edit": Edit("title"),
    "documents:edit": Edit("title"),
    "documents:draft": Edit("body"),
    "documents:settings": Edit("quality_statement_lt", setup=_saved_document_settings),
    "documents:type_edit": Edit("name_lt"),
    "surveys:edit": Edit("title"),
    # A service user's record has no free text (a name must never be written there): its end date is edited.
    "people:edit": Edit("ended", first=Role.UNIT_HEAD, first_value="2026-03-01", later_value="2026-04-01"),
    # The grid names Ugnė (unit head) the safeguarding lead: she and the director keep the authorities' contacts.
    "safeguarding:authority_edit": Edit("name", first=Role.UNIT_HEAD),
    "safeguarding:rule_edit": Edit("channel", first=Role.UNIT_HEAD),
    "results:edit": Edit("notes"),
    "complaints:edit": Edit("subject"),
    "competence:course_edit": Edit("provider"),
    "competence:plan_edit": Edit("note"),
}


def _client(cast, role):
    client = Client()
    client.force_login(cast.users[role])
    return client


def _errors(response):
    return response.content.decode()[:3000]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_later_save_of_a_stale_form_is_refused_and_keeps_the_input(name, cast):
    edit = EDIT_FORMS[name]
    if edit.setup:
        edit.setup(cast)
    url = _url(ROUTES[name], cast)
    first, later = _client(cast, edit.first), _client(cast, edit.later)
    first_form = page_form(first.get(url), concurrency.FIELD)
    later_form = page_form(later.get(url), concurrency.FIELD)
    assert later_form[concurrency.FIELD], "the page carries the state it was opened with"

    first_form[edit.field] = edit.first_value
    response = first.post(url, first_form)
    assert response.status_code == 302, _errors(response)

    later_form[edit.field] = edit.later_value
    refused = later.post(url, later_form)
    assert refused.status_code != 302, "the later save overwrote the first one"
    html = refused.content.decode()
    assert str(cast.users[edit.first]) in html and "Neišsaugota" in html
    assert f"Tuo metu išsaugota: „{edit.first_value}“" in html
    kept = page_form(refused, concurrency.FIELD)
    assert kept[edit.field] == edit.later_value, "the person's input is kept on the page"
    assert page_form(first.get(url), concurrency.FIELD)[edit.field] == edit.first_value

    # Saved again from the refused page, knowing what the first person wrote: it goes through.
    response = later.post(url, kept)
    assert response.status_code == 302, _errors(response)
    assert page_form(first.get(url), concurrency.FIELD)[edit.field] == edit.later_value


@pytest.mark.django_db
def test_a_save_that_changes_nothing_the_other_wrote_goes_through(cast):
    url = _url(ROUTES["orgs:unit_edit"], cast)
    first, later = _client(cast, Role.COORDINATOR), _client(cast, Role.DIRECTOR)
    first_form = page_form(first.get(url), concurrency.FIELD)
    later_form = page_form(later.get(url), concurrency.FIELD)
    first.post(url, {**first_form, "name": "Naujas pavadinimas"})
    # The later person typed the same name: nothing of the first save is lost.
    assert later.post(url, {**later_form, "name": "Naujas pavadinimas"}).status_code == 302


@pytest.mark.django_db
def test_a_change_of_a_field_the_form_does_not_show_does_not_refuse(cast):
    url = _url(ROUTES["orgs:unit_edit"], cast)
    client = _client(cast, Role.DIRECTOR)
    form = page_form(client.get(url), concurrency.FIELD)
    base, _opened = concurrency.decode(form[concurrency.FIELD])
    assert set(base) == {"name", "parent", "description", "order"}
    assert client.post(url, {**form, "description": "Kitas aprašymas"}).status_code == 302


@pytest.mark.django_db
def test_the_persons_own_change_in_another_tab_is_not_a_conflict(cast):
    url = _url(ROUTES["orgs:unit_edit"], cast)
    client = _client(cast, Role.DIRECTOR)
    tab1 = page_form(client.get(url), concurrency.FIELD)
    tab2 = page_form(client.get(url), concurrency.FIELD)
    assert client.post(url, {**tab1, "name": "Pirmas"}).status_code == 302
    assert client.post(url, {**tab2, "name": "Antras"}).status_code == 302


@pytest.mark.django_db
def test_a_change_nobody_logged_refuses_without_a_name(cast):
    url = _url(ROUTES["orgs:unit_edit"], cast)
    client = _client(cast, Role.DIRECTOR)
    form = page_form(client.get(url), concurrency.FIELD)
    cast.alfa_subunit.name = "Pakeista ne per programą"
    cast.alfa_subunit.save()
    refused = client.post(url, {**form, "name": "Mano"})
    assert refused.status_code != 302
    assert "Neišsaugota: kažkas" in refused.content.decode()


def test_state_round_trip_ignores_garbage():
    from django.utils import timezone

    now = timezone.now()
    state, opened = concurrency.decode(concurrency.encode({"title": "abc123"}, now))
    assert state == {"title": "abc123"} and abs((opened - now).total_seconds()) < 0.001
    assert concurrency.decode("@x;title;:;a:b") == ({"a": "b"}, None)


@pytest.mark.django_db
def test_onsite_autosave_refuses_a_field_another_auditor_saved_meanwhile(cast):
    from django.urls import reverse

    route = ROUTES["audits:onsite"]
    url = _url(route, cast)
    save_url = reverse("audits:onsite_save", kwargs={"org_slug": cast.alfa.slug, **route.kwargs(cast)})
    coordinator, auditor = _client(cast, Role.COORDINATOR), _client(cast, Role.INTERNAL_AUDITOR)

    def opened(response):
        return html_unescape(re.search(r'name="opened_state" id="autosave-state" value="([^"]*)"', response)[1])

    mine = opened(auditor.get(url).content.decode())
    theirs = opened(coordinator.get(url).content.decode())
    hx = {"HX-Request": "true"}

    def autosave(client, text, state):
        return client.post(save_url, {"field": "note", "note": text, concurrency.OPENED: state}, headers=hx)

    # The auditor's own autosaves follow one another without refusing themselves.
    for text in ("Pirma", "Pirma ir antra"):
        assert autosave(auditor, text, mine).status_code == 200
    # A field nobody else touched saves; the note the auditor wrote meanwhile is refused.
    interviewed = {"field": "interviewed", "interviewed": "staff", concurrency.OPENED: theirs}
    assert coordinator.post(save_url, interviewed, headers=hx).status_code == 200
    refused = autosave(coordinator, "Koordinatorės", theirs)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert str(cast.users[Role.INTERNAL_AUDITOR]) in html and "„Pirma ir antra“" in html
    assert 'hx-swap-oob="true"' in html  # the page's state renewed: the next change is saved knowingly
    assert autosave(coordinator, "Koordinatorės", opened(html)).status_code == 200


def test_every_edit_route_is_walked_here():
    # The plan's bulk edit sets one chosen value on many actions; nothing typed there can be lost.
    edits = {name for name in ROUTES if name.rsplit(":", 1)[-1].endswith("edit")} - {"actions:bulk_edit"}
    assert edits <= set(EDIT_FORMS), f"edit pages without the two-person test: {sorted(edits - set(EDIT_FORMS))}"
