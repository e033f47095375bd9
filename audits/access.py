"""An external auditor's access: granting it (by invitation when the person is not a member yet), revoking it, and
what a grant lets the auditor read. Every read of evidence or a document through the granted pages is logged."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import invitation_create
from assessments.models import EvidenceItem, IndicatorAnswer
from kokybe.lib import mail
from orgs import activity
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

from .models import AuditorGrant, DocumentScope


def _grant_mail(grant, user):
    context = {
        "grant": grant,
        "org_name": grant.org.name,
        "inviter": grant.created_by.get_full_name() if grant.created_by else "Kokybė",
        "link": settings.SITE_URL + reverse("audits:granted", args=[grant.org.slug]),
    }
    mail.send_to(user, "audits/email/grant_subject.txt", "audits/email/grant_body.txt", context)


@transaction.atomic
def grant_create(
    *,
    org,
    email,
    assessment,
    valid_until,
    by,
    audit=None,
    documents_scope=DocumentScope.PUBLISHED,
    documents=(),
    language=None,
    notify=True,
):
    """Give an external auditor read access to a cycle (and documents) until `valid_until`.

    A member who is an external auditor keeps their membership and gets it lengthened to the grant's end, and is told
    by e-mail (unless `notify` is off: the demo data mails no one); anyone else gets an invitation with the external
    auditor role ending the same day. A member with another role already sees the self-assessment and is refused.
    """
    grant = AuditorGrant(
        org=org,
        email=email,
        assessment=assessment,
        audit=audit,
        documents_scope=documents_scope,
        valid_until=valid_until,
        created_by=by,
    )
    grant.full_clean()
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The access must last at least until today.")})
    membership = Membership.objects.for_org(org).active().filter(user__email__iexact=grant.email).first()
    if membership is not None and membership.role != Role.EXTERNAL_AUDITOR:
        raise ValidationError(
            {"email": _("This person is a member with another role and already sees the self-assessment.")}
        )
    if membership is not None:
        if membership.access_until < valid_until:
            before = membership.access_until.isoformat()
            membership.access_until = valid_until
            membership.full_clean()
            membership.save()
            activity.record(
                org=org,
                by=by,
                verb=ActivityEntry.Verb.UPDATED,
                target=membership,
                target_repr=str(membership.user),
                changes={"access_until": [before, valid_until.isoformat()]},
            )
        user = membership.user
        if notify:
            _grant_mail(grant, user)
    else:
        grant.invitation = invitation_create(
            org=org,
            email=grant.email,
            role=Role.EXTERNAL_AUDITOR,
            access_until=valid_until,
            language=language,
            by=by,
        )
    grant.save()
    grant.documents.set(documents if documents_scope == DocumentScope.CHOSEN else [])
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=grant,
        changes=activity.diff(
            {}, activity.snapshot(grant, ["email", "assessment", "audit", "documents_scope", "valid_until"])
        ),
    )
    return grant


@transaction.atomic
def grant_revoke(*, grant, by):
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    activity.record(
        org=grant.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=grant,
        changes={"status": [str(_("Active")), str(_("Revoked"))]},
    )
    return grant


# ── What a grant shows ────────────────────────────────────────────────────────────────────────────────────────────


def granted(org, user, today=None):
    """The person's grants in this organisation that are in force today."""
    return (
        AuditorGrant.objects.for_org(org)
        .active(today)
        .for_user(user)
        .select_related("assessment__version__framework", "audit")
    )


def answers(grant):
    return (
        IndicatorAnswer.objects.for_org(grant.org_id)
        .filter(assessment_id=grant.assessment_id)
        .select_related("indicator__criterion__principle")
        .in_order()
    )


def evidence(grant):
    """Evidence linked to the granted cycle's answers: nothing else of the organisation's."""
    return (
        EvidenceItem.objects.for_org(grant.org_id)
        .filter(answers__assessment_id=grant.assessment_id)
        .distinct()
        .order_by("title", "pk")
    )


def documents(grant):
    """Documents in force the grant opens: none, all of them, or the chosen ones (only while in force)."""
    from documents.models import IN_FORCE, Document

    if grant.documents_scope == DocumentScope.NONE:
        return Document.objects.none()
    queryset = Document.objects.for_org(grant.org_id).filter(status__in=IN_FORCE, current_version__isnull=False)
    if grant.documents_scope == DocumentScope.CHOSEN:
        queryset = queryset.filter(pk__in=grant.documents.values("pk"))
    return queryset.select_related("type", "current_version")


def earlier_audits(grant):
    """The organisation's closed audits, newest first: their reports are part of what an external auditor reads."""
    from .models import Audit

    return Audit.objects.for_org(grant.org_id).closed().order_by("-planned_start", "-pk")


def final_reviews(grant):
    """Management reviews marked final (their minutes); a draft is not minutes yet."""
    from .models import ManagementReview, ReportStatus

    return ManagementReview.objects.for_org(grant.org_id).filter(status=ReportStatus.FINAL)


def plan_status(org, today=None):
    """The implementation plan as an auditor sees it: how many actions in each status, and how many overdue."""
    from django.db.models import Count

    from actions.models import ImprovementAction, Status, overdue_q

    today = today or timezone.localdate()
    actions = ImprovementAction.objects.for_org(org)
    counts = dict(actions.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "by_status": [(label, counts.get(value, 0)) for value, label in Status.choices],
        "total": sum(counts.values()),
        "overdue": actions.filter(overdue_q(today)).count(),
    }


def log_read(*, org, by, target):
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.VIEWED, target=target)
