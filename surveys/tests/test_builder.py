"""The questionnaire builder: new questionnaires and versions, editing a draft with the import's own checks,
reordering with and without htmx, preview, activation, the frozen rule, and the YAML round trip."""

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from kokybe.test import assert_constant_queries
from orgs.models import ActivityEntry
from surveys import builder, library
from surveys.forms import version_choices
from surveys.models import Instrument, InstrumentVersion, Question, Response, Section
from surveys.tests.factories import TEST_YAML, make_campaign, make_version, version_url

DETAILS = {
    "code": "seimos-apklausa",
    "title_lt": "Šeimos narių apklausa",
    "title_en": "Family survey",
    "description_lt": "",
    "description_en": "",
    "audience": "carers",
    "easy_read_available": False,
    "label": "1",
    "intro_lt": "Ačiū, kad atsakote.",
    "intro_en": "Thank you for answering.",
    "easy_intro_lt": "",
    "easy_intro_en": "",
}


def revision(version):
    version.refresh_from_db()
    return version.checksum


def question(**fields):
    """A question form's POST data: a required 5-point agreement question unless told otherwise."""
    data = {"section": 1, "code": "kind", "type": "likert", "scale": "agree5", "required": "on", "rows": 7}
    data.update(text_lt="Darbuotojai malonūs.", text_en="Staff are kind.", principles="", indicators="")
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post(client, name, version, data=None, *args, **kwargs):
    return client.post(version_url(name, version, *args), {"revision": revision(version), **(data or {})}, **kwargs)


@pytest.fixture
def draft(cast):
    """Alfa's new questionnaire with one empty section."""
    version = builder.instrument_create(org=cast.alfa, data=DETAILS, by=cast.jonas)
    change = builder.put_section(None, {"title_lt": "Bendravimas", "title_en": "Communication"})
    return builder.version_change(version=version, org=cast.alfa, change=change, revision=version.checksum, by=None)


def add(draft, section=1, **fields):
    """Add a question (as a YAML document writes it) through the builder's service."""
    data = {"code": "kind", "type": "likert", "text_lt": "Darbuotojai malonūs.", "text_en": "Staff are kind.", **fields}
    if data["type"] == "likert":
        data.setdefault("points", builder.scale_points("agree5"))
    change = builder.put_question(None, data, section)
    org = draft.instrument.org
    return builder.version_change(version=draft, org=org, change=change, revision=revision(draft), by=None)


# ── Building ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_a_coordinator_creates_a_questionnaire_and_builds_it_with_a_conditional_question(cast, login):
    client = login(cast.jonas)
    response = client.post(reverse("surveys:instrument_create", args=["alfa"]), DETAILS)
    version = InstrumentVersion.objects.get(instrument__org=cast.alfa, instrument__code="seimos-apklausa")
    assert response.status_code == 302 and response["Location"] == version_url("builder", version)
    assert version.status == "draft" and not version.sections.exists()

    assert (
        post(client, "builder_section_add", version, {"title_lt": "Bendravimas", "title_en": "Talking"}).status_code
        == 302
    )
    post(client, "builder_question_add", version, question(), 1)
    post(client, "builder_question_add", version, question(code="visited", type="yes_no", required=None), 1)
    rows = {"answer_1_lt": "Telefonu", "answer_1_en": "By phone", "answer_2_lt": "Raštu", "answer_2_en": "In writing"}
    response = post(
        client,
        "builder_question_add",
        version,
        question(code="how", type="single", show_if=["visited:1"], **rows),
        1,
    )
    assert response.status_code == 302 and response["Location"].endswith("#q-how")

    how = version.questions.get(code="how")
    assert list(version.questions.order_by("order").values_list("code", flat=True)) == ["kind", "visited", "how"]
    assert how.show_if.code == "visited" and how.show_if_values == ["1"]
    assert how.options == [
        {"code": "by-phone", "label_lt": "Telefonu", "label_en": "By phone"},
        {"code": "in-writing", "label_lt": "Raštu", "label_en": "In writing"},
    ]
    kind = version.questions.get(code="kind")
    assert kind.scale_points == 5 and kind.options[0] == {
        "label_lt": "Visiškai nesutinku",
        "label_en": "Strongly disagree",
    }
    entries = ActivityEntry.objects.filter(org=cast.alfa, target_id=str(version.pk))
    assert entries.filter(verb="created").count() == 1 and entries.filter(verb="updated").count() == 4
    assert entries.filter(verb="updated").first().changes["question"][1].startswith("3. ")


