from django import template

from work.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """The signed-in person's unread notifications for the header: one query, or none when the view counted."""
    if "notifications_unread" in context:
        return context["notifications_unread"]
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)
