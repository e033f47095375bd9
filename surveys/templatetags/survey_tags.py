from django import template

from surveys import figures

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when missing)."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(value, digits=0):
    """`44 %` in the active language's notation, with a non-breaking space ("—" when missing)."""
    return figures.percent(value, int(digits))