def test_editing_a_question_keeps_its_place_and_its_dependants_follow_a_new_code(cast, draft, login):
    add(draft, code="visited", type="yes_no")
    add(draft, code="how", type="likert", show_if={"question": "visited", "answers": ["1"]})
    add(draft, code="last", type="text")
    client = login(cast.ona)
    assert 'value="visited"' in client.get(version_url("builder_question", draft, "visited")).content.decode()
    data = question(code="been", type="yes_no", text_lt="Ar lankėtės?", text_en="Have you been?")
    response = post(client, "builder_question", draft, data, "visited")
    assert response.status_code == 302
    assert list(draft.questions.order_by("order").values_list("code", flat=True)) == ["been", "how", "last"]
    assert draft.questions.get(code="how").show_if.code == "been"


def test_the_question_form_offers_only_earlier_questions_to_depend_on(cast, draft, login):
    add(draft, code="first", type="yes_no")
    add(draft, code="middle", type="text")
    add(draft, code="later", type="yes_no")
    page = login(cast.jonas).get(version_url("builder_question", draft, "middle")).content.decode()
    assert 'value="first:1"' in page and "later:" not in page
    new = login(cast.jonas).get(version_url("builder_question_add", draft, 1)).content.decode()
    assert 'value="later:1"' in new and "middle:" not in new  # free text cannot be depended on


# ── The import's checks, the import's words ──────────────────────────────────────────────────────────────────

CASES = [
    (
        {"type": "single", "scale": "", "answer_1_lt": "Vienas", "answer_1_en": "One"},
        "A choice question needs at least two options.",
    ),
    (
        {"scale": "", "answer_1_lt": "A", "answer_1_en": "A", "answer_2_lt": "B", "answer_2_en": "B"},
        "A rating scale has 3, 5 or 7 points with labels.",
    ),
    (
        {
            "type": "single",
            "scale": "",
            "answer_1_lt": "Taip",
            "answer_1_en": "",
            "answer_2_lt": "Ne",
            "answer_2_en": "No",
        },
        "Every option needs a label in Lithuanian and English.",
    ),
    (
        {"type": "multiple", "scale": "", "easy_text_lt": "Kas?", "easy_text_en": "What?"}
        | {"answer_1_lt": "A", "answer_1_en": "A", "answer_2_lt": "B", "answer_2_en": "B"},
        "The easy-read form can show only rating, yes/no, single-choice and free-text questions.",
    ),
    ({"easy_text_lt": "Ar gerai?"}, "The easy-read question needs both Lithuanian and English text."),
    ({"type": "number", "min": "10", "max": "1"}, "The smallest number is larger than the largest."),
    ({"code": "Kind Of"}, "A question code may hold only letters, digits, - and _."),
    ({"code": "visited"}, "Another question already has this code."),
    ({"show_if": ["visited:1"], "section": 1, "code": "x"}, None),  # allowed: the baseline of the cases
]


@pytest.mark.parametrize("fields,message", CASES)
def test_the_builder_refuses_what_the_import_refuses_in_the_same_words(cast, draft, login, fields, message):
    add(draft, code="visited", type="yes_no")
    before = revision(draft)
    response = post(login(cast.jonas), "builder_question_add", draft, question(**fields), 1)
    if message is None:
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert response.status_code == 200 and "Niekas neišsaugota" in page
    with translation.override("lt"):
        words = translation.gettext(message)
    assert words in page
    assert revision(draft) == before and draft.questions.count() == 1

    # The same question in a YAML file is refused by the import with the same message.
    doc = builder.document(draft)
    form_question = _question_from_form(draft, fields)
    doc["sections"][0]["questions"].append(form_question)
    doc["instrument"]["code"] = "imported-copy"
    with translation.override("lt"), pytest.raises(library.InstrumentImportError) as exc:
        library.import_instrument(yaml.safe_dump(doc, allow_unicode=True), org=cast.alfa)
    assert words in [p.message for p in exc.value.problems]


