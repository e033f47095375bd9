from django import template

register = template.Library()


@register.simple_tag
def review_state(document, today, warning_days=30):
    return document.review_state(today, warning_days)
