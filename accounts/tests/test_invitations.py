import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Invitation, User
from kokybe.test import assert_constant_queries, make_user
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Labai-geras-2026"


def _list_url(cast):
    return reverse("invitations:list", args=[cast.alfa.slug])


def _accept_url(invitation):
    return reverse("accounts:invitation_accept", args=[invitation.token])


def _invitation(cast, email="nauja@x.test", role=Role.STAFF, **kwargs):
    return Invitation.objects.create(org=cast.alfa, email=email, role=role, invited_by=cast.jonas, **kwargs)


def _counts():
    return User.objects.count(), Membership.objects.count(), ActivityEntry.objects.count()


@pytest.fixture
def manager(client, cast):
    client.force_login(cast.jonas)
    return client


# --- The managers' page -------------------------------------------------------------------------------------------


def test_manager_sees_open_invitations_in_lithuanian(manager, cast):
    _invitation(cast, unit=cast.alfa_unit, position="Socialinė darbuotoja")
    _invitation(cast, email="seniai@x.test", expires_at=timezone.now() - timedelta(days=1))
    _invitation(cast, email="atsaukta@x.test", revoked_at=timezone.now())
    html = manager.get(_list_url(cast)).content.decode()
    assert "<h1>Kvietimai</h1>" in html
    assert "nauja@x.test" in html and "Pagalbos vaikams padalinys" in html
    assert "seniai@x.test" in html and "Nuoroda nebegalioja" in html
    assert "atsaukta@x.test" not in html
    assert ">Pakviesti</button>" in html
    assert "El. pašto adresas" in html


