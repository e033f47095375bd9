"""`make bench`'s self-assessment benchmark runs end to end on the test database and leaves it as it was."""

import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from frameworks.models import Framework
from orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_bench_assessment_prints_every_figure_and_rolls_back():
    out = io.StringIO()
    call_command("bench_assessment", runs=2, report_runs=1, stdout=out)
    report = out.getvalue()
    assert "Self-assessment benchmark: 120 indicators" in report
    assert "(constant: yes)" in report
    for line in ["assessment page: p50", "readiness computation", "DOCX report:", "PDF report:", "fonts loaded in"]:
        assert line in report, line
    assert not Assessment.objects.exists()
    assert not Framework.objects.filter(code__startswith="bench").exists()
    assert not Organisation.objects.filter(slug__startswith="bench").exists()
