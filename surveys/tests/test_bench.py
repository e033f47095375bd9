"""The benchmark's own code runs (with a few responses): make bench must not be the first to find it broken."""

import io

from surveys import bench
from surveys.models import Answer, Response


def test_the_benchmark_builds_its_campaign_and_measures_page_and_sql(db):
    out = io.StringIO()
    results = bench.run(n_responses=60, repeat=2, out=out)
    assert Response.objects.count() == 60
    assert Answer.objects.filter(question__type="likert").count() == 60 * 14
    report = out.getvalue()
    assert "results page (analysis)" in report and "bare SQL" in report
    sql, page = results["bare SQL: GROUP BY question, value, choice"], results["results page (analysis)"]
    assert sql["rows"] > 14 and page["queries"] > 1
