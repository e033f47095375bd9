"""Where Kokybė may send a webhook: a guard against server-side request forgery (SSRF).

A webhook's address is typed by a manager, and the server then posts to it: without a guard it could be pointed at
the server's own loopback services, the cloud's metadata address (169.254.169.254) or the provider's private network.
So an address is accepted only when

- its scheme is https (http too where settings.WEBHOOK_ALLOW_HTTP, for development and tests);
- it carries no user name or password (a secret in the address ends up in logs and on the page);
- every address its host name resolves to is a public one: not loopback, private, link-local, multicast, reserved,
  unspecified, shared (100.64/10) or otherwise not global, IPv4 and IPv6 alike, an IPv4-mapped/6to4/Teredo IPv6
  address judged by the IPv4 address inside it. settings.WEBHOOK_ALLOWED_NETWORKS names networks that are allowed
  nevertheless (an integration on the provider's own intranet, the tests' loopback receiver).

The check runs when the webhook is saved (WebhookForm) and again before every delivery, because what a name
resolves to can change after it was checked (DNS rebinding); the delivery then connects to the very address that
was checked, not to a second lookup's, and never follows a redirect (a 3xx is a failed delivery).
"""

import http.client
import ipaddress
import socket
import ssl
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Refused(ValidationError):
    """An address Kokybė will not send to; the message says why, in the reader's language."""


@lru_cache(maxsize=8)
def _allowed_networks(networks):
    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


def _inner_ipv4(ip):
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, Teredo), if any."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def is_public(ip):
    """True when `ip` is an address of the public internet, judged together with any IPv4 address it carries."""
    for candidate in filter(None, (ip, _inner_ipv4(ip))):
        if (
            candidate.is_loopback
            or candidate.is_private
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
            or not candidate.is_global
        ):
            return False
    return True


def _allowed(ip):
    networks = _allowed_networks(tuple(settings.WEBHOOK_ALLOWED_NETWORKS))
    return is_public(ip) or any(ip in network for network in networks)


def resolve(host, port):
    """Every address `host` resolves to (a separate function so tests can stand in for DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def check(url):
    """The parts of `url` and the checked address to connect to; raises Refused when Kokybė must not send there."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused(_("Enter a valid address (URL)."), code="invalid") from None
    schemes = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes:
        raise Refused(_("The address must start with https://."), code="scheme")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Refused(_("The address must not contain a user name or password."), code="credentials")
    host = parts.hostname
    if not host:
        raise Refused(_("Enter a valid address (URL)."), code="invalid")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise Refused(_("The address's host name %(host)s cannot be found.") % {"host": host}, code="dns") from None
    checked = []
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is not part of it
        except ValueError:
            raise Refused(_("Enter a valid address (URL)."), code="invalid") from None
        if not _allowed(ip):
            raise Refused(
                _(
                    "The address leads to %(ip)s, a loopback, private, link-local or otherwise non-public network "
                    "address: webhooks are sent only to addresses on the public internet."
                )
                % {"ip": ip},
                code="address",
            )
        checked.append(str(ip))
    if not checked:
        raise Refused(_("The address's host name %(host)s cannot be found.") % {"host": host}, code="dns")
    return parts, port, checked[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked address while naming the host in the request (Host header)."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As _PinnedHTTP, with TLS verified against the host name (SNI and the certificate), not the address."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, timeout):
    """POST `body` to `url` after checking it again; returns (status code, reason); a redirect is not followed.
    Raises Refused for an address Kokybė must not send to, OSError/HTTPException when the connection fails."""
    parts, port, address = check(url)
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_class(parts.hostname, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not used; read a little so the connection closes cleanly
        return response.status, response.reason
    finally:
        connection.close()
