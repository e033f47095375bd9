"""The national benchmark stays runnable: a small scene builds, every page it measures answers as it expects, and
every floor's SQL runs on this database (SQLite and PostgreSQL). The timing itself is `make bench`'s, never a test's."""

import io

import pytest
from django.test import Client

from kokybe import bench

pytestmark = pytest.mark.django_db


def test_a_small_national_scene_builds_and_every_page_and_floor_runs():
    out = io.StringIO()
    bench.build(6, out=out, sizes={"actions": 30, "documents": 12, "activity": 40, "responses": 15})
    s = bench.scene()
    assert s is not None and s.programme.participations.count() == 6
    assert "the impact study in 6 providers" in out.getvalue()
    clients = {}
    pages = bench.pages(s)
    for page in pages:
        key = page.user.pk if page.user else None
        if key not in clients:
            clients[key] = bench.session_for(page.user)[0] if page.user else Client()
        assert bench._count_queries(clients[key], page, 0) > 0  # asserts the page's expected status itself
    floors = bench.floors(s)
    assert set(floors) == {page.label.split(" (")[0] for page in pages}
    for label, statements in floors.items():
        bench.time_floor(statements, label in bench.WRITES)
    assert "12 documents" in bench._scene_sizes(s)
