"""Survey mail sent by the worker (kokybe/lib/background.py): invitations and reminders, one task per address.

A mailing to 300 providers costs the request one queued row; the worker fans it out into one task per invitation,
so one bad address is retried (and shown to the operator as failed) on its own while the others go out.
"""

from django.conf import settings

from kokybe.lib import background, mail

from .models import Invitation

KINDS = ("invitation", "reminder")


@background.retried()
def send_invitation_mails(invitation_ids: list[int], kind: str) -> int:
    for pk in invitation_ids:
        send_invitation_mail.enqueue(pk, kind)
    return len(invitation_ids)


@background.retried(attempts=6, backoff=60)
def send_invitation_mail(invitation_id: int, kind: str) -> bool:
    if kind not in KINDS:
        raise ValueError(f"Unknown survey mail {kind!r}")
    invitation = Invitation.objects.select_related("campaign__org").filter(pk=invitation_id).first()
    if invitation is None or (kind == "reminder" and invitation.used):
        return False  # deleted since, or answered before the reminder went out: nothing to send
    campaign = invitation.campaign
    context = {
        "campaign": campaign,
        "org_name": campaign.org.name,
        "link": settings.SITE_URL + invitation.get_absolute_url(),
        "ends_on": campaign.ends_on,
        "anonymous": campaign.anonymous,
    }
    mail.message(invitation, f"surveys/email/{kind}_subject.txt", f"surveys/email/{kind}_body.txt", context).send()
    return True
