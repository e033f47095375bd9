"""How long a login lasts: until the browser closes, or SESSION_IDLE_SECONDS without a request, and never longer than
SESSION_MAX_SECONDS (12 hours) in all, unless the person ticked "remember me" (then at most SESSION_COOKIE_AGE, 7 days,
from the login, however busy). A shared office computer must not stay logged in for days because someone forgot to log
out, and a stolen session cookie stops working within a working day.

`remember_choice` runs on every login (the app's form, /admin/login/, an accepted invitation), so no door gives a
long session by default. `IdleTimeoutMiddleware` ends a session left idle; it writes the session at most once a
minute, not on every request.

A person sees their sessions and ends them (ASVS 3.3.4) on their security page: each session is a row of
accounts.UserSession with its owner (the session store writes it), the browser and system read from the user agent,
and the address shortened to its network (the last part of an IPv4 address, all but the first 48 bits of an IPv6
one are dropped: enough to recognise "the office" or "home", not to locate a person). A session is named on the page
by a keyed hash of its key (`reference`), never by the key itself, which would let a reader of the page take it over.
"""

import ipaddress
import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from kokybe.lib import throttle

REMEMBER = "kokybe_remember"
LAST_SEEN = "kokybe_last_seen"
LOGIN_AT = "kokybe_login_at"
AGENT = "kokybe_agent"
ADDRESS = "kokybe_address"
# How stale the recorded activity may get before it is written again.
TOUCH_SECONDS = 60


def remember_choice(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    remember = request.method == "POST" and request.POST.get("remember") in ("on", "true", "1")
    request.session[REMEMBER] = remember
    request.session[LAST_SEEN] = request.session[LOGIN_AT] = int(time.time())
    request.session[AGENT] = request.META.get("HTTP_USER_AGENT", "")[:300]
    request.session[ADDRESS] = shorten_ip(throttle.client_ip(request))
    # 0: the cookie ends with the browser. None: the global SESSION_COOKIE_AGE.
    request.session.set_expiry(None if remember else 0)


def _lifetime(session):
    return settings.SESSION_COOKIE_AGE if session.get(REMEMBER) else settings.SESSION_MAX_SECONDS


def ends_at(session):
    """When the session ends by itself (Unix time), if nobody uses it: the end of its lifetime, or for a session not
    remembered the idle limit after its last request, whichever comes first. None before a login."""
    login_at = session.get(LOGIN_AT)
    if login_at is None:
        return None
    end = login_at + _lifetime(session)
    if not session.get(REMEMBER) and session.get(LAST_SEEN) is not None:
        end = min(end, session[LAST_SEEN] + settings.SESSION_IDLE_SECONDS)
    return end


def shorten_ip(address):
    """The network an address belongs to, for the sessions list: "203.0.113.*", "2001:db8:1:*"; "" if unknown."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:3]) + ".*"
    network = ipaddress.ip_network(f"{ip}/48", strict=False).network_address.exploded.split(":")[:3]
    return ":".join(part.lstrip("0") or "0" for part in network) + ":*"


# (name, pattern) in the order they must be tried: Edge and Opera say "Chrome" too, Chrome says "Safari".
BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows"),
    ("macOS", r"Macintosh|Mac OS X"),
    ("Linux", r"Linux|X11"),
]


def describe_agent(agent):
    """ "Firefox, Windows" from a browser's user agent; what cannot be recognised is said so."""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, agent or "")), None)
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, agent or "")), None)
    if browser and system:
        return _("%(browser)s, %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")


def reference(session_key):
    """What the sessions page calls a session: a keyed hash of its key (the key itself must never be shown)."""
    return salted_hmac("kokybe.accounts.session", session_key, algorithm="sha256").hexdigest()[:24]


def active_sessions(user):
    """The person's sessions that have not ended, the most recently used first."""
    from .models import UserSession

    now = timezone.now()
    return UserSession.objects.filter(user=user, expire_date__gt=now, ends_at__gt=now).order_by(
        "-last_activity", "-logged_in_at"
    )


def end_session(user, ref, current_key):
    """End one of `user`'s other sessions, named by its `reference`. False if there is none such (already ended,
    someone else's, or made up)."""
    for session in active_sessions(user).exclude(session_key=current_key or ""):
        if constant_time_compare(reference(session.session_key), ref):
            session.delete()
            return True
    return False


def end_other_sessions(user, current_key):
    """End every session of `user` but the current one; how many ended."""
    from .models import UserSession

    deleted, _kinds = UserSession.objects.filter(user=user).exclude(session_key=current_key or "").delete()
    return deleted


class IdleTimeoutMiddleware:
    """Logs out a session that has not been used for SESSION_IDLE_SECONDS, or that has lasted longer than its
    lifetime since the login (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            login_at = session.get(LOGIN_AT)
            if login_at is not None and int(time.time()) - login_at > _lifetime(session):
                hours = max(1, _lifetime(session) // 3600)
                logout(request)
                messages.info(
                    request,
                    _("Your login has lasted %(hours)s hours, the longest allowed. Please log in again.")
                    % {"hours": hours},
                )
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            last = session.get(LAST_SEEN)
            # Remembered sessions are not ended when idle, but their last activity is kept for the sessions list.
            if not session.get(REMEMBER) and last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                hours = max(1, settings.SESSION_IDLE_SECONDS // 3600)
                messages.info(
                    request,
                    _("You were logged out after %(hours)s hours without activity. Please log in again.")
                    % {"hours": hours},
                )
            elif last is None or now - last >= TOUCH_SECONDS:
                session[LAST_SEEN] = now
        return self.get_response(request)
