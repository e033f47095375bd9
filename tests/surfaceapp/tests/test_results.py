"""The test register declares a computed result through `surfaces.result_sources`: the contract's smallest example."""

from datetime import date

import pytest

from kokybe import surfaces
from tests.surfaceapp.models import Entry

pytestmark = pytest.mark.django_db


def test_a_declared_source_is_found_by_its_code_and_computes_per_period(cast, surfaceapp):
    source = surfaces.result_sources_all()["surfaceapp.closed_on_time"]
    assert source.principles == ("7",) and source.unit == "%"
    make = Entry.objects.create
    make(
        org=cast.alfa,
        title="on time",
        received_on=date(2026, 1, 5),
        due_on=date(2026, 2, 1),
        closed_on=date(2026, 1, 31),
    )
    make(org=cast.alfa, title="late", received_on=date(2026, 1, 5), due_on=date(2026, 2, 1), closed_on=date(2026, 2, 3))
    make(org=cast.alfa, title="open", received_on=date(2026, 1, 5), due_on=date(2026, 2, 1))
    make(
        org=cast.beta,
        title="elsewhere",
        received_on=date(2026, 1, 5),
        due_on=date(2026, 2, 1),
        closed_on=date(2026, 1, 9),
    )
    quarter = source.compute(cast.alfa, date(2026, 1, 1), date(2026, 3, 31))
    assert quarter == surfaces.Measure(value=50.0, numerator=1, denominator=2, records=2)
    january = source.compute(cast.alfa, date(2026, 1, 1), date(2026, 1, 31))
    assert january.value == 100.0 and january.records == 1
    # A period with nothing to count has no value at all, not 0 %.
    assert source.compute(cast.alfa, date(2025, 1, 1), date(2025, 12, 31)) is None


def test_two_apps_declaring_one_code_is_an_error(surfaceapp):
    duplicate = surfaces.ResultSource(code="surfaceapp.closed_on_time", name="Copy", unit="%", compute=lambda *a: None)

    def clash():
        return [duplicate]

    surfaces.result_sources(clash)
    try:
        with pytest.raises(ValueError):
            surfaces.result_sources_all()
    finally:
        surfaces.result_sources._functions.remove(clash)


def test_without_the_register_switched_on_no_source_is_declared():
    assert "surfaceapp.closed_on_time" not in surfaces.result_sources_all()
