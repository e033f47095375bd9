from django import template

from documents import public

register = template.Library()


@register.simple_tag
def review_state(document, today, warning_days=30):
    return document.review_state(today, warning_days)


@register.simple_tag
def public_page_live(org):
    """For links to the public quality page: there is no page to link to until something is published."""
    return public.is_live(org)