def _question_from_form(draft, fields):
    from surveys.forms_builder import QuestionForm

    form = QuestionForm(question(**fields), doc=builder.document(draft), section=1)
    assert form.is_valid(), form.errors
    return form.question()


def test_a_choice_option_coded_ne_is_not_taken_for_no(db):
    text = TEST_YAML.replace(
        "{code: user, label_lt: Paslaugų gavėjas",
        "{code: ne, label_lt: Ne",
    ).replace("show_if: {question: used, answers: [yes]}", "show_if: {question: role, answers: [ne]}")
    text = text.replace(
        "- {code: followup", "- {code: role2, type: text, text_lt: a, text_en: b}\n      - {code: followup"
    )
    # followup now depends on "role", which comes after it: move the dependant below the choice question.
    lines = text.splitlines()
    follow = next(i for i, line in enumerate(lines) if "code: followup" in line)
    role = next(i for i, line in enumerate(lines) if "code: role," in line)
    lines.insert(role, lines.pop(follow))
    version = make_version("\n".join(lines))
    assert version.questions.get(code="followup").show_if_values == ["ne"]


def test_the_import_refuses_a_condition_on_an_answer_the_question_does_not_have(db):
    broken = TEST_YAML.replace("answers: [yes]}", "answers: [maybe]}")
    with pytest.raises(library.InstrumentImportError) as exc:
        library.import_instrument(broken)
    assert any("maybe" in p.message and p.question == "followup" for p in exc.value.problems)


def test_the_import_refuses_a_code_too_long_to_store_instead_of_failing(db):
    with pytest.raises(library.InstrumentImportError) as exc:
        library.import_instrument(TEST_YAML.replace("code: comment", "code: " + "c" * 40))
    assert [p.field for p in exc.value.problems] == ["code"]


def test_questions_depending_on_a_deleted_one_stop_the_deletion(cast, draft, login):
    add(draft, code="visited", type="yes_no")
    add(draft, code="how", show_if={"question": "visited", "answers": ["1"]})
    client = login(cast.jonas)
    assert "Ištrinti" in client.get(version_url("builder_question_delete", draft, "visited")).content.decode()
    response = post(client, "builder_question_delete", draft, {}, "visited")
    assert response.status_code == 200 and "how" in response.content.decode()
    assert draft.questions.count() == 2
    assert post(client, "builder_question_delete", draft, {}, "how").status_code == 302
    assert post(client, "builder_question_delete", draft, {}, "visited").status_code == 302
    assert not draft.questions.exists()


def test_a_change_from_a_page_someone_has_changed_since_is_refused(cast, draft, login):
    add(draft, code="one", type="text")
    client = login(cast.jonas)
    old = revision(draft)
    add(draft, code="two", type="text")
    response = client.post(version_url("builder_question_delete", draft, "one"), {"revision": old})
    assert response.status_code == 302 and response["Location"] == version_url("builder", draft)
    assert draft.questions.filter(code="one").exists()
    assert "kažkas tuo metu pakeitė" in client.get(response["Location"]).content.decode().lower()


# ── Reordering ────────────────────────────────────────────────────────────────────────────────────────────────


def _codes(version):
    return [(q.section.order, q.code) for q in version.questions.select_related("section").order_by("order")]


