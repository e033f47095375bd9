"""What programmes contribute to shared surfaces (kokybe.surfaces)."""

from django.utils.translation import gettext as _

from kokybe import surfaces

from .models import Programme

# ── Home page ────────────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.home_sections
def programmes_coordinated(user):
    """The programmes a person coordinates (every programme for the platform's administrator): one query."""
    programmes = list(Programme.objects.visible_to(user).select_related("coordinating_org").order_by("-start", "code"))
    title = _("All programmes") if user.is_superuser else _("Programmes you coordinate")
    return surfaces.HomeSection("programmes/_home_section.html", 10, programmes, title=title)
