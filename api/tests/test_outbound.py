"""The SSRF guard on webhook addresses (api/outbound.py): refused on the page and again at every delivery."""

import socket

import pytest
from django.utils import translation

from api import outbound, services
from api.models import Delivery, Webhook
from api.tests.test_webhooks import Receiver
from api.webhooks import emit, send_due
from kokybe.test import client_for

# Every class of address a webhook must not reach, IPv4 and IPv6, and IPv6 forms that carry an IPv4 address.
REFUSED = {
    "loopback": ["127.0.0.1", "127.255.0.9", "::1"],
    "private": ["10.0.0.1", "172.16.5.4", "192.168.1.1", "fd12:3456::1"],
    "link-local (cloud metadata)": ["169.254.169.254", "fe80::1"],
    "multicast": ["224.0.0.1", "239.1.2.3", "ff02::1"],
    "reserved": ["240.0.0.1", "255.255.255.255"],
    "unspecified": ["0.0.0.0", "::"],
    "shared (carrier NAT)": ["100.64.0.1"],
    "documentation": ["192.0.2.10", "2001:db8::1"],
    "IPv4-mapped": ["::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"],
    "6to4 / Teredo": ["2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe"],
}
PUBLIC = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]


def _dns(monkeypatch, *addresses):
    monkeypatch.setattr(outbound, "resolve", lambda host, port: list(addresses))


@pytest.mark.parametrize("address", [a for group in REFUSED.values() for a in group])
def test_non_public_addresses_are_refused(address, monkeypatch, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    _dns(monkeypatch, address)
    with pytest.raises(outbound.Refused) as refused:
        outbound.check("https://hooks.example.lt/kokybe")
    assert refused.value.code == "address"


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_accepted(address, monkeypatch):
    _dns(monkeypatch, address)
    parts, port, checked = outbound.check("https://hooks.example.lt:8443/kokybe?x=1")
    assert (parts.hostname, port, checked) == ("hooks.example.lt", 8443, address)


def test_one_private_address_among_public_ones_is_enough_to_refuse(monkeypatch):
    _dns(monkeypatch, "93.184.215.14", "10.1.2.3")
    with pytest.raises(outbound.Refused):
        outbound.check("https://hooks.example.lt/")


def test_a_named_network_is_allowed(monkeypatch, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.2.0.0/16"]
    _dns(monkeypatch, "10.2.3.4")
    assert outbound.check("https://intranet.example.lt/")[2] == "10.2.3.4"
    _dns(monkeypatch, "10.3.0.1")
    with pytest.raises(outbound.Refused):
        outbound.check("https://intranet.example.lt/")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://hooks.example.lt/", "scheme"),
        ("ftp://hooks.example.lt/", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("gopher://hooks.example.lt/", "scheme"),
        ("https://user:secret@hooks.example.lt/", "credentials"),
        ("https://token@hooks.example.lt/", "credentials"),
        ("https:///nohost", "invalid"),
        ("https://hooks.example.lt:99999/", "invalid"),
    ],
)
def test_schemes_credentials_and_malformed_addresses_are_refused(url, code, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    _dns(monkeypatch, PUBLIC[0])
    with pytest.raises(outbound.Refused) as refused:
        outbound.check(url)
    assert refused.value.code == code


def test_http_is_allowed_only_by_the_setting(monkeypatch, settings):
    _dns(monkeypatch, PUBLIC[0])
    settings.WEBHOOK_ALLOW_HTTP = True
    assert outbound.check("http://hooks.example.lt/")[1] == 80


def test_a_name_that_does_not_resolve_is_refused(monkeypatch):
    def fail(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(outbound, "resolve", fail)
    with pytest.raises(outbound.Refused) as refused:
        outbound.check("https://nowhere.example.lt/")
    assert refused.value.code == "dns"


def test_numeric_spellings_of_loopback_are_resolved_and_refused(settings):
    # The real resolver turns these into 127.0.0.1 (no DNS is asked for a numeric host).
    settings.WEBHOOK_ALLOW_HTTP = True
    for url in ("http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://[::ffff:7f00:1]/"):
        with pytest.raises(outbound.Refused):
            outbound.check(url)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "fd00::5"])
def test_the_page_refuses_a_private_address_in_lithuanian(cast, monkeypatch, address):
    _dns(monkeypatch, address)
    client = client_for(cast.jonas, language="lt")
    response = client.post("/o/alfa/webhooks/", {"url": "https://hooks.example.lt/", "events": ["audit.closed"]})
    assert response.status_code == 400
    assert "tik adresais viešajame internete" in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_the_page_refuses_http_and_credentials(cast, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    _dns(monkeypatch, PUBLIC[0])
    client = client_for(cast.jonas, language="lt")
    refusals = {
        "http://hooks.example.lt/": "The address must start with https://.",
        "https://vartotojas:slaptazodis@hooks.example.lt/": "The address must not contain a user name or password.",
    }
    for url, message in refusals.items():
        response = client.post("/o/alfa/webhooks/", {"url": url, "events": ["audit.closed"]})
        assert response.status_code == 400, url
        with translation.override("lt"):
            assert translation.gettext(message) in response.content.decode(), url
    assert not Webhook.objects.exists()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _delivery(cast, url):
    webhook = services.webhook_create(org=cast.alfa, url=url, events=["audit.closed"], by=cast.ona)
    emit(cast.alfa, "audit.closed", {"id": 1}, key="1")
    return webhook


@pytest.mark.django_db
def test_a_name_that_now_resolves_to_loopback_is_not_sent_to(cast, receiver, monkeypatch, settings):
    # Saved while the name led to a public address; DNS now answers with the loopback address (rebinding).
    settings.WEBHOOK_ALLOW_HTTP, settings.WEBHOOK_ALLOWED_NETWORKS = True, []
    _dns(monkeypatch, "127.0.0.1")
    _delivery(cast, f"http://hooks.example.lt:{receiver.server.server_port}/kokybe")
    send_due()
    delivery = Delivery.objects.get()
    assert receiver.requests == []
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None and "127.0.0.1" in delivery.last_error


@pytest.mark.django_db
def test_the_delivery_connects_to_the_checked_address_and_names_the_host(cast, receiver, monkeypatch, settings):
    # hooks.example.lt does not lead to 127.0.0.1 in real DNS: the request arrives only because the checked address
    # is the one connected to (no second lookup between the check and the connection).
    settings.WEBHOOK_ALLOW_HTTP, settings.WEBHOOK_ALLOWED_NETWORKS = True, ["127.0.0.1/32"]
    _dns(monkeypatch, "127.0.0.1")
    port = receiver.server.server_port
    _delivery(cast, f"http://hooks.example.lt:{port}/kokybe?from=test")
    send_due()
    assert len(receiver.requests) == 1
    headers, _body = receiver.requests[0]
    assert headers["Host"] == f"hooks.example.lt:{port}"
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


@pytest.mark.django_db
def test_a_redirect_is_not_followed(cast, receiver, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_HTTP, settings.WEBHOOK_ALLOWED_NETWORKS = True, ["127.0.0.1/32"]
    redirecting = Receiver(status=307, headers={"Location": receiver.url})
    try:
        _delivery(cast, redirecting.url)
        send_due()
        delivery = Delivery.objects.get()
        assert len(redirecting.requests) == 1 and receiver.requests == []
        assert delivery.status == Delivery.Status.PENDING and delivery.last_status_code == 307
    finally:
        redirecting.close()
