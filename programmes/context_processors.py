def nav(request):
    """Whether to show the "Programmes" link: only to people who coordinate a programme (one EXISTS query, run
    only when a template asks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Programme

    return {"coordinates_programmes": lambda: Programme.objects.visible_to(user).exists()}
