from django import template

from kokybe.lib.dates import formal_date as _formal_date

register = template.Library()


@register.filter
def formal_date(value, lang=None):
    """{{ version.approved_on|formal_date }} → "2026 m. gruodžio 7 d." in Lithuanian (see kokybe.lib.dates);
    `|formal_date:"lt"` for a document written in one language whatever the reader's."""
    return _formal_date(value, lang)
