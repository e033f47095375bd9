"""Changes to surveys: atomic, validated, logged once; mail after commit in the recipient's language.

Anonymous answers are never logged in the activity log: an entry's time and target would tie a response to the
moment it was sent. Paper questionnaires typed in by staff are logged against the campaign only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actions.models import Source
from actions.services import action_create
from frameworks.models import FrameworkVersion, Indicator, Principle
from kokybe.lib import background, validation
from orgs import activity
from orgs.models import ActivityEntry

from . import tasks
from .models import (
    Answer,
    Campaign,
    CampaignStatus,
    Channel,
    Invitation,
    ProgrammeCampaign,
    Response,
)

if TYPE_CHECKING:
    from accounts.models import User
    from actions.models import ImprovementAction
    from orgs.models import Organisation, Service, Unit
    from programmes.models import Programme

    from .analysis import QuestionResult
    from .models import InstrumentVersion, Question

MAX_INVITATIONS_AT_ONCE = 500
MAX_REMINDERS = 3
# Labels of the activity entries' change keys that are not model fields (translated when shown).
LABELS = {
    "invitations": gettext_noop("invitations"),
    "reminders": gettext_noop("reminders sent"),
    "paper": gettext_noop("paper questionnaires entered"),
}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    CampaignStatus.DRAFT: (CampaignStatus.OPEN,),
    CampaignStatus.OPEN: (CampaignStatus.CLOSED,),
    CampaignStatus.CLOSED: (CampaignStatus.OPEN,),
}


class AlreadyAnswered(Exception):
    """The personal link has been used: one invitation, one questionnaire."""


class NotCollecting(Exception):
    """The campaign does not take answers (not open, or outside its period)."""


@transaction.atomic
def campaign_create(
    *,
    org: Organisation,
    version: InstrumentVersion,
    title: str,
    starts_on: date,
    ends_on: date,
    by: User,
    services: Iterable[Service] = (),
    units: Iterable[Unit] = (),
    **fields: Any,
) -> Campaign:
    campaign = Campaign(
        org=org, version=version, title=title, starts_on=starts_on, ends_on=ends_on, created_by=by, **fields
    )
    campaign.full_clean()
    campaign.save()
    campaign.services.set([s for s in services if s.org_id == org.pk])
    campaign.units.set([u for u in units if u.org_id == org.pk])
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.CREATED, target=campaign)
    return campaign


@transaction.atomic
def campaign_transition(*, campaign: Campaign, to: str, by: User) -> Campaign:
    if to not in TRANSITIONS.get(campaign.status, ()):
        raise ValidationError(_("This survey cannot be moved to that status."), code="transition")
    before = campaign.get_status_display()
    campaign.status = to
    if to == CampaignStatus.OPEN and campaign.ends_on < timezone.localdate():
        raise ValidationError(_("The survey's last day has passed: change its period before opening it."))
    campaign.save(update_fields=["status"])
    if to == CampaignStatus.CLOSED:
        # Unsent "finish later" drafts are no more use once the survey has closed; none are kept past it.
        campaign.invitations.exclude(draft={}).update(draft={})
    activity.record(
        org=campaign.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=campaign,
        changes={"status": [before, campaign.get_status_display()]},
    )
    return campaign


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """(valid addresses, invalid entries) from pasted text: commas, semicolons, spaces and new lines separate."""
    seen, valid, invalid = set(), [], []
    for raw in text.replace(",", " ").replace(";", " ").split():
        address = raw.strip().strip("<>").lower()
        if not address or address in seen:
            continue
        seen.add(address)
        try:
            validate_email(address)
        except ValidationError:
            invalid.append(raw)
        else:
            valid.append(address)
    return valid, invalid


@transaction.atomic
def invitations_send(
    *, campaign: Campaign, addresses: Sequence[str], language: str, by: User
) -> tuple[list[Invitation], list[str]]:
    """Invite each new address once; returns (invitations made, addresses already invited)."""
    if len(addresses) > MAX_INVITATIONS_AT_ONCE:
        raise ValidationError(_("At most %(n)s addresses at once.") % {"n": MAX_INVITATIONS_AT_ONCE})
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The survey is closed."))
    existing = set(Invitation.objects.filter(campaign=campaign).values_list("email", flat=True))
    before = len(existing)
    now = timezone.now()
    made = [
        Invitation(org=campaign.org, campaign=campaign, email=a, language=language, sent_at=now)
        for a in addresses
        if a not in existing
    ]
    for invitation in made:
        invitation.full_clean(exclude=["campaign", "org"])
    Invitation.objects.bulk_create(made)
    if made:
        activity.record(
            org=campaign.org,
            by=by,
            verb=ActivityEntry.Verb.INVITED,
            target=campaign,
            changes={"invitations": [str(before), str(before + len(made))]},
            labels={"invitations": LABELS["invitations"]},
        )
        created = Invitation.objects.filter(campaign=campaign, email__in=[i.email for i in made])
        background.enqueue(tasks.send_invitation_mails, list(created.values_list("pk", flat=True)), "invitation")
    return made, [a for a in addresses if a in existing]


@transaction.atomic
def invitations_remind(*, campaign: Campaign, by: User) -> int:
    """Remind everyone who has not answered yet (at most MAX_REMINDERS times each); returns how many.

    Only the count is shown to people: for an anonymous survey nobody learns who has answered."""
    if not campaign.is_collecting():
        raise ValidationError(_("Reminders can be sent only while the survey is collecting answers."))
    due = list(Invitation.objects.filter(campaign=campaign, used=False, reminders__lt=MAX_REMINDERS))
    if not due:
        return 0
    Invitation.objects.filter(pk__in=[i.pk for i in due]).update(reminders=F("reminders") + 1)
    activity.record(
        org=campaign.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=campaign,
        changes={"reminders": ["", str(len(due))]},
        labels={"reminders": LABELS["reminders"]},
    )
    background.enqueue(tasks.send_invitation_mails, [i.pk for i in due], "reminder")
    return len(due)


@transaction.atomic
def response_submit(
    *,
    campaign: Campaign,
    rows: Iterable[tuple[Question, Any, str, str]],
    channel: str = Channel.WEB,
    service: Service | None = None,
    unit: Unit | None = None,
    group: str = "",
    invitation: Invitation | None = None,
    on: date | None = None,
    by: User | None = None,
) -> Response:
    """Store one filled-in questionnaire; `rows` are (question, value, choice, text) from surveys.answering.

    With an invitation: refused if it was used already; marked used without any trace of which response it gave.
    """
    today = timezone.localdate()
    if channel == Channel.PAPER:
        if campaign.status != CampaignStatus.OPEN:
            raise NotCollecting
        on = on or today
        if not campaign.starts_on <= on <= campaign.ends_on:
            raise ValidationError({"submitted_on": _("The date must be within the survey's period.")})
    else:
        if not campaign.is_collecting(today):
            raise NotCollecting
        on = today
    respondent = ""
    if invitation is not None:
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.used or locked.campaign_id != campaign.pk:
            raise AlreadyAnswered
        Invitation.objects.filter(pk=locked.pk).update(used=True, draft={})
        if not campaign.anonymous:
            respondent = locked.email
    if service is not None and service.org_id != campaign.org_id:
        service = None
    if unit is not None and unit.org_id != campaign.org_id:
        unit = None
    response = Response(
        org=campaign.org,
        campaign=campaign,
        submitted_on=on,
        channel=channel,
        service=service,
        unit=unit,
        group=group[:120],
        respondent=respondent,
    )
    # The campaign, service and unit are rows in hand and the id is random: no existence or uniqueness queries.
    response.full_clean(exclude=["id", *validation.rows_in_hand(response)])
    response.save()
    version_id = campaign.version_id
    Answer.objects.bulk_create(
        Answer(org=campaign.org, campaign=campaign, response=response, question=q, value=v, choice=c, text=t)
        for q, v, c, t in rows
        if q.version_id == version_id
    )
    if channel == Channel.PAPER and by is not None:
        activity.record(
            org=campaign.org,
            by=by,
            verb=ActivityEntry.Verb.UPDATED,
            target=campaign,
            changes={"paper": ["", "1"]},
            labels={"paper": LABELS["paper"]},
        )
    return response


def resolve_tags(org: Organisation, question: Question) -> tuple[list[Indicator], Principle | None]:
    """(indicators, principle) of the org's framework versions matching the question's tags.

    An organisation's own import (the official text it holds) wins over the shipped working set for the same code."""
    versions = FrameworkVersion.objects.visible_to(org).order_by("-org_id", "-year", "-pk")
    indicators, seen = [], set()
    if question.indicator_codes:
        found = (
            Indicator.objects.filter(version__in=versions, code__in=question.indicator_codes)
            .select_related("criterion__principle", "version")
            .order_by("-version__org_id", "-version__year", "-version_id")
        )
        for indicator in found:
            if indicator.code not in seen:
                seen.add(indicator.code)
                indicators.append(indicator)
    principle = None
    if not indicators and question.principle_codes:
        principle = (
            Principle.objects.filter(version__in=versions, code=question.principle_codes[0])
            .order_by("-version__org_id", "-version__year", "-version_id")
            .first()
        )
    return indicators, principle


