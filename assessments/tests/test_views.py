from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from actions.models import ImprovementAction
from assessments import services
from assessments.models import AnswerComment, EvidenceItem, EvidenceKind, IndicatorAnswer, Status
from kokybe.test import assert_constant_queries, client_for
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

from .factories import answer_for, assessment_url, make_assessment, make_version

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def rate(answer, rating, **fields):
    IndicatorAnswer.objects.filter(pk=answer.pk).update(rating=rating, **fields)


@pytest.fixture
def cycle(cast):
    return make_assessment(cast, make_version(principles=2, criteria=2, indicators=2))


# ── The assessment page ───────────────────────────────────────────────────────────────────────────────────────────


def test_page_groups_indicators_by_principle_with_forms_for_the_open_one(cast, cycle):
    response = client_for(cast.rasa).get(assessment_url("detail", cycle))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<details class="principle"') == 2
    # The first principle is open with a form per indicator; the second lists its indicators, one line each.
    assert html.count('class="answer-form"') == 4
    assert "Principas 1" in html and "Rodiklis 2.2.2: įstaiga turi patvirtintą tvarką" in html
    assert 'hx-post="' in html and 'name="revision"' in html
    second = cycle.version.principles.get(code="2")
    answer = answer_for(cycle, "2.2.2")
    assert f'href="{assessment_url("detail", cycle)}?open={second.pk}#i-{answer.pk}"' in html
    opened = client_for(cast.rasa).get(assessment_url("detail", cycle), {"open": second.pk}).content.decode()
    assert opened.count('class="answer-form"') == 4 and f'id="narrative-{answer.pk}"' in opened


def test_a_link_to_another_principle_keeps_the_filters(cast, cycle):
    second = cycle.version.principles.get(code="2")
    html = client_for(cast.rasa).get(assessment_url("detail", cycle), {"unrated": "on"}).content.decode()
    assert f"?unrated=on&amp;open={second.pk}" in html
    # Filtering opens every principle that has a match; still only one holds forms.
    assert html.count('<details class="principle" open>') == 2 and html.count('class="answer-form"') == 4


def test_a_140_indicator_cycle_page_stays_light(cast):
    """The page weighed 600 KB at 140 indicators and 20 members (a form and a 20-name list per indicator)."""
    cycle = make_assessment(cast, make_version(code="heavy", principles=10, criteria=7, indicators=2))
    for i in range(15):
        user = User.objects.create_user(f"darbuotojas{i}@alfa.lt", None, full_name=f"Ona Petraitytė-Kazlauskienė {i}")
        Membership.objects.create(org=cast.alfa, user=user, role=Role.STAFF)
    narrative = "Tvarka patvirtinta direktoriaus įsakymu, su ja supažindinti visi darbuotojai ir paslaugų gavėjai. " * 4
    IndicatorAnswer.objects.filter(assessment=cycle).update(rating="met", narrative=narrative, responsible=cast.rasa)
    client = client_for(cast.jonas)
    client.get(assessment_url("detail", cycle))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(assessment_url("detail", cycle))
    assert response.status_code == 200
    assert len(response.content) < 200_000, len(response.content)
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]


def test_readers_see_answers_without_forms(cast, cycle):
    html = client_for(cast.vida).get(assessment_url("detail", cycle)).content.decode()
    assert 'class="answer-form"' not in html and "answer-readonly" in html


def test_page_query_count_is_the_same_for_10_and_120_indicators(cast):
    state = {}
    item = EvidenceItem.objects.create(org=cast.alfa, kind=EvidenceKind.URL, title="Svetainė", url="https://e.lt")

    def grow(n):
        state["cycle"] = cycle = make_assessment(cast, make_version(code=f"budget-{n}", total=n))
        for i, answer in enumerate(cycle.answers.all()):
            rate(answer, ("met", "partly", "not_met", "")[i % 4], responsible=cast.rasa)
            item.answers.add(answer)
            AnswerComment.objects.create(org=cast.alfa, answer=answer, author=cast.rasa, body="Pastaba")

    client = client_for(cast.jonas)

    def render():
        response = client.get(assessment_url("detail", state["cycle"]))
        assert response.status_code == 200

    assert_constant_queries(render, grow, small=10, large=120)


