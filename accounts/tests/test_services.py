from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts import services
from accounts.models import Invitation, User
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

pytestmark = pytest.mark.django_db


def _invite(cast, capture, **kwargs):
    kwargs = {"org": cast.alfa, "email": "nauja@x.test", "role": Role.STAFF, "by": cast.jonas, **kwargs}
    with capture(execute=True):
        return services.invitation_create(**kwargs)


def _counts():
    return User.objects.count(), Membership.objects.count(), ActivityEntry.objects.count()


def test_invitation_create_saves_logs_and_mails_after_commit(cast, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://kokybe.example"
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invitation_create(
            org=cast.alfa,
            email=" Nauja@X.test ",
            role=Role.STAFF,
            unit=cast.alfa_unit,
            position="Socialinė darbuotoja",
            language="lt",
            by=cast.jonas,
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    invitation.refresh_from_db()
    assert (invitation.email, invitation.unit, invitation.invited_by) == ("nauja@x.test", cast.alfa_unit, cast.jonas)
    assert invitation.is_usable()
    entry = ActivityEntry.objects.get(org=cast.alfa)
    assert (entry.verb, entry.actor, entry.target) == (ActivityEntry.Verb.INVITED, cast.jonas, invitation)
    assert entry.changes == {"role": ["", str(Role.STAFF.label)]}
    [message] = mail.outbox
    assert message.to == ["nauja@x.test"]
    assert (
        message.subject
        == "Kvietimas prisijungti prie organizacijos „Alfos socialinių paslaugų centras“ sistemoje „Kokybė“"
    )
    assert f"https://kokybe.example/accounts/invite/{invitation.token}/" in message.body
    with translation.override("lt"):
        assert f"Jūsų vaidmuo: {Role.STAFF.label}." in message.body
    assert "Jonas Jonaitis" in message.body


def test_invitation_mail_goes_out_in_the_chosen_language(cast, django_capture_on_commit_callbacks):
    _invite(cast, django_capture_on_commit_callbacks, language="en", role=Role.COORDINATOR)
    [message] = mail.outbox
    assert message.subject == "Invitation to join Alfos socialinių paslaugų centras in Kokybė"
    assert "Your role: Quality coordinator." in message.body


def test_invitation_language_defaults_to_the_inviters(cast, django_capture_on_commit_callbacks):
    cast.jonas.language = "en"
    invitation = _invite(cast, django_capture_on_commit_callbacks, language=None)
    assert invitation.language == "en"
    assert mail.outbox[0].subject.startswith("Invitation to join")


def test_inviting_an_active_member_is_refused(cast, django_capture_on_commit_callbacks):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _invite(cast, django_capture_on_commit_callbacks, email="RASA@alfa.test")
    assert "email" in exc.value.message_dict
    assert _counts() == before
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_a_member_of_another_organisation_is_fine(cast, django_capture_on_commit_callbacks):
    invitation = _invite(cast, django_capture_on_commit_callbacks, email="petras@beta.test")
    assert invitation.pk


def test_a_second_open_invitation_to_the_same_address_is_refused(cast, django_capture_on_commit_callbacks):
    _invite(cast, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        _invite(cast, django_capture_on_commit_callbacks, email="NAUJA@x.test")
    assert "email" in exc.value.message_dict
    assert Invitation.objects.count() == 1


def test_external_auditor_invitation_needs_an_end_date(cast, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as exc:
        _invite(cast, django_capture_on_commit_callbacks, role=Role.EXTERNAL_AUDITOR)
    assert "access_until" in exc.value.message_dict


def test_unit_of_another_organisation_is_refused(cast, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as exc:
        _invite(cast, django_capture_on_commit_callbacks, unit=cast.beta_unit)
    assert "unit" in exc.value.message_dict


def test_accept_by_a_new_person_creates_account_membership_and_log(cast, django_capture_on_commit_callbacks):
    until = timezone.localdate() + timedelta(days=60)
    invitation = _invite(
        cast, django_capture_on_commit_callbacks, role=Role.EXTERNAL_AUDITOR, access_until=until, position="Auditorė"
    )
    user, membership = services.invitation_accept_new_user(
        invitation=invitation, full_name="Nauja Narė", password="Labai-geras-2026", language="en"
    )
    assert (user.email, user.full_name, user.language) == ("nauja@x.test", "Nauja Narė", "en")
    assert user.check_password("Labai-geras-2026")
    assert (membership.org, membership.user, membership.role) == (cast.alfa, user, Role.EXTERNAL_AUDITOR)
    assert (membership.access_until, membership.position) == (until, "Auditorė")
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.is_usable()) == (user, False)
    entry = ActivityEntry.objects.filter(verb=ActivityEntry.Verb.JOINED).get()
    assert (entry.org, entry.actor, entry.target) == (cast.alfa, user, cast.alfa)


def test_accept_by_an_existing_person_adds_the_membership(cast, django_capture_on_commit_callbacks):
    invitation = _invite(cast, django_capture_on_commit_callbacks, email="petras@beta.test", unit=cast.alfa_unit)
    membership = services.invitation_accept(invitation=invitation, user=cast.petras, by=cast.petras)
    assert (membership.org, membership.role, membership.unit) == (cast.alfa, Role.STAFF, cast.alfa_unit)
    assert Membership.objects.filter(user=cast.petras).count() == 2
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.JOINED, actor=cast.petras).count() == 1


def test_accept_takes_up_a_former_membership_again(cast, django_capture_on_commit_callbacks):
    old = cast.memberships[Role.VIEWER]
    old.is_active = False
    old.save()
    invitation = _invite(cast, django_capture_on_commit_callbacks, email="vida@alfa.test", role=Role.STAFF)
    membership = services.invitation_accept(invitation=invitation, user=cast.vida, by=cast.vida)
    assert membership.pk == old.pk
    old.refresh_from_db()
    assert (old.is_active, old.role) == (True, Role.STAFF)


def test_accept_by_someone_else_is_refused(cast, django_capture_on_commit_callbacks):
    invitation = _invite(cast, django_capture_on_commit_callbacks, email="petras@beta.test")
    before = _counts()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=cast.users[Role.STAFF], by=cast.users[Role.STAFF])
    assert _counts() == before


@pytest.mark.parametrize("spoil", ["expire", "revoke", "accept"])
def test_an_unusable_invitation_writes_nothing(cast, django_capture_on_commit_callbacks, spoil):
    invitation = _invite(cast, django_capture_on_commit_callbacks)
    if spoil == "expire":
        invitation.expires_at = timezone.now() - timedelta(seconds=1)
    elif spoil == "revoke":
        invitation.revoked_at = timezone.now()
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    before = _counts()
    with pytest.raises(ValidationError):
        services.invitation_accept_new_user(
            invitation=invitation, full_name="Nauja", password="Labai-geras-2026", language="lt"
        )
    assert _counts() == before


def test_an_invitation_whose_access_has_already_ended_cannot_be_accepted(cast, django_capture_on_commit_callbacks):
    invitation = _invite(
        cast,
        django_capture_on_commit_callbacks,
        role=Role.EXTERNAL_AUDITOR,
        access_until=timezone.localdate(),
    )
    assert invitation.is_usable()  # the last day still counts
    assert invitation.state(timezone.now() + timedelta(days=1)) == Invitation.State.EXPIRED


def test_invitation_revoke_marks_and_logs(cast, django_capture_on_commit_callbacks):
    invitation = _invite(cast, django_capture_on_commit_callbacks)
    services.invitation_revoke(invitation=invitation, by=cast.ona)
    invitation.refresh_from_db()
    assert invitation.state() == Invitation.State.REVOKED
    entry = ActivityEntry.objects.filter(verb=ActivityEntry.Verb.STATUS).get()
    assert (entry.actor, entry.target) == (cast.ona, invitation)
    assert entry.changes == {"status": [str(Invitation.State.PENDING.label), str(Invitation.State.REVOKED.label)]}
    # The address may be invited afresh once the old invitation is revoked.
    assert _invite(cast, django_capture_on_commit_callbacks).pk != invitation.pk


def test_invitation_resend_gives_a_new_link_and_validity(cast, django_capture_on_commit_callbacks):
    invitation = _invite(cast, django_capture_on_commit_callbacks)
    old_token = invitation.token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    invitation.refresh_from_db()
    assert invitation.state() == Invitation.State.EXPIRED
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, by=cast.ona)
    invitation.refresh_from_db()
    assert invitation.is_usable()
    assert invitation.token != old_token
    assert len(mail.outbox) == 2
    assert invitation.token in mail.outbox[1].body
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.INVITED).count() == 2
