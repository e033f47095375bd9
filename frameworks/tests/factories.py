"""Small framework versions for tests, built as library data so they pass through the real importer."""

import copy

from frameworks.importing import import_framework

SCORING = {
    "ratings": [
        {"code": "met", "label_lt": "Atitinka", "label_en": "Met", "score": 1},
        {"code": "not_met", "label_lt": "Neatitinka", "label_en": "Not met", "score": 0},
        {"code": "na", "label_lt": "Netaikoma", "label_en": "Not applicable", "score": None, "needs_reason": True},
    ],
    "pass_threshold": 0.8,
    "mandatory_must_be_met": True,
}


def make_data(*, code="test-fw", label="v1", principles=2, criteria=2, indicators=2, total=None):
    """A valid document; `total` spreads that many indicators over one principle with one criterion per ten."""
    data = {
        "format": 1,
        "framework": {"code": code, "name_lt": "Bandomoji sistema", "name_en": "Test framework", "level": "Assurance"},
        "version": {"label": label, "year": 2024, "validity_years": 3, "scoring": copy.deepcopy(SCORING)},
        "principles": [],
    }
    if total is not None:
        chunks = [min(10, total - start) for start in range(0, total, 10)]
        shape = [chunks]
    else:
        shape = [[indicators] * criteria for _p in range(principles)]
    for p, crit_sizes in enumerate(shape, start=1):
        principle = {"code": str(p), "name_lt": f"Principas {p}", "name_en": f"Principle {p}", "criteria": []}
        for c, size in enumerate(crit_sizes, start=1):
            criterion = {
                "code": f"{p}.{c}",
                "title_lt": f"Kriterijus {p}.{c}",
                "title_en": f"Criterion {p}.{c}",
                "indicators": [
                    {
                        "code": f"{p}.{c}.{i}",
                        "title_lt": f"Rodiklis {p}.{c}.{i}: įstaiga turi patvirtintą tvarką",
                        "title_en": f"Indicator {p}.{c}.{i}: the organisation has an approved procedure",
                        "mandatory": i == 1,
                        "evidence_types": ["procedure"],
                    }
                    for i in range(1, size + 1)
                ],
            }
            principle["criteria"].append(criterion)
        data["principles"].append(principle)
    return data


def make_version(org=None, **kwargs):
    return import_framework(make_data(**kwargs), org=org).version
