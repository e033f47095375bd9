from django.utils.functional import SimpleLazyObject


def shell(request):
    """What base.html needs on every page: the current organisation and the switcher's list."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Membership

    memberships = getattr(request, "_shell_memberships", None)
    if memberships is None:
        # Looked up only when a template shows the switcher: a page fragment (an autosave's answer) never does.
        memberships = SimpleLazyObject(
            lambda: list(Membership.objects.active().filter(user=user).select_related("org").order_by("org__name"))
        )
        request._shell_memberships = memberships
    return {
        "current_org": getattr(request, "org", None),
        "current_membership": getattr(request, "membership", None),
        "my_memberships": memberships,
    }
