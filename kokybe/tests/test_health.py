"""/healthz/ (database, migrations, worker heartbeat, queue), JSON logs and Sentry reports."""

import gzip
import json
import logging
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from kokybe.lib import background, health, observability
from kokybe.lib.logmask import MaskTokens


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


def test_healthz_reports_each_check_and_a_missing_worker_does_not_fail_it(db):
    response = Client().get("/healthz/")
    lines = response.content.decode().splitlines()
    assert response.status_code == 200 and lines[0] == "ok"
    assert "database: ok (vendor=" in lines[1] and lines[2] == "migrations: ok (pending=0)"
    assert lines[3] == "worker: FAIL (heartbeat_age=None)"
    assert lines[4] == "tasks: ok (ready=0, failed_24h=0)"
    background.beat("w1")
    data = Client().get("/healthz/?format=json").json()
    assert data["ok"] and data["checks"]["worker"] == {"ok": True, "heartbeat_age": 0}


def test_healthz_fails_while_migrations_are_pending(db, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("a", False), ("b", False)])
    response = Client().get("/healthz/")
    assert response.status_code == 503 and response.content.decode().startswith("fail\n")
    assert "migrations: FAIL (pending=2)" in response.content.decode()


def test_healthz_fails_when_the_database_does_not_answer(db, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_ping", broken)
    response = Client().get("/healthz/?format=json")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "checks": {"database": {"ok": False, "error": "OperationalError"}}}


def test_json_logs_are_one_object_a_line_with_personal_links_masked():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/s/t/SECRET/",), None)
    MaskTokens().filter(record)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    entry = json.loads(observability.JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /s/t/…/" and "ValueError: boom" in entry["exception"]


class _Collector(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.received.append(body.decode())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_reach_sentry_without_personal_links_or_cookies():
    import sentry_sdk

    server = HTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        observability.init_sentry(f"http://public@127.0.0.1:{server.server_port}/1", "test", 0.0)
        with sentry_sdk.new_scope() as scope:
            scope.set_context("request", {})
            event = {
                "message": "failed on /s/t/SECRET-TOKEN/",
                "level": "error",
                "request": {"url": "https://kokybe.test/s/t/SECRET-TOKEN/", "cookies": "sessionid=abc"},
            }
            sentry_sdk.capture_event(event)
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.init(dsn=None)
        server.shutdown()
    body = "".join(_Collector.received)
    assert "failed on /s/t/" in body and "SECRET-TOKEN" not in body and "sessionid" not in body