def action_from_result(
    *, campaign: Campaign, question: Question, result: QuestionResult, by: User
) -> ImprovementAction:
    """An improvement action for a weak result, linked to the question's framework indicators where they resolve."""
    indicators, principle = resolve_tags(campaign.org, question)
    title = _("Survey: improve “%(question)s”") % {"question": question.text}
    lines = [
        _("Survey “%(campaign)s” (%(start)s – %(end)s).")
        % {"campaign": campaign.title, "start": campaign.starts_on, "end": campaign.ends_on},
        _("Question: %(question)s") % {"question": question.text},
        result.describe(),
    ]
    fields: dict[str, Any] = {"description": "\n".join(lines)}
    if principle is not None:
        fields["principle"] = principle
    return action_create(
        org=campaign.org,
        title=title[:255],
        source=Source.SURVEY,
        by=by,
        source_object=campaign,
        indicators=indicators,
        **fields,
    )


@transaction.atomic
def programme_campaign_create(
    *,
    programme: Programme,
    version: InstrumentVersion,
    title: str,
    starts_on: date,
    ends_on: date,
    orgs: Iterable[Organisation],
    by: User,
    min_group_size: int = 5,
    anonymous: bool = True,
) -> ProgrammeCampaign:
    """One impact study in many organisations: a ProgrammeCampaign and an open Campaign in each organisation."""
    parent = ProgrammeCampaign(
        programme=programme,
        version=version,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        min_group_size=min_group_size,
        created_by=by,
    )
    parent.full_clean()
    parent.save()
    for org in orgs:
        campaign = Campaign(
            org=org,
            version=version,
            programme_campaign=parent,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            min_group_size=min_group_size,
            anonymous=anonymous,
            status=CampaignStatus.OPEN if starts_on <= timezone.localdate() <= ends_on else CampaignStatus.DRAFT,
            created_by=by,
        )
        campaign.full_clean()
        campaign.save()
        activity.record(
            org=org,
            by=by,
            verb=ActivityEntry.Verb.CREATED,
            target=campaign,
            target_repr=_("%(title)s (programme %(code)s)") % {"title": title, "code": programme.code},
        )
    return parent
