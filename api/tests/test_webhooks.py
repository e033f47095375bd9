"""Outgoing webhooks end to end: an action made through the API reaches a loopback receiver, signed; a failing
receiver is retried with back-off; the managers' page subscribes and shows the log."""

import hashlib
import hmac
import io
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from actions.models import ImprovementAction
from api import services
from api.models import Delivery, Webhook
from api.tests.helpers import ApiClient, make_token
from api.webhooks import RETRY_DELAYS, send_due
from kokybe.test import client_for


class Receiver:
    """A loopback HTTP server that records what it is sent and answers with `status`."""

    def __init__(self, status=204, headers=None):
        self.requests, self.status, self.headers = [], status, headers or {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/kokybe"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    # The receiver listens on the loopback address over http: allowed here only (api/outbound.py refuses both).
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.mark.django_db
def test_an_action_created_through_the_api_arrives_signed(cast, receiver):
    webhook = services.webhook_create(org=cast.alfa, url=receiver.url, events=["action.created"], by=cast.ona)
    api = ApiClient(make_token(cast.jonas, cast.alfa))
    assert api.post("/api/v1/orgs/alfa/actions", {"title": "Iš integracijos"}).status_code == 201
    # The test settings run tasks immediately; in production the database worker does (or `send_webhooks`).
    send_due()
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    expected = hmac.new(webhook.secret.encode(), f"{headers['X-Kokybe-Timestamp']}.".encode() + body, hashlib.sha256)
    assert headers["X-Kokybe-Signature"] == f"sha256={expected.hexdigest()}"
    assert headers["X-Kokybe-Event"] == "action.created"
    payload = json.loads(body)
    assert payload["data"]["title"] == "Iš integracijos" and payload["organisation"] == "alfa"
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


@pytest.mark.django_db
def test_unsubscribed_events_and_other_organisations_send_nothing(cast, receiver):
    services.webhook_create(org=cast.beta, url=receiver.url, events=["action.created"], by=cast.petras)
    services.webhook_create(org=cast.alfa, url=receiver.url, events=["audit.closed"], by=cast.ona)
    ApiClient(make_token(cast.jonas, cast.alfa)).post("/api/v1/orgs/alfa/actions", {"title": "Tyliai"})
    send_due()
    assert receiver.requests == [] and not Delivery.objects.exists()


@pytest.mark.django_db
def test_status_changes_and_overdue_are_sent_once(cast, receiver):
    services.webhook_create(
        org=cast.alfa, url=receiver.url, events=["action.status_changed", "action.overdue"], by=cast.ona
    )
    action = ImprovementAction.objects.create(
        org=cast.alfa, number=1, title="Vėluoja", owner=cast.rasa, due_date=timezone.localdate() - timedelta(days=2)
    )
    ApiClient(make_token(cast.jonas, cast.alfa)).post("/api/v1/orgs/alfa/actions/1/transitions", {"to": "in_progress"})
    call_command("send_webhooks", stdout=io.StringIO())
    call_command("send_webhooks", stdout=io.StringIO())
    events = sorted(h["X-Kokybe-Event"] for h, _ in receiver.requests)
    assert events == ["action.overdue", "action.status_changed"], events
    assert action.pk


@pytest.mark.django_db
def test_a_failing_receiver_is_retried_with_back_off_then_given_up(cast):
    failing = Receiver(status=500)
    try:
        services.webhook_create(org=cast.alfa, url=failing.url, events=["action.created"], by=cast.ona)
        ApiClient(make_token(cast.jonas, cast.alfa)).post("/api/v1/orgs/alfa/actions", {"title": "Nepavyks"})
        now = timezone.now()
        send_due(now)
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
        assert delivery.next_attempt_at == now + RETRY_DELAYS[0]
        assert send_due(now) == 0  # not before its time
        for delay in RETRY_DELAYS:
            now += delay
            send_due(now)
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.FAILED
        assert delivery.attempts == len(RETRY_DELAYS) + 1 and delivery.last_status_code == 500
    finally:
        failing.close()


@pytest.mark.django_db
def test_managers_subscribe_on_the_page_and_see_the_secret_once(cast, monkeypatch):
    monkeypatch.setattr("api.outbound.resolve", lambda host, port: ["93.184.215.14"])
    client = client_for(cast.jonas)
    response = client.post("/o/alfa/webhooks/", {"url": "https://example.lt/hook", "events": ["audit.closed"]})
    assert response.status_code == 201
    secret = Webhook.objects.get().secret
    assert secret in response.content.decode()
    assert secret not in client.get("/o/alfa/webhooks/").content.decode()
    refused = client.post("/o/alfa/webhooks/", {"url": "not a url", "events": ["nope"]})
    assert refused.status_code == 400
