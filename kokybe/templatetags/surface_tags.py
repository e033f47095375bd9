"""Rendering contributions to shared surfaces (kokybe.surfaces) without the surface's template naming an app."""

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def contribution(
    context: Context, template_name: str, extra: Mapping[str, Any] | None = None, **more: Any
) -> SafeString:
    """`template_name` rendered with the page's context plus `extra` (a card's or a section's own context) and
    `more` (named values)."""
    with context.push(**(extra or {}), **more):
        return context.template.engine.get_template(template_name).render(context)