def test_questions_move_up_and_down_across_sections_without_javascript(cast, draft, login):
    builder.version_change(
        version=draft,
        org=cast.alfa,
        change=builder.put_section(None, {"title_lt": "Pabaiga", "title_en": "End"}),
        revision=revision(draft),
        by=None,
    )
    add(draft, code="a", type="text")
    add(draft, code="b", type="text")
    add(draft, 2, code="c", type="text")
    client = login(cast.jonas)
    response = post(client, "builder_question_move", draft, {"direction": "down"}, "b")
    assert response.status_code == 302 and response["Location"] == version_url("builder", draft) + "#q-b"
    assert _codes(draft) == [(1, "a"), (2, "b"), (2, "c")]
    post(client, "builder_question_move", draft, {"direction": "up"}, "c")
    assert _codes(draft) == [(1, "a"), (2, "c"), (2, "b")]
    post(client, "builder_section_move", draft, {"direction": "up"}, 2)
    assert _codes(draft) == [(1, "c"), (1, "b"), (2, "a")]
    assert Section.objects.filter(version=draft).order_by("order").first().title_lt == "Pabaiga"


def test_a_question_cannot_move_above_the_one_it_depends_on(cast, draft, login):
    add(draft, code="visited", type="yes_no")
    add(draft, code="how", show_if={"question": "visited", "answers": ["1"]})
    client = login(cast.jonas)
    response = post(client, "builder_question_move", draft, {"direction": "up"}, "how")
    assert _codes(draft) == [(1, "visited"), (1, "how")]
    page = client.get(response["Location"]).content.decode()
    assert "Klausimas gali priklausyti tik nuo ankstesnio" in page


