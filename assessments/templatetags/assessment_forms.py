"""The repeated inputs of the assessment page, built in Python: a page with 120 indicator forms must render fast,
and a template loop per radio button and per member option in each form is what made it slow."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def rating_radios(value, ratings):
    """Radio buttons for `ratings` ([{code, label}]) with `value` checked, plus "Not rated"."""
    rows = [(r["code"], mark_safe(" checked") if value == r["code"] else "", r["label"]) for r in ratings]
    rows.append(("", mark_safe(" checked") if not value else "", _("Not rated")))
    return format_html_join(
        "", '<label class="choice"><input type="radio" name="rating" value="{}"{}> {}</label>', rows
    )


@register.filter
def member_options(value, members):
    """<option>s for the responsible person select, `value` (a user id) selected."""
    rows = [(m.pk, mark_safe(" selected") if m.pk == value else "", str(m)) for m in members]
    return format_html('<option value="">—</option>{}', format_html_join("", '<option value="{}"{}>{}</option>', rows))
