"""An organisation's own document types: made, changed and deleted by the director or coordinator on a page; the
shipped types stay read-only; each organisation sees only its own; the checklist, the forms and the public page use
them like the shipped ones."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from documents import library, services
from documents.forms import DocumentTypeForm
from documents.models import Document, DocumentType
from documents.tests import factories
from frameworks.tests.factories import make_version
from kokybe.test import assert_constant_queries, client_for, urls_for
from orgs.models import ActivityEntry

url = urls_for("documents")

pytestmark = pytest.mark.django_db


def own_type(org, name="Savanorystės tvarka", **fields):
    fields.setdefault("name_en", "Volunteering procedure")
    return DocumentType.objects.create(org=org, code=DocumentType.new_code(org, name), name_lt=name, **fields)


VALID = {
    "name_lt": "Savanorystės tvarka",
    "name_en": "Volunteering procedure",
    "description_lt": "Kaip priimami ir lydimi savanoriai.",
    "description_en": "How volunteers are taken on and supported.",
    "review_months": "24",
    "public_by_default": "on",
    "required": "on",
    "indicator_codes": "",
}


def entries(doc_type, verb):
    return ActivityEntry.objects.filter(
        verb=verb, target_type=ContentType.objects.get_for_model(DocumentType), target_id=str(doc_type.pk)
    )


# ── The list ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_list_shows_own_types_editable_and_shipped_ones_read_only_in_lithuanian(cast):
    mine = own_type(cast.alfa)
    own_type(cast.beta, "Beta vidaus taisyklės")
    factories.approved(cast)  # one document of the shipped quality policy
    text = client_for(cast.jonas).get(url("types", cast)).text
    assert "<h1>Dokumentų tipai</h1>" in text and "Jūsų organizacijos tipai" in text
    assert "Savanorystės tvarka" in text and url("type_edit", cast, mine.pk) in text
    assert "Kokybės politika" in text and "Bendrieji tipai" in text
    assert "Beta vidaus taisyklės" not in text
    shipped = DocumentType.objects.get(code="quality-policy")
    assert url("type_edit", cast, shipped.pk) not in text and url("type_delete", cast, shipped.pk) not in text
    assert f"?type={shipped.code}&amp;status=all" in text  # its one document


def test_the_director_sees_the_page_and_the_subnav_leads_there(cast):
    response = client_for(cast.ona).get(url("checklist", cast))
    assert url("types", cast) in response.text
    assert url("types", cast) not in client_for(cast.rasa).get(url("checklist", cast)).text


def test_the_list_keeps_its_queries_however_many_types(cast):
    client = client_for(cast.jonas)

    def grow(n):
        for i in range(DocumentType.objects.for_org(cast.alfa).count(), n):
            factories.draft(cast, type_code=own_type(cast.alfa, f"Tvarka {i}").code)

    def render():
        assert client.get(url("types", cast)).status_code == 200

    assert_constant_queries(render, grow, small=5, large=40)


# ── Creating ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_coordinator_creates_a_type_that_comes_after_the_shipped_ones(cast):
    response = client_for(cast.jonas).post(url("type_create", cast), VALID)
    assert response.status_code == 302 and response["Location"] == url("types", cast)
    doc_type = DocumentType.objects.get(name_lt="Savanorystės tvarka")
    assert doc_type.org == cast.alfa and doc_type.code == f"org{cast.alfa.pk}-savanorystes-tvarka"
    assert doc_type.order > DocumentType.objects.shipped().order_by("-order").first().order
    assert (doc_type.review_months, doc_type.public_by_default, doc_type.required) == (24, True, True)
    assert doc_type.description_en == "How volunteers are taken on and supported."
    entry = entries(doc_type, ActivityEntry.Verb.CREATED).get()
    assert entry.actor == cast.jonas and entry.org == cast.alfa


def test_the_same_name_twice_gets_its_own_code(cast):
    first = own_type(cast.alfa)
    second = DocumentType.new_code(cast.alfa, first.name_lt)
    assert second == f"{first.code}-2"


def test_the_checklist_shows_a_new_required_type_as_missing_with_a_start_link(cast):
    client = client_for(cast.jonas)
    client.post(url("type_create", cast), VALID)
    doc_type = DocumentType.objects.get(name_lt="Savanorystės tvarka")
    response = client.get(url("checklist", cast))
    states = {t.pk: state for t, state, _docs in response.context["required_rows"]}
    assert states[doc_type.pk] == "missing"
    assert f"?type={doc_type.code}" in response.text and "Savanorystės tvarka" in response.text
    form = client.get(url("create", cast), {"type": doc_type.code})
    assert form.context["form"].initial["type"] == doc_type


def test_an_optional_own_type_is_listed_with_the_other_documents_even_before_it_has_one(cast):
    doc_type = own_type(cast.alfa, required=False)
    response = client_for(cast.rasa).get(url("checklist", cast))
    assert doc_type.pk in [t.pk for t, _state, _docs in response.context["other_rows"]]
    assert doc_type.pk not in [t.pk for t, _state, _docs in response.context["optional_rows"]]


def test_a_document_of_an_own_type_counts_on_the_checklist(cast):
    doc_type = own_type(cast.alfa, required=True)
    factories.approved(cast, type_code=doc_type.code, title="Savanorystės tvarka 2026")
    response = client_for(cast.jonas).get(url("checklist", cast))
    states = {t.pk: state for t, state, _docs in response.context["required_rows"]}
    assert states[doc_type.pk] == "ok"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name_lt": ""}, "name_lt", "Šis laukas yra privalomas."),
        ({"name_lt": "Kokybės politika"}, "name_lt", "Dokumento tipas tokiu pavadinimu jau yra."),
        ({"name_en": "quality policy"}, "name_en", "Dokumento tipas tokiu pavadinimu jau yra."),
        ({"review_months": "0"}, "review_months", "Pasirinkite nuo 1 iki 120 mėnesių."),
        ({"review_months": "121"}, "review_months", "Pasirinkite nuo 1 iki 120 mėnesių."),
        ({"indicator_codes": "1.1.1, 1.2.1"}, "indicator_codes", "1 eilutė: parašykite sistemos kodą"),
        ({"indicator_codes": "nera-tokios: 1.1.1"}, "indicator_codes", "Nėra sistemos su kodu „nera-tokios“."),
        ({"indicator_codes": "test-fw: 1.1.1, 9.9.9"}, "indicator_codes", "Sistemoje „test-fw“ nėra: 9.9.9."),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(cast, change, field, message):
    make_version()
    response = client_for(cast.jonas).post(url("type_create", cast), {**VALID, **change})
    assert response.status_code == 400
    assert response.context["form"].errors[field] and message in response.text
    assert not DocumentType.objects.for_org(cast.alfa).exists()


def test_typical_indicators_are_stored_per_framework_and_suggested_on_a_document(cast):
    make_version()
    client = client_for(cast.jonas)
    client.post(url("type_create", cast), {**VALID, "indicator_codes": "test-fw: 1.1.1, 1.2.1\ntest-fw: 1.1.1"})
    doc_type = DocumentType.objects.get(name_lt="Savanorystės tvarka")
    assert doc_type.indicator_codes == {"test-fw": ["1.1.1", "1.2.1"]}
    form = client.get(url("type_edit", cast, doc_type.pk)).text
    assert "test-fw: 1.1.1, 1.2.1</textarea>" in form and "<code>test-fw</code>" in form
    document = factories.approved(cast, type_code=doc_type.code)
    page = client.get(document.get_absolute_url()).text
    assert "Rodiklis 1.2.1: įstaiga turi patvirtintą tvarką" in page


def test_a_document_of_an_own_type_starts_from_the_general_outline_with_its_guidance(cast):
    doc_type = own_type(cast.alfa)
    document = factories.draft(cast, type_code=doc_type.code)
    assert document.versions.get().body.startswith("# 1. Paskirtis ir taikymo sritis")
    page = client_for(cast.jonas).get(reverse("documents:draft", args=[cast.alfa.slug, document.uuid])).text
    assert "Auditorius tikrina, ar aišku, kam ir kada dokumentas taikomas." in page


def test_another_organisations_framework_codes_are_unknown(cast):
    make_version(org=cast.beta, code="beta-fw")
    response = client_for(cast.jonas).post(url("type_create", cast), {**VALID, "indicator_codes": "beta-fw: 1.1.1"})
    assert response.status_code == 400 and "Nėra sistemos su kodu „beta-fw“." in response.text


# ── Editing and deleting ───────────────────────────────────────────────────────────────────────────────────────────


def test_editing_an_own_type_saves_and_logs_the_change(cast):
    doc_type = own_type(cast.alfa, review_months=36)
    response = client_for(cast.ona).post(
        url("type_edit", cast, doc_type.pk), {**VALID, "name_lt": "Savanorių tvarka", "review_months": "12"}
    )
    assert response.status_code == 302
    doc_type.refresh_from_db()
    assert (doc_type.name_lt, doc_type.review_months) == ("Savanorių tvarka", 12)
    assert doc_type.code == f"org{cast.alfa.pk}-savanorystes-tvarka"  # the code stays
    entry = entries(doc_type, ActivityEntry.Verb.UPDATED).get()
    assert entry.changes["review_months"] == ["36", "12"]


def test_a_shipped_type_or_another_organisations_cannot_be_edited_or_deleted(cast):
    shipped = DocumentType.objects.get(code="quality-policy")
    beta = own_type(cast.beta)
    client = client_for(cast.jonas)
    for doc_type in (shipped, beta):
        assert client.get(url("type_edit", cast, doc_type.pk)).status_code == 404
        assert client.post(url("type_edit", cast, doc_type.pk), VALID).status_code == 404
        assert client.post(url("type_delete", cast, doc_type.pk)).status_code == 404
    shipped.refresh_from_db()
    assert shipped.name_lt == "Kokybės politika" and DocumentType.objects.filter(pk=beta.pk).exists()


def test_the_services_refuse_a_shipped_type_whatever_the_caller(cast):
    shipped = DocumentType.objects.get(code="quality-policy")
    form = DocumentTypeForm({**VALID, "name_lt": "Pakeista"}, instance=shipped, org=cast.alfa)
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError):
        services.document_type_save(form=form, org=cast.alfa, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.document_type_delete(doc_type=shipped, org=cast.alfa, by=cast.jonas)
    shipped.refresh_from_db()
    assert shipped.name_lt == "Kokybės politika" and shipped.org is None


def test_an_unused_type_is_deleted_and_logged(cast):
    doc_type = own_type(cast.alfa)
    response = client_for(cast.jonas).post(url("type_delete", cast, doc_type.pk))
    assert response.status_code == 302 and not DocumentType.objects.filter(pk=doc_type.pk).exists()
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.DELETED, target_repr="Savanorystės tvarka").exists()


def test_a_type_a_document_uses_is_not_deleted_and_the_page_says_why(cast):
    doc_type = own_type(cast.alfa)
    document = factories.approved(cast, type_code=doc_type.code)
    services.document_archive(document=document, by=cast.ona)  # archived documents keep their type
    client = client_for(cast.jonas)
    response = client.post(url("type_delete", cast, doc_type.pk), follow=True)
    assert DocumentType.objects.filter(pk=doc_type.pk).exists()
    assert "„Savanorystės tvarka“ negalima ištrinti: 1 dokumentas yra šio tipo" in response.text
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.DELETED).exists()


# ── Tenancy ────────────────────────────────────────────────────────────────────────────────────────────────────────


def test_another_organisations_type_is_never_offered_nor_accepted(cast):
    beta = own_type(cast.beta, "Beta vidaus taisyklės")
    client = client_for(cast.jonas)
    assert "Beta vidaus taisyklės" not in client.get(url("checklist", cast)).text
    assert "Beta vidaus taisyklės" not in client.get(url("list", cast)).text
    form = client.get(url("create", cast), {"type": beta.code})
    assert "type" not in form.context["form"].initial and "Beta vidaus taisyklės" not in form.text
    response = client.post(
        url("create", cast),
        {"type": beta.pk, "title": "Svetimas", "start": "blank", "owner": cast.jonas.pk, "is_public": "on"},
    )
    assert response.status_code == 200 and response.context["form"].errors["type"]
    assert not Document.objects.filter(title="Svetimas").exists()
    with pytest.raises(ValidationError) as refused:
        Document(org=cast.alfa, type=beta, title="Svetimas").full_clean()
    assert "type" in refused.value.error_dict


def test_syncing_the_shipped_library_leaves_own_types_alone(cast):
    doc_type = own_type(cast.alfa, review_months=12)
    assert library.sync_types(DocumentType) == (0, 0)
    doc_type.refresh_from_db()
    assert doc_type.review_months == 12 and doc_type.org == cast.alfa


# ── The public page ────────────────────────────────────────────────────────────────────────────────────────────────


def test_renaming_a_type_shows_on_the_public_page_at_once(cast):
    doc_type = own_type(cast.alfa)
    factories.approved(cast, type_code=doc_type.code, title="Savanorių priėmimas ir lydėjimas", publish=True)
    page = reverse("quality:page", args=[cast.alfa.slug])
    assert "Savanorystės tvarka" in Client().get(page).text
    client_for(cast.jonas).post(url("type_edit", cast, doc_type.pk), {**VALID, "name_lt": "Savanorių tvarka"})
    text = Client().get(page).text
    assert "Savanorių tvarka" in text and "Savanorystės tvarka" not in text