def test_htmx_reordering_gets_only_the_builder_content_and_a_note_for_screen_readers(cast, draft, login):
    add(draft, code="a", type="text")
    add(draft, code="b", type="text")
    response = post(login(cast.jonas), "builder_question_move", draft, {"direction": "up"}, "b", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and page.lstrip().startswith('<div id="builder-content"')
    assert 'hx-swap-oob="innerHTML"' in page and "Perkelta." in page
    assert page.index('id="q-b"') < page.index('id="q-a"')
    assert f'value="{revision(draft)}"' in page  # the next move carries the new revision


# ── Details, sections, activation, deletion ──────────────────────────────────────────────────────────────────


def test_details_change_the_questionnaire_and_refuse_a_label_taken_by_another_version(cast, draft, login):
    client = login(cast.jonas)
    other = builder.version_copy(source=draft, org=cast.alfa, label="2", by=None)
    data = {**DETAILS, "title_lt": "Artimųjų apklausa", "easy_read_available": ""}
    del data["code"]
    response = post(client, "builder_details", draft, data)
    assert response.status_code == 302
    draft.instrument.refresh_from_db()
    assert draft.instrument.title_lt == "Artimųjų apklausa"
    entry = ActivityEntry.objects.filter(verb="updated", target_id=str(draft.pk)).latest("pk")
    assert entry.changes["title_lt"] == ["Šeimos narių apklausa", "Artimųjų apklausa"]
    response = post(client, "builder_details", draft, {**data, "label": other.label})
    assert response.status_code == 200 and "Šis klausimynas jau turi versiją 2" in response.content.decode()


def test_a_new_questionnaire_needs_a_code_of_its_own(cast, draft, login):
    response = login(cast.jonas).post(
        reverse("surveys:instrument_create", args=["alfa"]), {**DETAILS, "code": "Ne kodas"}
    )
    assert response.status_code == 200 and "Kode gali būti tik raidės" in response.content.decode()
    response = login(cast.jonas).post(reverse("surveys:instrument_create", args=["alfa"]), DETAILS)
    assert response.status_code == 200 and Instrument.objects.filter(org=cast.alfa).count() == 1


def test_activation_checks_the_whole_questionnaire_then_surveys_can_use_it(cast, draft, login):
    client = login(cast.jonas)
    assert draft not in version_choices(cast.alfa)
    builder.version_change(
        version=draft,
        org=cast.alfa,
        change=builder.set_details({**DETAILS, "easy_read_available": True}),
        revision=revision(draft),
        by=None,
    )
    response = client.post(version_url("builder_activate", draft))
    page = response.content.decode()
    assert response.status_code == 422 and "Neaktyvinta: rastos 2 problemos" in page
    assert "Skyriuje nėra klausimų." in page and 'href="#section-1"' in page
    add(draft, code="kind", easy_text_lt="Ar malonūs?", easy_text_en="Are they kind?")
    response = client.post(version_url("builder_activate", draft))
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == "active" and draft in version_choices(cast.alfa)
    assert draft.checksum == library.checksum(builder.document(draft))
    assert ActivityEntry.objects.filter(verb="status", target_id=str(draft.pk)).exists()


def test_a_section_and_a_draft_can_be_deleted(cast, draft, login):
    add(draft, code="a", type="text")
    client = login(cast.jonas)
    page = client.get(version_url("builder_section_delete", draft, 1)).content.decode()
    assert "Ištrinti šį skyrių ir jo 1 klausimą?" in page
    assert post(client, "builder_section_delete", draft, {}, 1).status_code == 302
    assert not draft.sections.exists() and not draft.questions.exists()
    response = client.post(version_url("builder_delete", draft))
    assert response.status_code == 302 and not Instrument.objects.filter(org=cast.alfa).exists()
    assert ActivityEntry.objects.filter(verb="deleted", target_id=str(draft.pk)).exists()


# ── Frozen, shipped and active versions never change ─────────────────────────────────────────────────────────

EDITING = [
    ("builder", ()),
    ("builder_details", ()),
    ("builder_activate", ()),
    ("builder_delete", ()),
    ("builder_section_add", ()),
    ("builder_section", (1,)),
    ("builder_section_delete", (1,)),
    ("builder_section_move", (1,)),
    ("builder_question_add", (1,)),
    ("builder_question", ("rate",)),
    ("builder_question_delete", ("rate",)),
    ("builder_question_move", ("rate",)),
]


@pytest.mark.parametrize("kind", ["used draft", "active", "shipped"])
@pytest.mark.parametrize("name,args", EDITING)
def test_no_builder_page_changes_a_version_that_is_not_an_unused_draft(cast, login, kind, name, args):
    version = make_version()
    if kind != "shipped":
        version = builder.version_copy(source=version, org=cast.alfa, label="2", by=None)
        if kind == "used draft":
            make_campaign(cast.alfa, version)  # a draft a survey uses (possible before drafts were kept out)
        else:
            InstrumentVersion.objects.filter(pk=version.pk).update(status="active")
            version.refresh_from_db()
    before = (library.export_yaml(version), InstrumentVersion.objects.count(), Question.objects.count())
    client = login(cast.jonas)
    data = {"revision": revision(version), "direction": "down", **question(code="new"), "title_lt": "X"}
    data.update(title_en="X", label="9")
    for method in ("get", "post"):
        response = getattr(client, method)(version_url(name, version, *args), data if method == "post" else None)
        if response.status_code == 405:
            continue
        assert response.status_code == 302 and response["Location"] == version_url("instrument", version)
    version.refresh_from_db()
    assert (library.export_yaml(version), InstrumentVersion.objects.count(), Question.objects.count()) == before


def test_the_service_refuses_a_used_version_even_when_called_directly(cast):
    version = builder.version_copy(source=make_version(), org=cast.alfa, label="2", by=None)
    make_campaign(cast.alfa, version)
    with pytest.raises(builder.NotEditable):
        builder.version_change(
            version=version, org=cast.alfa, change=builder.remove_question("nps"), revision=version.checksum, by=None
        )
    with pytest.raises(builder.NotEditable):
        builder.version_activate(version=version, org=cast.alfa, by=None)


def test_a_used_version_offers_a_new_version_and_the_copy_is_the_organisations_own(cast, login):
    shipped = make_version()
    make_campaign(cast.alfa, shipped)
    client = login(cast.jonas)
    page = client.get(version_url("instrument", shipped)).content.decode()
    assert version_url("version_copy", shipped) in page and version_url("builder", shipped) not in page
    assert 'value="2"' in client.get(version_url("version_copy", shipped)).content.decode()
    response = client.post(version_url("version_copy", shipped), {"label": "2"})
    copy = InstrumentVersion.objects.get(instrument__org=cast.alfa)
    assert response.status_code == 302 and response["Location"] == version_url("builder", copy)
    assert copy.status == "draft" and copy.instrument.code == shipped.instrument.code
    assert copy.instrument != shipped.instrument and shipped.instrument.org is None
    assert library.export_doc(copy)["sections"] == library.export_doc(shipped)["sections"]
    # A second copy joins the organisation's instrument; the next free label is offered.
    assert 'value="3"' in client.get(version_url("version_copy", shipped)).content.decode()
    client.post(version_url("version_copy", copy), {"label": "3"})
    assert Instrument.objects.filter(org=cast.alfa).count() == 1 and copy.instrument.versions.count() == 2
    # Beta sees neither.
    assert login(cast.petras).get(reverse("surveys:instrument", args=["beta", copy.pk])).status_code == 404


# ── Export and import again ───────────────────────────────────────────────────────────────────────────────────

FIELDS = [f.name for f in Question._meta.fields if f.name not in ("id", "version", "section", "show_if")]


def _content(version):
    rows = version.questions.select_related("section", "show_if").order_by("order")
    return [
        ([getattr(q, f) for f in FIELDS], q.section.order, q.section.title_lt, q.show_if.code if q.show_if else None)
        for q in rows
    ]


def test_a_built_version_exported_as_yaml_imports_as_the_same_questionnaire(cast, draft):
    yes_no = [
        {"code": "ne", "label_lt": "Ne", "label_en": "No"},
        {"code": "taip", "label_lt": "Taip", "label_en": "Yes"},
    ]
    add(draft, code="visited", type="yes_no", help_lt="Per metus", help_en="In a year", required=True)
    add(draft, code="how", show_if={"question": "visited", "answers": ["1"]}, principles=["6"])
    add(draft, code="years", type="number", min=0, max=40.5)
    add(draft, code="pick", type="multiple", options=yes_no)
    add(draft, code="after", type="text", show_if={"question": "pick", "answers": ["ne"]}, indicators=["6.3.1"])
    add(draft, code="easy", type="single", options=yes_no, easy_text_lt="Ar?", easy_text_en="Do?", pictogram="heart")
    text = library.export_yaml(draft)
    assert library.checksum(library.canonical(library.parse(text))) == revision(draft)

    again = library.import_instrument(text, org=cast.alfa)
    assert not again.created and again.version == draft  # the same questionnaire: nothing to change
    elsewhere = library.import_instrument(text, org=cast.beta)
    assert elsewhere.created and _content(elsewhere.version) == _content(draft)
    assert elsewhere.version.checksum == draft.checksum and elsewhere.version.status == "draft"


# ── Preview ───────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_preview_checks_answers_like_the_real_form_and_saves_nothing(cast, login):
    version = builder.version_copy(source=make_version(), org=cast.alfa, label="2", by=None)
    client = login(cast.jonas)
    page = client.get(version_url("version_preview", version)).content.decode()
    assert "Peržiūra" in page and "Bandomoji apklausa" in page and version_url("builder", version) in page
    missing = client.post(version_url("version_preview", version), {"action": "submit"}).content.decode()
    assert "Atsakykite į šį klausimą." in missing
    answers = {"action": "submit", "q-rate": "4", "q-used": "0", "q-nps": "9"}
    accepted = client.post(version_url("version_preview", version), answers).content.decode()
    assert "niekas neišsaugota" in accepted and not Response.objects.exists()


def test_the_easy_read_preview_follows_the_conditions_and_saves_nothing(cast, login):
    version = builder.version_copy(source=make_version(), org=cast.alfa, label="2", by=None)
    client = login(cast.jonas)
    first = client.get(version_url("version_preview_easy", version, 1) + "?restart=1").content.decode()
    assert "Klausimas 1 iš 4" in first and "Man čia patinka." in first
    client.post(version_url("version_preview_easy", version, 1), {"answer": "3"})
    response = client.post(version_url("version_preview_easy", version, 2), {"answer": "1"})  # yes: the follow-up shows
    assert response["Location"] == version_url("version_preview_easy", version, 3)
    assert "Klausimas 3 iš 5" in client.get(response["Location"]).content.decode()
    end = client.get(version_url("version_preview_easy", version, 6)).content.decode()
    assert "Atsakėte į 2 iš 5 klausimų." in end
    done = client.post(version_url("version_preview_easy", version, 6), {"go": "send"})
    assert done["Location"] == version_url("builder", version) and not Response.objects.exists()


# ── Roles, language, query budget ────────────────────────────────────────────────────────────────────────────


def test_only_directors_and_coordinators_build_and_only_their_own(cast, draft, login):
    from orgs.roles import Role

    assert login(cast.users[Role.COORDINATOR]).get(version_url("builder", draft)).status_code == 200
    assert login(cast.rasa).get(version_url("builder", draft)).status_code == 403
    assert login(cast.petras).get(version_url("builder", draft)).status_code == 404
    beta = builder.instrument_create(org=cast.beta, data=DETAILS, by=cast.petras)
    assert login(cast.ona).get(version_url("builder", beta)).status_code == 404


def test_the_builder_reads_in_lithuanian(cast, draft, login):
    add(draft, code="a", type="text")
    page = login(cast.jonas).get(version_url("builder", draft)).content.decode()
    assert "Pridėti skyrių" in page and "Aktyvinti" in page and "Projektas" in page and "Laisvas tekstas" in page


def test_the_builder_costs_the_same_queries_for_10_and_60_questions(cast, draft, login):
    client = login(cast.jonas)
    section = draft.sections.get()
    second = Section.objects.create(version=draft, order=2, title_lt="Antra", title_en="Second")

    def render():
        assert client.get(version_url("builder", draft)).status_code == 200

    def grow(n):
        have = draft.questions.count()
        for i in range(have, n):
            Question.objects.create(
                version=draft,
                section=second if i % 2 else section,
                code=f"q{i}",
                order=i + 1,
                type="yes_no" if i % 3 else "likert",
                scale_points=None if i % 3 else 3,
                options=[] if i % 3 else builder.scale_points("agree3"),
                text_lt=f"Klausimas {i}",
                text_en=f"Question {i}",
                easy_text_lt="Ar?" if i % 2 else "",
                easy_text_en="Yes?" if i % 2 else "",
                show_if=draft.questions.get(code="q1") if i > 5 and i % 5 == 0 else None,
                show_if_values=["1"] if i > 5 and i % 5 == 0 else [],
            )

    assert_constant_queries(render, grow, small=10, large=60)


def test_a_change_that_breaks_another_question_names_that_question(cast, draft, login):
    add(draft, code="visited", type="yes_no")
    add(draft, code="how", show_if={"question": "visited", "answers": ["1"]})
    data = question(code="visited", type="text", text_lt="Kada lankėtės?", text_en="When?")
    page = post(login(cast.jonas), "builder_question", draft, data, "visited").content.decode()
    assert "1 skyrius, klausimas how" in page and "Klausimas gali priklausyti tik nuo vertinimo" in page
    assert draft.questions.get(code="visited").type == "yes_no"


def test_a_stale_htmx_move_reloads_the_whole_page_and_unknown_items_are_not_found(cast, draft, login):
    add(draft, code="a", type="text")
    client = login(cast.jonas)
    response = client.post(
        version_url("builder_question_move", draft, "a"), {"revision": "old", "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Redirect"] == version_url("builder", draft)
    assert client.get(version_url("builder_question", draft, "nowhere")).status_code == 404
    assert client.get(version_url("builder_section", draft, 2)).status_code == 404
    assert client.get(version_url("builder_question_add", draft, 2)).status_code == 404
