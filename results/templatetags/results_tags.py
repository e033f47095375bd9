from django import template

from results.charts import figure as _figure

register = template.Library()


@register.simple_tag
def figure(value, unit):
    """A value as the pages write it: "84.6 %", "12", "3.5"."""
    return _figure(value, unit)
