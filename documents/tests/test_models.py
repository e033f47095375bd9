"""Model rules: approved versions are immutable, status moves follow one table, Markdown is sanitised."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents.markup import line_diff, render_markdown
from documents.models import TRANSITIONS, DocumentVersion, ImmutableVersion, Status, VersionState
from documents.search import fold
from documents.tests import factories

pytestmark = pytest.mark.django_db


def test_approved_version_cannot_be_saved_again(cast):
    version = factories.approved(cast).current_version
    version.body = "Pakeista po patvirtinimo"
    with pytest.raises(ImmutableVersion):
        version.save()
    assert DocumentVersion.objects.get(pk=version.pk).body != "Pakeista po patvirtinimo"


def test_approved_version_cannot_be_deleted_one_by_one_or_in_bulk(cast):
    document = factories.approved(cast)
    with pytest.raises(ImmutableVersion):
        document.current_version.delete()
    with pytest.raises(ImmutableVersion):
        DocumentVersion.objects.filter(document=document).delete()
    with pytest.raises(ImmutableVersion):
        DocumentVersion.objects.filter(document=document).update(order_number="X-1")
    assert DocumentVersion.objects.get(pk=document.current_version_id).order_number == "V-12"


def test_a_draft_version_may_change(cast):
    version = factories.draft(cast).versions.get()
    version.body = "Naujas tekstas"
    version.save()
    assert "Naujas tekstas" in DocumentVersion.objects.get(pk=version.pk).html


def test_an_approved_version_must_be_dated(cast):
    version = factories.submitted(cast).versions.get()
    version.state = VersionState.APPROVED
    with pytest.raises(ValidationError):
        version.full_clean()


def test_transition_table_allows_the_documented_path_only():
    path = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.ARCHIVED]
    for before, after in zip(path, path[1:], strict=False):
        assert after in TRANSITIONS[before]
    assert Status.PUBLISHED not in TRANSITIONS[Status.DRAFT]
    assert Status.APPROVED not in TRANSITIONS[Status.DRAFT]
    assert Status.PUBLISHED not in TRANSITIONS[Status.IN_REVIEW]


def test_review_state_overdue_soon_or_nothing(cast):
    document = factories.approved(cast)
    document.next_review_on = date(2025, 1, 10)
    assert document.review_state(date(2025, 1, 11)) == "overdue"
    assert document.review_state(date(2025, 1, 1), warning_days=30) == "soon"
    assert document.review_state(date(2024, 1, 1), warning_days=30) == ""


def test_markdown_is_sanitised_and_headings_start_below_the_page_title():
    html = render_markdown(
        '# Skyrius\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <a href="/" onclick="x()">a</a>'
    )
    assert "<h2>Skyrius</h2>" in html
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html


def test_markdown_tables_and_lists_survive():
    html = render_markdown("| A | B |\n|---|---|\n| 1 | 2 |\n\n- vienas\n- du\n")
    assert "<table>" in html and "<td>1</td>" in html and "<li>vienas</li>" in html


def test_line_diff_marks_added_and_removed_lines():
    hunks = line_diff("a\nb\nc\n", "a\nB\nc\nd\n")
    ops = [(line.op, line.text) for hunk in hunks for line in hunk]
    assert ("delete", "b") in ops and ("insert", "B") in ops and ("insert", "d") in ops
    assert ("equal", "a") in ops


def test_fold_removes_lithuanian_diacritics():
    assert fold("Skundų NAGRINĖJIMO tvarka: ąčęėįšųūž") == "skundu nagrinejimo tvarka: aceeisuuz"
