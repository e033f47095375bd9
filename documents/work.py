"""My work providers (actions/work.py): documents to read and confirm, reviews due, versions awaiting approval.

Each makes a fixed number of queries whatever the number of documents; the reminder digest reuses them.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from orgs.models import Unit
from orgs.roles import INSIDERS, MANAGERS, Role
from work.items import WorkItem, provider

from .models import Acknowledgement, Document, DocumentSettings, Status
from .readers import audience_user_ids, audiences_for_orgs


def _settings(org_ids):
    found = {s.org_id: s for s in DocumentSettings.objects.filter(org_id__in=org_ids)}
    return {org_id: found.get(org_id) or DocumentSettings(org_id=org_id) for org_id in org_ids}


@provider
def documents_to_confirm(user, today, memberships):
    """The versions in force the person is asked to read and has not confirmed yet."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    if not org_ids:
        return []
    found = audiences_for_orgs(org_ids)
    if not found:
        return []
    units = list(Unit.objects.filter(org_id__in=org_ids))
    versions = [a.document.current_version_id for a in found]
    confirmed = set(
        Acknowledgement.objects.filter(user=user, version_id__in=versions).values_list("version_id", flat=True)
    )
    items = []
    for audience in found:
        document, version = audience.document, audience.document.current_version
        version.document = document  # its address names the document and the organisation: no query each
        membership = memberships[document.org_id]
        if version.pk in confirmed or user.pk not in audience_user_ids(audience, [membership], units):
            continue
        due = audience.due_on(version)
        items.append(
            WorkItem(
                org=document.org,
                kind=_("Document to read"),
                title=document.title,
                url=version.get_absolute_url(),
                due_date=due,
                overdue=due < today,
                key=f"documents.read:{version.pk}",
                detail=_("Read and confirm version %(number)s") % {"number": version.number},
                target=version,
                asks=True,
            )
        )
    return items


@provider
def document_reviews(user, today, memberships):
    """Documents in force whose review is due: for their owner, or for the coordinators when nobody owns them."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    if not org_ids:
        return []
    doc_settings = _settings(org_ids)
    horizon = today + timedelta(days=max(s.review_warning_days for s in doc_settings.values()))
    coordinating = [org_id for org_id in org_ids if memberships[org_id].role == Role.COORDINATOR]
    docs = (
        Document.objects.filter(org_id__in=org_ids, status__in=(Status.APPROVED, Status.PUBLISHED))
        .filter(next_review_on__lte=horizon)
        .select_related("org")
    )
    items = []
    for document in docs:
        mine = document.owner_id == user.pk or (document.owner_id is None and document.org_id in coordinating)
        warning = doc_settings[document.org_id].review_warning_days
        if not mine or document.next_review_on > today + timedelta(days=warning):
            continue
        items.append(
            WorkItem(
                org=document.org,
                kind=_("Document review"),
                title=document.title,
                url=document.get_absolute_url(),
                due_date=document.next_review_on,
                overdue=document.next_review_on < today,
                key=f"documents.review:{document.uuid}:{document.next_review_on.isoformat()}",
                detail=_("Review the document, or confirm it needs no change"),
                target=document,
                asks=True,
            )
        )
    return items


@provider
def documents_to_approve(user, today, memberships):
    """Versions in review, for those who may approve them."""
    doc_settings = _settings(list(memberships))
    org_ids = [
        org_id
        for org_id, m in memberships.items()
        if m.role in MANAGERS and m.role in doc_settings[org_id].approver_roles()
    ]
    if not org_ids:
        return []
    docs = Document.objects.filter(org_id__in=org_ids, status=Status.IN_REVIEW).select_related("org")
    return [
        WorkItem(
            org=document.org,
            kind=_("Document to approve"),
            title=document.title,
            url=document.get_absolute_url(),
            due_date=None,
            overdue=False,
            key=f"documents.approve:{document.uuid}",
            detail=_("Waiting for your approval"),
            target=document,
            asks=True,
        )
        for document in docs
    ]
