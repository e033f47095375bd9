"""The database session store, with each session's owner in a column of its own (accounts.models.UserSession)."""

from datetime import UTC, datetime

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from . import sessions


def _moment(seconds):
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = str(data.get(SESSION_KEY) or "")
        instance.user_id = int(user_id) if user_id.isdigit() else None
        instance.user_agent = str(data.get(sessions.AGENT, ""))[:300]
        instance.ip = str(data.get(sessions.ADDRESS, ""))[:64]
        instance.logged_in_at = _moment(data.get(sessions.LOGIN_AT))
        instance.last_activity = _moment(data.get(sessions.LAST_SEEN))
        instance.ends_at = _moment(sessions.ends_at(data))
        return instance
