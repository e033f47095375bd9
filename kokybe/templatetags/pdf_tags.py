"""Filters for the PDF templates."""

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def css_string(value):
    """The inside of a double-quoted CSS string (e.g. a page footer's ``content``) holding ``value`` as plain text.

    Letters (Lithuanian ones too), digits and spaces stay; everything else that could end the string, the rule or the
    <style> element is written as a CSS escape: its hex code and the one space that ends the escape (CSS swallows it).
    HTML escaping would be wrong here: inside <style> the parser decodes no entities, so "&amp;" would be printed.
    """
    return SafeString(
        "".join(
            char if char.isalnum() or char == " " or (ord(char) > 127 and char.isprintable()) else f"\\{ord(char):x} "
            for char in str(value)
        )
    )
