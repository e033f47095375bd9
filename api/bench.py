"""`manage.py bench_api`: p50/p95 over HTTP of the API's two heaviest reads, against the same rows read by bare SQL.

A real HTTP server on the loopback address (Django's threaded WSGI server, in this process) answers a keep-alive
client: listing 100 improvement actions, and one self-assessment cycle with 120 answers and its readiness. The data
is committed to the bench database (the server reads it on its own connection) under a fresh slug, and removed after.
"""

import http.client
import socket
import statistics
import threading
import time
from datetime import date, timedelta

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import override_settings

TARGETS_MS = {"actions": 50, "cycle": 150}


class _Quiet(WSGIRequestHandler):
    def setup(self):
        super().setup()
        # wsgiref writes the headers and the body in separate sends: with Nagle's algorithm on, the body's last
        # segment waits for the client's delayed ACK (~40 ms on Linux), a stall of the test server, not of the API
        # (gunicorn behind a proxy sends the response whole). http.client sets TCP_NODELAY on its side already.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass


def _ms(samples):
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


def _build(slug):
    from actions.models import ImprovementAction
    from api.services import token_create
    from assessments.bench import build

    org, cycle, coordinator = build(slug, principles=10, criteria=4, indicators=3)
    cycle.status = "draft"
    cycle.save(update_fields=["status"])
    start = ImprovementAction.objects.for_org(org).count()
    ImprovementAction.objects.bulk_create(
        ImprovementAction(
            org=org,
            number=start + i,
            title=f"Veiksmas {i}",
            owner=coordinator,
            due_date=date(2026, 1, 1) + timedelta(days=i),
        )
        for i in range(1, 101)
    )
    _token, secret = token_create(
        user=coordinator, org=org, name="bench", scope="read", expires_on=date.today() + timedelta(days=1)
    )
    return org, cycle, secret


def _floor_actions(org):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.number, a.uuid, a.title, a.source, a.status, a.priority, a.progress, a.owner_id, u.full_name,"
            " a.unit_id, a.service_id, a.start_date, a.due_date, a.completed_on, a.verified_on, a.created_at,"
            " a.updated_at FROM actions_improvementaction a LEFT JOIN accounts_user u ON u.id = a.owner_id"
            " WHERE a.org_id = %s ORDER BY a.due_date, a.id LIMIT 100",
            [org.pk],
        )
        return cursor.fetchall()


def _floor_cycle(cycle):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.indicator_id, i.code, i.mandatory, a.rating, a.reason, a.narrative, a.responsible_id,"
            " a.target_date, a.revision, a.updated_at FROM assessments_indicatoranswer a"
            " JOIN frameworks_indicator i ON i.id = a.indicator_id WHERE a.assessment_id = %s",
            [cycle.pk],
        )
        return cursor.fetchall()


def _timed(func, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


def run(runs=50, out=print):
    slug = f"bench-api-{int(time.time())}"
    settings = {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["127.0.0.1"],
        "SECURE_SSL_REDIRECT": False,
        "API_RATE_LIMIT": (10**9, 60),
    }
    with override_settings(**settings):
        org, cycle, secret = _build(slug)
        server = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet)
        server.set_app(get_wsgi_application())
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
            headers = {"Authorization": f"Bearer {secret}"}

            def get(path):
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                assert response.status == 200, (path, response.status, body[:300])
                return body

            actions_path = f"/api/v1/orgs/{slug}/actions?page_size=100&sort=due_date"
            cycle_path = f"/api/v1/orgs/{slug}/assessments/{cycle.pk}"
            get(actions_path), get(cycle_path)  # warm: templates, schema, connection
            figures = {
                "actions": (
                    _ms(_timed(lambda: get(actions_path), runs)),
                    _ms(_timed(lambda: _floor_actions(org), runs)),
                ),
                "cycle": (_ms(_timed(lambda: get(cycle_path), runs)), _ms(_timed(lambda: _floor_cycle(cycle), runs))),
            }
            conn.close()
        finally:
            server.shutdown()
            server.server_close()
    out(f"API over HTTP ({runs} requests each; bare SQL of the same rows on the same database as the floor):")
    labels = {"actions": "list 100 improvement actions", "cycle": "cycle with 120 answers + readiness"}
    for key, ((p50, p95), (f50, f95)) in figures.items():
        verdict = "ok" if p95 < TARGETS_MS[key] else "MISSED"
        out(
            f"  {labels[key]:<36} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (target p95 < {TARGETS_MS[key]} ms: {verdict})"
            f"   floor p50 {f50:5.2f} ms  p95 {f95:5.2f} ms"
        )
    _cleanup(org)
    return figures


def _cleanup(org):
    from django.db.models.deletion import ProtectedError

    from actions.models import ImprovementAction
    from assessments.models import Assessment

    try:
        ImprovementAction.objects.for_org(org).delete()
        Assessment.objects.for_org(org).delete()
        org.delete()
    except ProtectedError:  # pragma: no cover - the bench database keeps it; the next run uses a new slug
        pass
