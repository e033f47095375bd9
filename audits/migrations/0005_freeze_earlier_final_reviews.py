"""Reviews made final before final reviews were frozen (0004) still listed their decisions live: freeze them now,
as they stand today, so a final review's minutes stop changing from here on. When and by whom each was made final
was not recorded then and is left out rather than guessed."""

from django.db import migrations
from django.utils import translation


def freeze(apps, schema_editor):
    ManagementReview = apps.get_model("audits", "ManagementReview")
    ImprovementAction = apps.get_model("actions", "ImprovementAction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    review_type = ContentType.objects.filter(app_label="audits", model="managementreview").first()
    if review_type is None:
        return
    status_labels = dict(ImprovementAction._meta.get_field("status").flatchoices)
    with translation.override("lt"):
        for review in ManagementReview.objects.filter(status="final"):
            if "decisions" in (review.final_record or {}):
                continue
            actions = ImprovementAction.objects.filter(
                org_id=review.org_id, source_type=review_type, source_id=str(review.pk)
            ).select_related("owner")
            review.final_record = {
                **(review.final_record or {}),
                "decisions": [
                    {
                        "number": action.number,
                        "title": action.title,
                        "status": translation.gettext(str(status_labels.get(action.status, action.status))),
                        "owner": (action.owner.full_name or action.owner.email) if action.owner_id else "",
                        "due": action.due_date.isoformat() if action.due_date else "",
                    }
                    for action in actions.order_by("number")
                ],
            }
            review.save(update_fields=["final_record"])


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0004_review_final_record"),
        ("actions", "0006_calendar_notifications_moved_to_work"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
