"""The shipped library: document types seeded on a fresh install, starter templates in both languages."""

import pytest

from documents import library
from documents.models import DocumentType
from orgs.models import Organisation

pytestmark = pytest.mark.django_db

SEED_000 = [
    "EQUASS sertifikatas",
    "Kokybės politika",
    "Paslaugų gavėjų chartija",
    "Etikos ir gerovės užtikrinimo politika",
    "Darbuotojų samdymo ir išsaugojimo tvarka",
    "Skundų nagrinėjimo tvarka",
    "Paslaugų gavėjų įgalinimo koncepcija",
    "Fizinio ir psichologinio smurto prieš paslaugų gavėjus ir finansinio piktnaudžiavimo jų atžvilgiu prevencijos "
    "procedūrų aprašas",
    "Paslaugų gavėjų gyvenimo kokybės koncepcija",
    "Saugos ir sveikatos užtikrinimo priemonių planas",
]


def test_fresh_install_has_the_ten_types_of_seed_000_in_its_order_then_the_others():
    names = list(DocumentType.objects.values_list("name_lt", flat=True))
    assert names[:10] == SEED_000
    assert "Prašymų, skundų, pranešimų pateikimo ir nagrinėjimo tvarkos aprašas" in names
    assert "Individualaus plano sudarymo metodika" in names
    assert "Paslaugų gavėjų tarybos nuostatai" in names
    assert set(DocumentType.objects.filter(required=True).values_list("name_lt", flat=True)) == set(SEED_000)


def test_sync_types_is_idempotent_and_restores_changed_fields():
    DocumentType.objects.filter(code="quality-policy").update(review_months=1)
    assert library.sync_types(DocumentType) == (0, 1)
    assert DocumentType.objects.get(code="quality-policy").review_months == 36
    assert library.sync_types(DocumentType) == (0, 0)


def test_every_type_but_the_certificate_has_a_starter_template_in_both_languages():
    for code in DocumentType.objects.values_list("code", flat=True):
        if code == "equass-certificate":
            assert not library.has_template(code)
            continue
        lt, en = library.sections(code, "lt"), library.sections(code, "en")
        assert lt and len(lt) == len(en), code
        assert all(s.heading and s.guidance and s.text for s in lt + en), code


def test_starter_markdown_names_the_organisation_and_numbers_the_sections():
    org = Organisation(name="Alfos centras")
    text = library.starter_markdown("quality-policy", "lt", org)
    assert text.startswith("# 1. Paskirtis\n")
    assert "Alfos centras" in text and "{org}" not in text
    assert library.starter_markdown("quality-policy", "en", org).startswith("# 1. Purpose\n")


# Every Lithuanian sentence that names the organisation, with the case it needs (read by a Lithuanian speaker).
NAMED = {
    "quality-policy": "Ši politika nustato, kaip Betos globos namai supranta paslaugų kokybę",
    "complaints-procedure": "Ši tvarka nustato, kaip Betos globos namų paslaugų gavėjai, jų artimieji",
    "ethics-policy": "kurių laikosi visi Betos globos namų darbuotojai, savanoriai ir praktikantai",
    "health-safety-plan": "Šis planas nustato Betos globos namų darbuotojų ir paslaugų gavėjų saugos",
    "requests-complaints-procedure": "kaip asmenys pateikia Betos globos namams prašymus, skundus ir pranešimus",
    "service-users-charter": "Ši chartija skirta visiems, kurie gauna Betos globos namų paslaugas",
    "users-council-regulations": "Paslaugų gavėjų taryba – Betos globos namų paslaugų gavėjų atstovavimo forma",
    "abuse-prevention": "Šis aprašas nustato, kaip Betos globos namai užkerta kelią",
    "empowerment-concept": "Betos globos namai įgalinimą supranta kaip procesą",
    "individual-plan-methodology": "Ši metodika nustato, kaip Betos globos namai kartu su paslaugų gavėju",
    "quality-of-life-concept": "Ši koncepcija nustato, kaip Betos globos namai supranta",
    "recruitment-retention": "Ši tvarka nustato, kaip Betos globos namai atrenka",
    "other": "Šis dokumentas nustato, kaip Betos globos namai …",
}


def test_every_template_names_the_organisation_in_the_case_its_sentence_needs():
    org = Organisation.objects.create(name="Betos globos namai", slug="beta-namai")
    assert (org.name_genitive, org.name_dative) == ("Betos globos namų", "Betos globos namams")
    for code, sentence in NAMED.items():
        text = " ".join(library.starter_markdown(code, "lt", org).split())
        assert sentence in text, code
        assert "{org" not in text, code


def test_typical_indicator_codes_exist_in_the_shipped_working_set():
    import yaml

    from frameworks.importing import LIBRARY_DIR

    data = yaml.safe_load((LIBRARY_DIR / "equass-assurance-2018-ws.yaml").read_text(encoding="utf-8"))
    codes = {i["code"] for p in data["principles"] for c in p["criteria"] for i in c["indicators"]}
    for doc_type in DocumentType.objects.all():
        missing = set(doc_type.indicator_codes.get("equass-assurance-ws", [])) - codes
        assert not missing, (doc_type.code, missing)


def test_missing_shipped_types_come_back_after_migrate_without_overwriting_changed_ones():
    from django.apps import apps

    from documents.apps import ensure_document_types

    DocumentType.objects.filter(code="other").delete()
    DocumentType.objects.filter(code="quality-policy").update(review_months=24)
    ensure_document_types(apps.get_app_config("documents"), apps=apps)
    assert DocumentType.objects.filter(code="other").exists()
    assert DocumentType.objects.get(code="quality-policy").review_months == 24