def test_filters_narrow_the_list(cast, cycle):
    met, gap, mine = answer_for(cycle, "1.1.1"), answer_for(cycle, "1.1.2"), answer_for(cycle, "1.2.1")
    rate(met, "met")
    rate(gap, "partly")
    rate(mine, "met", responsible=cast.rasa)
    soon = timezone.localdate() + timedelta(days=10)
    expiring = EvidenceItem.objects.create(
        org=cast.alfa, kind=EvidenceKind.RECORD, title="Sutartis", reference="Nr. 5", expires_on=soon
    )
    expiring.answers.add(met)
    client = client_for(cast.rasa)

    def shown(**query):
        html = client.get(assessment_url("detail", cycle), query).content.decode()
        return {a.indicator.code for a in cycle.answers.select_related("indicator") if f'id="i-{a.pk}"' in html}

    assert shown(unrated="on") == {"1.2.2", "2.1.1", "2.1.2", "2.2.1", "2.2.2"}
    assert shown(gaps="on") == {"1.1.2"}
    assert shown(mine="on") == {"1.2.1"}
    assert "1.1.1" not in shown(no_evidence="on") and len(shown(no_evidence="on")) == 7
    assert shown(expiring="on") == {"1.1.1"}
    assert shown(unrated="on", no_evidence="on") == {"1.2.2", "2.1.1", "2.1.2", "2.2.1", "2.2.2"}


