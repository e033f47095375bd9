from accounts.models import Invitation
from kokybe.grid import LOGIN, PUBLIC, Route
from orgs.roles import Role


def _app(cast):
    from accounts.models import AuthenticatorApp

    return AuthenticatorApp.objects.create(user=cast.ona, name="Telefonas", confirmed=True)


def _invitation(cast, org=None, email="new@x.test"):
    org = org or cast.alfa
    return Invitation.objects.create(org=org, email=email, role=Role.STAFF, invited_by=cast.ona)


GRID = [
    Route("accounts:login", access=PUBLIC, anon_ok=frozenset({200})),
    Route("accounts:logout", access=PUBLIC, method="post", anon_ok=frozenset({302})),
    Route("accounts:profile", access=LOGIN),
    Route("accounts:my_data", access=LOGIN),
    Route("accounts:sessions", access=LOGIN),
    # A reference that names no session of theirs: told so, nothing ends (302 back to the list).
    Route("accounts:session_end", access=LOGIN, method="post", kwargs=lambda cast: {"ref": "0" * 24}),
    Route("accounts:session_end_others", access=LOGIN, method="post"),
    Route("accounts:password_change", access=LOGIN),
    Route("accounts:password_change_done", access=LOGIN),
    Route("accounts:password_reset", access=PUBLIC, anon_ok=frozenset({200})),
    Route("accounts:password_reset_done", access=PUBLIC, anon_ok=frozenset({200})),
    # A made-up token: the page says the link cannot be used (200), for anyone.
    Route(
        "accounts:password_reset_confirm",
        access=PUBLIC,
        kwargs=lambda cast: {"uidb64": "MQ", "token": "made-up-token"},
        anon_ok=frozenset({200}),
        ok=frozenset({200}),
    ),
    Route("accounts:password_reset_complete", access=PUBLIC, anon_ok=frozenset({200})),
    # Anonymous: the sign-up form; signed in as someone else (every cast member): told so, 200.
    Route(
        "accounts:invitation_accept",
        access=PUBLIC,
        kwargs=lambda cast: {"token": _invitation(cast).token},
        anon_ok=frozenset({200}),
        ok=frozenset({200}),
    ),
    Route("invitations:list"),
    Route(
        "invitations:resend",
        method="post",
        kwargs=lambda cast: {"pk": _invitation(cast).pk},
        foreign=lambda cast: {"pk": _invitation(cast, cast.beta).pk},
    ),
    Route(
        "invitations:revoke",
        method="post",
        kwargs=lambda cast: {"pk": _invitation(cast).pk},
        foreign=lambda cast: {"pk": _invitation(cast, cast.beta).pk},
    ),
    # The second factor: every signed-in person (none of the cast has a device, so nothing asks for the second step).
    Route("accounts:mfa_verify", access=LOGIN),
    Route("accounts:mfa_lost", access=LOGIN),
    Route("accounts:mfa_devices", access=LOGIN),
    Route("accounts:mfa_app_add", access=LOGIN),
    Route("accounts:mfa_passkey_add", access=LOGIN),
    Route("accounts:mfa_passkey_added", access=LOGIN),
    # Ona's phone: Ona may remove it (302), anyone else gets 404; Ona, having a device, must pass the second step first.
    Route(
        "accounts:mfa_device_remove",
        access=LOGIN,
        method="post",
        kwargs=lambda cast: {"kind": "app", "pk": _app(cast).pk},
        ok=frozenset({302, 404}),
    ),
    Route("accounts:mfa_codes", access=LOGIN),
    # The codes exist only just after they were made (in that session); otherwise back to the codes page.
    Route("accounts:mfa_codes_download", access=LOGIN),
    # django-otp-webauthn's JSON ceremony: the "complete" half without its "begin" is a 400.
    Route("accounts:passkey_register_begin", access=LOGIN, method="post", ok=frozenset({200})),
    Route("accounts:passkey_register_complete", access=LOGIN, method="post", ok=frozenset({400})),
    Route("accounts:passkey_login_begin", access=LOGIN, method="post", ok=frozenset({200})),
    Route("accounts:passkey_login_complete", access=LOGIN, method="post", ok=frozenset({400})),
    Route("security:policy"),
    # The director only (POST, the change itself; without a reason the form comes back, 200); a member of another
    # organisation is not found (404).
    Route(
        "security:reset",
        method="post",
        kwargs=lambda cast: {"pk": cast.memberships[Role.STAFF].pk},
        foreign=lambda cast: {"pk": cast.petras.memberships.get().pk},
    ),
    # Single sign-on is off in the tests' configuration: its pages are not there (404), the refusal page says why.
    Route("accounts:sso_start", access=PUBLIC, anon_ok=frozenset({404}), ok=frozenset({404})),
    Route("accounts:sso_callback", access=PUBLIC, anon_ok=frozenset({404}), ok=frozenset({404})),
    Route("accounts:sso_refused", access=PUBLIC, anon_ok=frozenset({403}), ok=frozenset({403})),
]
