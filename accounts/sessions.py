"""How long a login lasts: until the browser closes, or SESSION_IDLE_SECONDS without a request, unless the person
ticked "remember me" (then SESSION_COOKIE_AGE, 14 days). A shared office computer must not stay logged in for two
weeks because someone forgot to log out.

`remember_choice` runs on every login (the app's form, /admin/login/, an accepted invitation), so no door gives a
long session by default. `IdleTimeoutMiddleware` ends a session left idle; it writes the session at most once a
minute, not on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

REMEMBER = "kokybe_remember"
LAST_SEEN = "kokybe_last_seen"
# How stale the recorded activity may get before it is written again.
TOUCH_SECONDS = 60


def remember_choice(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    remember = request.method == "POST" and request.POST.get("remember") in ("on", "true", "1")
    request.session[REMEMBER] = remember
    request.session[LAST_SEEN] = int(time.time())
    # 0: the cookie ends with the browser. None: the global SESSION_COOKIE_AGE.
    request.session.set_expiry(None if remember else 0)


class IdleTimeoutMiddleware:
    """Logs out a session that has not been used for SESSION_IDLE_SECONDS (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.get(REMEMBER) and request.user.is_authenticated:
            now = int(time.time())
            last = session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
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
