"""The benchmark's own code runs (with a few responses): make bench must not be the first to find it broken."""

import io

import pytest
from django.db import connection

from surveys import analysis, bench
from surveys.models import Answer, QuestionType, Response


def test_the_benchmark_builds_its_campaign_and_measures_pages_and_sql(db):
    out = io.StringIO()
    results = bench.run(n_responses=60, repeat=2, out=out)
    assert Response.objects.count() == 60
    assert Answer.objects.filter(question__type="likert").count() == 60 * 14
    report = out.getvalue()
    assert "results page (analysis)" in report and "breakdown by respondent group" in report
    assert "through a JOIN to the responses" in report
    page, sql = results["results page (analysis)"]["page"], results["results page (analysis)"]["sql"]
    assert sql["rows"] > 14 and page["queries"] > 1
    for by in ("service", "unit", "respondent group", "channel"):
        row = results[f"breakdown by {by}"]
        assert row["page"]["queries"] > 1 and row["sql"]["queries"] == 2
        assert row["sql"]["form"] in ("plain", "index order")


def _rows(statements):
    with connection.cursor() as cursor:
        out = []
        for sql, params in statements:
            cursor.execute(sql, params)
            out.append(sorted(cursor.fetchall(), key=repr))
        return out


@pytest.mark.parametrize("by", ["service", "unit", "group", "channel"])
def test_each_bare_sql_form_of_a_breakdown_computes_what_the_page_computes(db, by):
    campaign, _user, _seconds = bench.build(60, out=io.StringIO())
    scale = list(campaign.version.questions.filter(type__in=[QuestionType.LIKERT, QuestionType.YES_NO, "recommend"]))
    sizes = analysis.group_sizes(campaign, by)
    counts = analysis.group_counts(campaign, by, scale, set(sizes))
    assert len(sizes) > 1 and counts
    expected_counts = sorted(
        ((key, question_id, value, n) for (key, question_id), dist in counts.items() for value, n in dist.items()),
        key=repr,
    )
    for form, statements in bench.breakdown_sql(campaign, by, join=True).items():
        got_sizes, got_counts = _rows(statements)
        assert dict(got_sizes) == sizes, form
        assert [tuple(row) for row in got_counts] == expected_counts, form
