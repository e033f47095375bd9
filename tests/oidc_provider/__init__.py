"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in a Django project of its own,
run as a separate process on loopback (accounts/tests/test_sso.py). Not part of Kokybė."""
