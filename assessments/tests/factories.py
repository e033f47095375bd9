"""Framework versions and cycles for the self-assessment tests, built through the real importer and services."""

import copy
from datetime import date

from frameworks.importing import import_framework
from frameworks.tests.factories import make_data
from kokybe.test import url

from ..services import assessment_create

SCORING = {
    "ratings": [
        {"code": "met", "label_lt": "Atitinka", "label_en": "Met", "score": 1},
        {"code": "partly", "label_lt": "Iš dalies atitinka", "label_en": "Partly met", "score": 0.5},
        {"code": "not_met", "label_lt": "Neatitinka", "label_en": "Not met", "score": 0},
        {"code": "na", "label_lt": "Netaikoma", "label_en": "Not applicable", "score": None, "needs_reason": True},
    ],
    "pass_threshold": 0.8,
    "mandatory_must_be_met": True,
}


def make_version(org=None, *, code="sa-fw", scoring=None, **shape):
    """A version with met / partly / not met / not applicable ratings (indicator x.y.1 of each criterion is
    mandatory); `shape` as frameworks.tests.factories.make_data (principles, criteria, indicators, total)."""
    data = make_data(code=code, **shape)
    data["version"]["scoring"] = copy.deepcopy(scoring or SCORING)
    return import_framework(data, org=org).version


def make_assessment(cast, version=None, *, org=None, by=None, title="Įsivertinimas 2026", **fields):
    org = org or cast.alfa
    by = by or (cast.jonas if org == cast.alfa else cast.petras)
    version = version or make_version()
    fields.setdefault("period_start", date(2026, 1, 1))
    fields.setdefault("period_end", date(2026, 12, 31))
    fields.setdefault("coordinator", by)
    return assessment_create(org=org, version=version, title=title, by=by, **fields)


def answer_for(assessment, code):
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def assessment_url(name, cycle=None, answer=None, org="alfa", **kwargs):
    """The address of a self-assessment page: of the cycle, of one of its answers, or (neither) of the organisation."""
    if cycle is not None:
        kwargs["pk"] = cycle.pk
    if answer is not None:
        kwargs["answer_pk"] = answer.pk
    return url(f"assessments:{name}", org, **kwargs)
