def nav(request):
    """Whether to show the "Programmes" link: only to people with a role in a programme (one EXISTS query, run
    only when a template asks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Programme

    return {"coordinates_programmes": lambda: Programme.objects.open_to(user).exists()}
