from accounts.models import Invitation
from kokybe.grid import LOGIN, PUBLIC, Route
from orgs.roles import Role


def _invitation(cast, org=None, email="new@x.test"):
    org = org or cast.alfa
    return Invitation.objects.create(org=org, email=email, role=Role.STAFF, invited_by=cast.ona)


GRID = [
    Route("accounts:login", access=PUBLIC, anon_ok=frozenset({200})),
    Route("accounts:logout", access=PUBLIC, method="post", anon_ok=frozenset({302})),
    Route("accounts:profile", access=LOGIN),
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
]
