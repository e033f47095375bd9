"""Tokens for the test cast, and a client that sends them."""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create


def make_token(user, org, scope=ApiToken.Scope.WRITE, name="Integracija", days=30):
    _token, secret = token_create(
        user=user, org=org, name=name, scope=scope, expires_on=timezone.localdate() + timedelta(days=days)
    )
    return secret


class ApiClient:
    """A test client with `Authorization: Bearer <secret>`; JSON in and out."""

    def __init__(self, secret=None, **headers):
        self.client = Client()
        self.headers = dict(headers)
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def _send(self, method, path, body=None, headers=None):
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        if body is not None:
            kwargs.update(
                data=body if isinstance(body, (str, bytes)) else json.dumps(body), content_type="application/json"
            )
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, body=None, headers=None):
        return self._send("post", path, body if body is not None else {}, headers)

    def patch(self, path, body=None, headers=None):
        return self._send("patch", path, body if body is not None else {}, headers)

    def put(self, path, body=None, headers=None):
        return self._send("put", path, body if body is not None else {}, headers)

    def delete(self, path, headers=None):
        return self._send("delete", path, None, headers)
