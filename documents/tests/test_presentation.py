"""What readers see: a revised document's state in the lists, the type only where it adds something, the order
number in the instrumental case and unbroken, read-confirmation wording, the confirm button after the text, a
person's pending confirmation on the document's page, and no public page before anything is published."""

import pytest
from django.test import Client
from django.urls import reverse

from documents import services
from documents.models import DocumentSettings
from documents.tests import factories
from kokybe.test import client_for, urls_for
from orgs.roles import Role

url = urls_for("documents")

pytestmark = pytest.mark.django_db


def row_of(text, document):
    """The list's table row of `document`."""
    rows = [row for row in text.split("<tr>") if str(document.uuid) in row]
    assert len(rows) == 1, rows
    return rows[0].split("</tr>")[0]


# The register list and the checklist


def test_list_shows_a_revised_document_in_force_with_its_new_version_being_prepared(cast):
    document = factories.revised(cast)
    row = row_of(client_for(cast.vida).get(url("list", cast)).text, document)
    assert "Galioja v1" in row and "rengiama v2" in row
    assert "Projektas" not in row


def test_list_shows_a_revision_sent_for_approval_as_awaiting_it_with_v1_still_in_force(cast):
    document = factories.revised(cast)
    services.document_submit(document=document, by=cast.ona)
    row = row_of(client_for(cast.vida).get(url("list", cast)).text, document)
    assert "Galioja v1" in row and "v2 laukia patvirtinimo" in row
    assert "Peržiūrimas" not in row


def test_list_still_calls_a_first_draft_a_draft(cast):
    document = factories.draft(cast)
    row = row_of(client_for(cast.vida).get(url("list", cast)).text, document)
    assert "Projektas" in row and "Galioja" not in row


def test_checklist_and_document_page_show_the_version_in_force_during_a_revision(cast):
    document = factories.revised(cast)
    client = client_for(cast.jonas)
    assert "Galioja v1" in client.get(url("checklist", cast)).text
    detail = client.get(url("detail", cast, document.uuid)).text
    assert "Galioja v1" in detail and "rengiama v2" in detail


def test_list_names_the_type_only_when_the_title_does_not(cast):
    after_type = factories.approved(cast)  # titled "Kokybės politika", like its type
    own_title = factories.approved(cast, type_code="complaints-procedure", title="Skundų tvarka 2025")
    text = client_for(cast.vida).get(url("list", cast)).text
    assert row_of(text, after_type).count("Kokybės politika") == 1
    assert "Skundų nagrinėjimo tvarka" in row_of(text, own_title)


def test_a_title_equal_to_the_types_english_name_does_not_repeat_it_either(cast):
    document = factories.approved(cast, title="Quality policy")
    assert not document.type_adds_to_title
    document.title = "Kokybės politika 2025"
    assert document.type_adds_to_title


def test_list_gives_the_order_number_in_the_instrumental_case_without_breaking_it(cast):
    document = factories.approved(cast, order_number="V-8")
    row = row_of(client_for(cast.vida).get(url("list", cast)).text, document)
    assert '<span class="nowrap">įsakymu Nr. V-8</span>' in row


# Read confirmations


def test_read_confirmation_texts_say_in_good_lithuanian_that_nobody_is_assigned(cast):
    document = factories.approved(cast)
    client = client_for(cast.jonas)
    detail = client.get(url("detail", cast, document.uuid)).text
    readers = client.get(url("readers", cast, document.uuid)).text
    coverage = client.get(url("coverage", cast)).text
    assert "Kol kas niekam nepaskirta perskaityti ir patvirtinti šio dokumento." in detail
    assert "Kol kas niekam nepaskirta." in readers
    assert "Kol kas nė vieno dokumento niekam nepaskirta perskaityti ir patvirtinti." in coverage
    for text in (detail, readers, coverage):
        assert "niekieno" not in text and "neprašo" not in text


def test_coverage_says_a_person_who_confirmed_everything_has_confirmed_everything(cast):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF])
    services.acknowledge(version=document.current_version, by=cast.rasa)
    text = client_for(cast.jonas).get(url("coverage", cast)).text
    assert "Viskas patvirtinta" in text and "Visi patvirtinti" not in text


def test_version_page_puts_the_confirm_button_after_the_text(cast):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF])
    text = client_for(cast.rasa).get(url("version", cast, document.uuid, 1)).text
    button = text.index(url("acknowledge", cast, document.uuid, 1))
    assert text.index('class="prose"') < button
    assert text.index("Jūsų prašoma perskaityti šią versiją") < text.index('class="prose"')


def test_document_page_tells_a_person_their_confirmation_is_pending_with_a_link_to_the_version(cast):
    document = factories.approved(cast)
    services.audience_set(document=document, by=cast.jonas, roles=[Role.STAFF])
    client = client_for(cast.rasa)
    text = client.get(url("detail", cast, document.uuid)).text
    link = f'<a href="{url("version", cast, document.uuid, 1)}">Perskaitykite ir patvirtinkite 1 versiją</a>'
    assert "Jūsų prašoma iki" in text and link in text
    assert "Jūsų prašoma iki" not in client_for(cast.jonas).get(url("detail", cast, document.uuid)).text
    services.acknowledge(version=document.current_version, by=cast.rasa)
    assert "Jūsų prašoma iki" not in client.get(url("detail", cast, document.uuid)).text


# The public quality page


def test_public_page_names_the_organisation_without_inflecting_it(cast):
    document = factories.approved(cast, publish=True, order_number="V-8")
    text = Client().get(reverse("quality:page", args=[cast.alfa.slug])).text
    assert "Alfos socialinių paslaugų centras: kokybės dokumentai" in text
    assert "Patvirtintas" in text and '<span class="nowrap">įsakymu Nr. V-8</span>' in text
    page = Client().get(reverse("quality:document", args=[cast.alfa.slug, document.uuid])).text
    assert '<span class="nowrap">įsakymu Nr. V-8</span>' in page and "įsakymo Nr." not in page


def test_an_organisation_that_published_nothing_has_no_public_page_until_it_does(cast):
    DocumentSettings.objects.create(org=cast.alfa, quality_statement_lt="Mes rūpinamės kokybe.")
    document = factories.approved(cast)
    response = Client().get(reverse("quality:page", args=[cast.alfa.slug]))
    assert response.status_code == 404 and "Eiti į pradžios puslapį" in response.text  # the app's own 404
    settings_page = client_for(cast.jonas).get(url("settings", cast)).text
    assert "Jis pradės veikti, kai bus paskelbtas pirmasis dokumentas." in settings_page
    assert "Atverti viešąjį kokybės puslapį" not in settings_page
    services.document_publish(document=document, by=cast.ona)
    assert Client().get(reverse("quality:page", args=[cast.alfa.slug])).status_code == 200
    assert "Atverti viešąjį kokybės puslapį" in client_for(cast.jonas).get(url("settings", cast)).text