def test_htmx_filter_gets_only_the_results_fragment(cast, cycle):
    response = client_for(cast.rasa).get(assessment_url("detail", cycle), {"unrated": "on"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html


# ── Autosave and the lost update ──────────────────────────────────────────────────────────────────────────────────


def post_save(client, cycle, answer, htmx=True, **data):
    data.setdefault("revision", 0)
    return client.post(assessment_url("answer_save", cycle, answer), data, **(HTMX if htmx else {}))


def test_autosave_saves_and_answers_with_the_saved_state_and_new_revision(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    response = post_save(client_for(cast.rasa), cycle, answer, rating="met", narrative="Misija paskelbta svetainėje.")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'class="state-ok"' in html
    assert f'id="rev-{answer.pk}" value="1" hx-swap-oob="true"' in html
    assert f'id="badge-{answer.pk}" class="badge badge-ok"' in html
    answer.refresh_from_db()
    assert (answer.rating, answer.narrative, answer.revision) == ("met", "Misija paskelbta svetainėje.", 1)
    entry = ActivityEntry.objects.filter(target_id=str(answer.pk)).latest("pk")
    assert entry.actor == cast.rasa and "narrative" in entry.changes


def test_autosave_costs_at_most_eight_queries(cast, cycle, django_assert_max_num_queries):
    """Session, person, membership, the answer with its cycle, one compare-and-set UPDATE, one activity entry (and
    the savepoint around them): the autosave runs on every change a person makes."""
    client = client_for(cast.jonas)
    answer = answer_for(cycle, "1.1.1")
    post_save(client, cycle, answer, rating="partly")
    answer.refresh_from_db()
    with django_assert_max_num_queries(8):
        response = post_save(client, cycle, answer, rating="met", narrative="Tvarka taikoma", revision=answer.revision)
    assert response.status_code == 200 and "Išsaugota" in response.content.decode()
    answer.refresh_from_db()
    assert answer.rating == "met" and answer.narrative == "Tvarka taikoma"


def test_save_without_javascript_redirects_back_to_the_indicator(cast, cycle):
    answer = answer_for(cycle, "2.1.1")
    response = post_save(client_for(cast.rasa), cycle, answer, htmx=False, rating="met")
    principle = answer.indicator.criterion.principle_id
    assert response.status_code == 302
    assert response["Location"] == f"{assessment_url('detail', cycle)}?open={principle}#i-{answer.pk}"


def test_later_save_is_refused_with_both_versions_shown_and_nothing_lost(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    post_save(client_for(cast.rasa), cycle, answer, rating="met", narrative="Rasos aprašymas")
    response = post_save(client_for(cast.jonas), cycle, answer, rating="partly", narrative="Jono aprašymas")
    html = response.content.decode()
    assert response.status_code == 409 and "<html" not in html
    assert "Rasos aprašymas" in html and "Jono aprašymas" in html
    assert f'id="cf-{answer.pk}" hx-swap-oob="true"' in html
    assert 'name="revision" value="1"' in html  # "save mine over it" builds on the new revision
    answer.refresh_from_db()
    assert (answer.narrative, answer.revision, answer.updated_by) == ("Rasos aprašymas", 1, cast.rasa)


def test_conflict_without_javascript_shows_the_merge_page_and_mine_can_be_saved_on_top(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    post_save(client_for(cast.rasa), cycle, answer, rating="met", narrative="Rasos aprašymas")
    jonas = client_for(cast.jonas)
    response = post_save(jonas, cycle, answer, htmx=False, rating="partly", narrative="Jono aprašymas")
    html = response.content.decode()
    assert response.status_code == 409 and "<html" in html
    assert "Rasos aprašymas" in html and "Jono aprašymas" in html
    assert f'<textarea id="narrative-{answer.pk}" name="narrative" rows="3">Jono aprašymas</textarea>' in html
    assert f'id="rev-{answer.pk}" value="1"' in html
    assert (
        post_save(jonas, cycle, answer, htmx=False, revision=1, rating="partly", narrative="Abiejų").status_code == 302
    )
    answer.refresh_from_db()
    assert (answer.narrative, answer.revision) == ("Abiejų", 2)


def test_use_the_saved_version_brings_the_indicator_form_as_saved(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    post_save(client_for(cast.rasa), cycle, answer, rating="met", narrative="Rasos aprašymas")
    response = client_for(cast.jonas).get(assessment_url("answer", cycle, answer), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="indicator mandatory" id="i-{answer.pk}"')
    assert "Rasos aprašymas</textarea>" in html and f'id="rev-{answer.pk}" value="1"' in html


def test_not_applicable_without_reason_is_refused_with_a_message(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    response = post_save(client_for(cast.rasa), cycle, answer, rating="na")
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    answer.refresh_from_db()
    assert answer.rating == "" and answer.revision == 0


def test_unknown_rating_is_refused(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    assert post_save(client_for(cast.rasa), cycle, answer, rating="excellent").status_code == 422
    answer.refresh_from_db()
    assert answer.rating == ""


def test_completed_cycle_is_read_only(cast, cycle):
    type(cycle).objects.filter(pk=cycle.pk).update(status=Status.COMPLETED)
    answer = answer_for(cycle, "1.1.1")
    assert post_save(client_for(cast.rasa), cycle, answer, rating="met").status_code == 422
    assert 'class="answer-form"' not in client_for(cast.jonas).get(assessment_url("detail", cycle)).content.decode()


def test_comment_thread(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    consultant = client_for(cast.users["consultant"])
    response = consultant.post(assessment_url("comment", cycle, answer), {"body": "Pridėkite įsakymo kopiją."})
    assert response.status_code == 302
    assert "Pridėkite įsakymo kopiją." in consultant.get(assessment_url("answer", cycle, answer)).content.decode()


# ── Readiness and gaps ────────────────────────────────────────────────────────────────────────────────────────────


def test_readiness_page_shows_the_verdict_the_table_and_an_accessible_radar(cast, cycle):
    version = make_version(code="three", principles=3, criteria=1, indicators=2)
    cycle = make_assessment(cast, version)
    for answer in cycle.answers.all():
        rate(answer, "met")
    html = client_for(cast.vida).get(assessment_url("readiness", cycle)).content.decode()
    assert '<svg class="radar"' in html and 'role="img"' in html and '<title id="radar-title">' in html
    assert '<table id="readiness-data"' in html and "100 %" in html
    assert 'class="card verdict verdict-ok"' in html


def test_gap_list_marks_a_passed_target_date_and_an_overdue_action(cast, cycle):
    from datetime import timedelta

    from django.utils import timezone

    from actions.models import Status

    late, on_time = answer_for(cycle, "1.1.1"), answer_for(cycle, "1.1.2")
    today = timezone.localdate()
    rate(late, "not_met", target_date=today - timedelta(days=30))
    rate(on_time, "partly", target_date=today + timedelta(days=30))
    client = client_for(cast.jonas)
    client.post(assessment_url("gap_action", cycle, on_time), {"title": "Tvarka", "due_date": "2030-01-01"})
    ImprovementAction.objects.update(due_date=today - timedelta(days=1), status=Status.PLANNED)
    html = client.get(assessment_url("readiness", cycle)).content.decode()
    late_row = html[html.index(f'id="gap-{late.pk}"') :].split("</tr>", 1)[0]
    on_time_row = html[html.index(f'id="gap-{on_time.pk}"') :].split("</tr>", 1)[0]
    assert "Vėluoja" in late_row  # its own target date has passed, still a gap
    assert on_time_row.count("Vėluoja") == 1  # not the target date: the action's due date has passed
    assert (today - timedelta(days=1)).isoformat() in on_time_row


def test_gap_list_puts_mandatory_first_and_turns_a_gap_into_an_action(cast, cycle):
    optional, mandatory = answer_for(cycle, "1.1.2"), answer_for(cycle, "2.1.1")
    rate(optional, "partly")
    rate(mandatory, "not_met")
    client = client_for(cast.rasa)
    html = client.get(assessment_url("readiness", cycle)).content.decode()
    assert html.index(f'id="gap-{mandatory.pk}"') < html.index(f'id="gap-{optional.pk}"')
    response = client.post(
        assessment_url("gap_action", cycle, mandatory), {"title": "Tvarka", "due_date": "2030-01-01"}
    )
    action = ImprovementAction.objects.get()
    assert response.status_code == 302
    assert action.source_object == mandatory
    html = client.get(assessment_url("readiness", cycle)).content.decode()
    row = html[html.index(f'id="gap-{mandatory.pk}"') : html.index(f'id="gap-{optional.pk}"')]
    assert f"/actions/{action.number}/" in row and "<button" not in row


def test_gap_action_without_javascript_redirects_to_the_gap(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    rate(answer, "not_met")
    next_url = assessment_url("readiness", cycle)
    data = {"next": next_url, "title": "Parengti tvarką", "due_date": "2030-06-30"}
    response = client_for(cast.rasa).post(assessment_url("gap_action", cycle, answer), data)
    assert response.status_code == 302 and response["Location"] == f"{next_url}#gap-{answer.pk}"


def test_gap_action_asks_for_a_short_title_and_a_due_date_prefilled_without_javascript(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    rate(answer, "not_met")
    client = client_for(cast.rasa)
    readiness = client.get(assessment_url("readiness", cycle)).text
    form_url = assessment_url("gap_action", cycle, answer)
    assert f'href="{form_url}?next=' in readiness  # a plain link to the form: no JavaScript needed
    page = client.get(form_url).text
    title = services.gap_action_title(answer.indicator)
    assert f'name="title" value="{title}"' in page and 'name="due_date"' in page
    # Without a due date nothing is created, and the page says why.
    response = client.post(form_url, {"title": "Parengti misijos tvarką", "due_date": ""})
    assert response.status_code == 200 and "Šis laukas yra privalomas." in response.text
    assert not ImprovementAction.objects.exists()
    client.post(form_url, {"title": "Parengti misijos tvarką", "due_date": "2030-06-30"})
    action = ImprovementAction.objects.get()
    assert (action.title, action.due_date.isoformat()) == ("Parengti misijos tvarką", "2030-06-30")
    assert answer.indicator.title in action.description


def test_gap_action_refuses_a_next_address_of_another_site(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    rate(answer, "not_met")
    data = {"next": "https://evil.example/", "title": "Tvarka", "due_date": "2030-06-30"}
    response = client_for(cast.rasa).post(assessment_url("gap_action", cycle, answer), data)
    assert response.status_code == 302 and response["Location"].startswith("/o/alfa/")


def test_gap_action_page_of_an_answer_that_is_not_a_gap_goes_back_to_it(cast, cycle):
    answer = answer_for(cycle, "1.1.1")
    rate(answer, "met")
    response = client_for(cast.rasa).get(assessment_url("gap_action", cycle, answer))
    assert response.status_code == 302 and not ImprovementAction.objects.exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", "http://testserver.evil/"]
)
def test_gap_action_never_redirects_off_the_site(cast, cycle, next_url):
    answer = answer_for(cycle, "1.1.1")
    rate(answer, "not_met")
    data = {"next": next_url, "title": "Tvarka", "due_date": "2030-06-30"}
    response = client_for(cast.rasa).post(assessment_url("gap_action", cycle, answer), data)
    assert response.status_code == 302
    assert response["Location"] == f"{answer.get_absolute_url().split('#', 1)[0]}#gap-{answer.pk}"


# ── Evidence ──────────────────────────────────────────────────────────────────────────────────────────────────────


def test_upload_evidence_file_and_download_it_through_the_checked_view(cast, cycle, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = answer_for(cycle, "1.1.1")
    client = client_for(cast.rasa)
    upload = SimpleUploadedFile("Kokybės politika.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    data = {"kind": "file", "title": "Kokybės politika", "upload": upload, "evidence_date": "2025-03-01"}
    response = client.post(assessment_url("evidence_add", cycle, answer), data)
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.original_name, item.content_type) == ("Kokybės politika.pdf", "application/pdf")
    assert item.file.name.startswith(f"orgs/{cast.alfa.pk}/assessments/")
    download = client_for(cast.vida).get(assessment_url("evidence_download", evidence_pk=item.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "filename*=UTF-8''Kokyb%C4%97s%20politika.pdf" in download["Content-Disposition"]


def test_upload_of_a_disallowed_file_is_refused(cast, cycle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = answer_for(cycle, "1.1.1")
    upload = SimpleUploadedFile("politika.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf")
    response = client_for(cast.rasa).post(
        assessment_url("evidence_add", cycle, answer), {"kind": "file", "title": "Politika", "upload": upload}
    )
    assert response.status_code == 422 and not EvidenceItem.objects.exists()


def test_existing_evidence_can_serve_another_indicator(cast, cycle):
    first, second = answer_for(cycle, "1.1.1"), answer_for(cycle, "2.2.1")
    item = services.evidence_add(
        answer=first, by=cast.rasa, kind=EvidenceKind.URL, title="Chartija", url="https://example.lt/chartija"
    )
    client = client_for(cast.rasa)
    assert "Chartija" in client.get(assessment_url("answer", cycle, second)).content.decode()  # offered in the select
    assert client.post(assessment_url("evidence_link", cycle, second), {"item": item.pk}).status_code == 302
    assert set(item.answers.all()) == {first, second}


def test_evidence_matrix_marks_links_missing_and_expired_evidence(cast, cycle):
    first, second = answer_for(cycle, "1.1.1"), answer_for(cycle, "1.1.2")
    valid = EvidenceItem.objects.create(org=cast.alfa, kind=EvidenceKind.URL, title="Galioja", url="https://e.lt")
    old = EvidenceItem.objects.create(
        org=cast.alfa,
        kind=EvidenceKind.RECORD,
        title="Pasibaigusi licencija",
        reference="Nr. 1",
        expires_on=date(2020, 1, 1),
    )
    valid.answers.add(first, second)
    old.answers.add(second)
    html = client_for(cast.vida).get(assessment_url("matrix", cycle)).content.decode()
    assert '<th scope="col" class="item expired">' in html and "Pasibaigusi licencija" in html
    rows = html.split("<tr")
    first_row = next(r for r in rows if f">{first.indicator.code}</a>" in r)
    assert first_row.count("✓") == 1
    missing = next(r for r in rows if f">{answer_for(cycle, '2.2.2').indicator.code}</a>" in r)
    assert "missing-row" in missing and "✓" not in missing


def test_matrix_query_count_is_constant(cast):
    state = {}

    def grow(n):
        state["cycle"] = cycle = make_assessment(cast, make_version(code=f"m-{n}", total=n))
        for answer in cycle.answers.all():
            EvidenceItem.objects.create(
                org=cast.alfa, kind=EvidenceKind.URL, title="x", url="https://e.lt"
            ).answers.add(answer)

    client = client_for(cast.jonas)
    assert_constant_queries(lambda: client.get(assessment_url("matrix", state["cycle"])), grow, small=10, large=60)


# ── Cycles: create, transition, copy, changes ─────────────────────────────────────────────────────────────────────


def test_manager_creates_a_cycle_from_the_form(cast):
    version = make_version()
    data = {
        "title": "Įsivertinimas 2026",
        "version": version.pk,
        "services": [cast.alfa_service.pk],
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "coordinator": cast.jonas.pk,
        "due_date": "2026-06-30",
    }
    response = client_for(cast.jonas).post(assessment_url("create"), data)
    cycle = cast.alfa.assessments.get()
    assert response.status_code == 302 and response["Location"] == assessment_url("detail", cycle)
    assert cycle.answers.count() == 8


def test_transition_button_moves_the_cycle(cast, cycle):
    response = client_for(cast.jonas).post(assessment_url("transition", cycle), {"to": "in_review"})
    cycle.refresh_from_db()
    assert response.status_code == 302 and cycle.status == Status.IN_REVIEW


def test_copy_and_what_changed(cast, cycle):
    rate(answer_for(cycle, "1.1.1"), "partly", narrative="Senas aprašymas")
    rate(answer_for(cycle, "1.1.2"), "met")
    type(cycle).objects.filter(pk=cycle.pk).update(status=Status.COMPLETED)
    client = client_for(cast.jonas)
    data = {"title": "Įsivertinimas 2027", "period_start": "2027-01-01", "period_end": "2027-12-31"}
    response = client.post(assessment_url("copy", cycle), data)
    new = cast.alfa.assessments.get(title="Įsivertinimas 2027")
    assert response.status_code == 302 and new.copied_from_id == cycle.pk
    assert answer_for(new, "1.1.1").narrative == "Senas aprašymas"
    rate(answer_for(new, "1.1.1"), "met")
    rate(answer_for(new, "1.1.2"), "not_met")
    html = client.get(assessment_url("changes", new), {"changed": "1"}).content.decode()
    better = html[html.index('class="change-better"') :]
    assert ">1.1.1</a>" in better.split("</tr>")[0]
    worse = html[html.index('class="change-worse"') :]
    assert ">1.1.2</a>" in worse.split("</tr>")[0]
    assert 'class="change-same"' not in html


def test_only_a_finished_cycle_can_be_copied(cast, cycle):
    assert client_for(cast.jonas).get(assessment_url("copy", cycle)).status_code == 404


def test_lithuanian_text_renders(cast, cycle):
    html = client_for(cast.rasa).get(assessment_url("detail", cycle)).content.decode()
    for text in ["Kaip tai įgyvendiname", "Rodyti tik", "Pasirengimas", "Atsakingas asmuo", "Dar neišsaugota"]:
        assert text in html, text
    english = client_for(cast.rasa).get(assessment_url("detail", cycle), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_english_when_the_person_chose_english(cast, cycle):
    cast.rasa.language = "en"
    cast.rasa.save()
    html = client_for(cast.rasa).get(assessment_url("detail", cycle)).content.decode()
    assert "How we meet it" in html and "Kaip tai įgyvendiname" not in html
