"""`{{ box|input_tag }}`: the <input> of one checkbox or radio option, as `{{ box.tag }}` writes it.

`BoundWidget.tag` renders Django's `input.html`, which includes `attrs.html`, through the form renderer: three template
lookups and renders for every option. An action's edit page has 120 indicator checkboxes and more for the members,
the respondent's questionnaire a radio button for every point of every scale; those renders were a third of the
action page's time and most of the questionnaire's. This writes the same HTML (same attributes in the same order,
escaped the same way) in Python. Only for options (checkboxes and radios): whole widgets still render through
their templates.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def input_tag(option):
    widget = option.data
    parts = [f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{conditional_escape(str(widget["value"]))}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        )
    parts.append(">")
    return mark_safe("".join(parts))  # every part above is escaped