def test_invite_form_sends_the_mail_with_the_link(manager, cast, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://kokybe.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(_list_url(cast), {"email": "nauja@x.test", "role": Role.STAFF, "language": "en"})
    assert response.status_code == 302 and response["Location"] == _list_url(cast)
    invitation = Invitation.objects.get()
    assert (invitation.org, invitation.invited_by, invitation.language) == (cast.alfa, cast.jonas, "en")
    [message] = mail.outbox
    assert message.to == ["nauja@x.test"]
    assert f"https://kokybe.example/accounts/invite/{invitation.token}/" in message.body
    assert "Kvietimas išsiųstas adresu nauja@x.test." in manager.get(_list_url(cast)).content.decode()


def test_inviting_an_active_member_shows_a_form_error(manager, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(_list_url(cast), {"email": "rasa@alfa.test", "role": Role.VIEWER, "language": "lt"})
    assert response.status_code == 200
    assert "Šis asmuo jau yra organizacijos narys." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_external_auditor_without_end_date_shows_a_form_error(manager, cast):
    response = manager.post(_list_url(cast), {"email": "audit@x.test", "role": Role.EXTERNAL_AUDITOR, "language": "lt"})
    with translation.override("lt"):
        assert gettext("An external auditor's access needs an end date.") in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_form_offers_only_this_organisations_units(manager, cast):
    html = manager.get(_list_url(cast)).content.decode()
    assert cast.alfa_subunit.name in html
    assert cast.beta_unit.name not in html
    response = manager.post(
        _list_url(cast), {"email": "n@x.test", "role": Role.STAFF, "unit": cast.beta_unit.pk, "language": "lt"}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_staff_gets_403_on_the_invitation_page(client, cast):
    client.force_login(cast.rasa)
    assert client.get(_list_url(cast)).status_code == 403
    response = client.post(_list_url(cast), {"email": "n@x.test", "role": Role.DIRECTOR, "language": "lt"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_outsider_gets_404_on_the_invitation_page(client, cast):
    client.force_login(cast.petras)
    assert client.get(_list_url(cast)).status_code == 404


def test_invitations_nav_entry_only_for_managers(client, cast):
    dashboard = reverse("orgs:dashboard", args=[cast.alfa.slug])
    client.force_login(cast.ona)
    assert _list_url(cast) in client.get(dashboard).content.decode()
    client.force_login(cast.rasa)
    assert _list_url(cast) not in client.get(dashboard).content.decode()


def test_revoke_from_the_list(manager, cast):
    invitation = _invitation(cast)
    response = manager.post(reverse("invitations:revoke", args=[cast.alfa.slug, invitation.pk]))
    assert response["Location"] == _list_url(cast)
    invitation.refresh_from_db()
    assert invitation.state() == Invitation.State.REVOKED
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.STATUS, actor=cast.jonas).count() == 1


def test_resend_from_the_list_mails_a_new_link(manager, cast, django_capture_on_commit_callbacks):
    invitation = _invitation(cast)
    old_url = _accept_url(invitation)
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(reverse("invitations:resend", args=[cast.alfa.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.token in mail.outbox[0].body
    assert Client().get(old_url).status_code == 404


def test_revoke_of_another_organisations_invitation_is_404(manager, cast):
    foreign = Invitation.objects.create(org=cast.beta, email="n@x.test", role=Role.STAFF, invited_by=cast.petras)
    assert manager.post(reverse("invitations:revoke", args=[cast.alfa.slug, foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_revoke_of_an_accepted_invitation_is_404(manager, cast):
    invitation = _invitation(cast, accepted_at=timezone.now())
    assert manager.post(reverse("invitations:revoke", args=[cast.alfa.slug, invitation.pk])).status_code == 404


def test_revoke_and_resend_refuse_get(manager, cast):
    invitation = _invitation(cast)
    assert manager.get(reverse("invitations:revoke", args=[cast.alfa.slug, invitation.pk])).status_code == 405
    assert manager.get(reverse("invitations:resend", args=[cast.alfa.slug, invitation.pk])).status_code == 405


def test_invitation_list_query_count_does_not_grow(manager, cast):
    def grow(n):
        missing = n - Invitation.objects.count()
        Invitation.objects.bulk_create(
            Invitation(
                org=cast.alfa, email=f"n{i}-{n}@x.test", role=Role.STAFF, invited_by=cast.jonas, unit=cast.alfa_unit
            )
            for i in range(missing)
        )

    def render():
        assert manager.get(_list_url(cast)).status_code == 200

    assert_constant_queries(render, grow, small=10, large=500)


# --- Accepting ----------------------------------------------------------------------------------------------------


def test_new_person_sees_the_sign_up_form_in_the_invitations_language(client, cast):
    invitation = _invitation(cast, language="en")
    html = client.get(_accept_url(invitation)).content.decode()
    assert '<html lang="en">' in html
    assert "Invitation to join Alfos socialinių paslaugų centras" in html
    fields = {
        "full_name": "Full name",
        "password1": "Password",
        "password2": "Password confirmation",
        "language": "Interface language",
    }
    for name, label in fields.items():
        assert f'<label for="id_{name}">{label}:</label>' in html
    assert ">Accept invitation</button>" in html


def test_new_person_sees_lithuanian_by_default(client, cast):
    html = client.get(_accept_url(_invitation(cast))).content.decode()
    assert "Kvietimas prisijungti prie organizacijos „Alfos socialinių paslaugų centras“" in html
    assert ">Priimti kvietimą</button>" in html


def test_new_person_accepts_and_lands_on_the_dashboard(client, cast):
    invitation = _invitation(cast, role=Role.VIEWER, position="Stebėtoja")
    response = client.post(
        _accept_url(invitation),
        {"full_name": "Nauja Narė", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "language": "lt"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:dashboard", args=[cast.alfa.slug])
    user = User.objects.get(email="nauja@x.test")
    assert user.full_name == "Nauja Narė" and user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.org, membership.role, membership.position) == (cast.alfa, Role.VIEWER, "Stebėtoja")
    assert ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.JOINED, actor=user).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Signed in: the dashboard opens.
    assert client.get(response["Location"]).status_code == 200


def test_new_person_with_mismatched_passwords_gets_an_error_and_nothing_is_written(client, cast):
    invitation = _invitation(cast)
    before = _counts()
    response = client.post(
        _accept_url(invitation),
        {"full_name": "Nauja", "password1": NEW_PASSWORD, "password2": "kitas", "language": "lt"},
    )
    assert response.status_code == 200
    assert "Slaptažodžio laukai nesutapo" in response.content.decode()
    assert _counts() == before


def test_existing_person_must_log_in_first(client, cast):
    invitation = _invitation(cast, email="petras@beta.test")
    html = client.get(_accept_url(invitation)).content.decode()
    assert "Adresu petras@beta.test jau sukurta paskyra sistemoje „Kokybė“." in html
    assert f"{reverse('accounts:login')}?next={_accept_url(invitation)}" in html
    before = _counts()
    client.post(_accept_url(invitation))
    assert _counts() == before


def test_existing_person_accepts_with_one_click(client, cast):
    invitation = _invitation(cast, email="petras@beta.test", role=Role.CONSULTANT)
    client.force_login(cast.petras)
    assert ">Priimti kvietimą</button>" in client.get(_accept_url(invitation)).content.decode()
    response = client.post(_accept_url(invitation))
    assert response["Location"] == reverse("orgs:dashboard", args=[cast.alfa.slug])
    assert Membership.objects.get(org=cast.alfa, user=cast.petras).role == Role.CONSULTANT
    assert client.get(response["Location"]).status_code == 200


def test_logged_in_as_someone_else_is_told_so(client, cast):
    invitation = _invitation(cast, email="petras@beta.test")
    client.force_login(cast.rasa)
    before = _counts()
    html = client.get(_accept_url(invitation)).content.decode()
    assert "Šis kvietimas skirtas adresui petras@beta.test, o Jūs esate prisijungę kaip rasa@alfa.test." in html
    client.post(_accept_url(invitation))
    assert _counts() == before
    assert not Membership.objects.filter(org=cast.alfa, user=cast.petras).exists()


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("expires_at", "Kvietimo galiojimas baigėsi."),
        ("revoked_at", "Kvietimas atšauktas."),
        ("accepted_at", "Kvietimas jau priimtas."),
    ],
)
def test_a_spent_link_is_refused_with_410_and_nothing_written(client, cast, field, text):
    moment = timezone.now() - timedelta(minutes=1)
    invitation = _invitation(cast, **{field: moment})
    before = _counts()
    response = client.get(_accept_url(invitation))
    assert response.status_code == 410
    assert text in response.content.decode()
    response = client.post(
        _accept_url(invitation),
        {"full_name": "Nauja", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "language": "lt"},
    )
    assert response.status_code == 410
    assert _counts() == before


def test_an_unknown_token_is_404_with_an_explanation(client):
    response = client.get(reverse("accounts:invitation_accept", args=["no-such-token"]))
    assert response.status_code == 404
    assert "Ši kvietimo nuoroda neteisinga." in response.content.decode()


def test_accept_refuses_put(client, cast):
    assert client.put(_accept_url(_invitation(cast))).status_code == 405


def test_the_mailed_link_takes_a_new_person_all_the_way_in(manager, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(_list_url(cast), {"email": "nauja@x.test", "role": Role.STAFF, "language": "lt"})
    path = re.search(r"https?://[^/\s]+(/accounts/invite/\S+/)", mail.outbox[0].body).group(1)
    newcomer = Client()
    response = newcomer.post(
        path, {"full_name": "Nauja Narė", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "language": "lt"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(org=cast.alfa, user__email="nauja@x.test", role=Role.STAFF).exists()
    verbs = list(ActivityEntry.objects.for_org(cast.alfa).order_by("id").values_list("verb", flat=True))
    assert verbs == [ActivityEntry.Verb.INVITED, ActivityEntry.Verb.JOINED]
    assert newcomer.get(path).status_code == 410


def test_existing_account_logs_in_through_the_link_then_accepts(cast):
    make_user("lina@x.test", "Lina Linaitė")
    invitation = _invitation(cast, email="lina@x.test")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "lina@x.test", "password": "password", "next": _accept_url(invitation)}
    )
    assert response["Location"] == _accept_url(invitation)
    client.post(_accept_url(invitation))
    assert Membership.objects.filter(org=cast.alfa, user__email="lina@x.test").exists()


def test_logging_out_from_the_wrong_account_comes_back_to_the_invitation(client, cast):
    invitation = _invitation(cast, email="petras@beta.test")
    client.force_login(cast.rasa)
    response = client.post(reverse("accounts:logout"), {"next": _accept_url(invitation)})
    assert response["Location"] == _accept_url(invitation)
    assert "Adresu petras@beta.test jau sukurta paskyra" in client.get(response["Location"]).content.decode()


def test_accepting_when_already_a_member_explains_and_writes_nothing(client, cast):
    invitation = _invitation(cast, email="lina@x.test")
    lina = make_user("lina@x.test", "Lina Linaitė")
    Membership.objects.create(org=cast.alfa, user=lina, role=Role.VIEWER)  # added meanwhile, e.g. in admin
    client.force_login(lina)
    before = _counts()
    response = client.post(_accept_url(invitation))
    assert response.status_code == 200
    assert "Jūs jau esate šios organizacijos narys." in response.content.decode()
    assert _counts() == before
