"""The module menu and "may this member open that page?" for templates, read from the views' gates (orgs.menu)."""

from django import template

from .. import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def module_menu(context):
    """[(entry, url, is_current)] for the current member; empty outside an organisation."""
    membership = context.get("current_membership")
    if membership is None:
        return []
    match = getattr(context.get("request"), "resolver_match", None)
    return menu.menu_for(membership, match.view_name if match else None)


@register.simple_tag(takes_context=True)
def may_open(context, name, *args):
    """True when the current member's role passes the gate of the page `name` (`args`: its URL arguments after the
    organisation's slug). Templates ask this instead of naming roles."""
    return menu.may_open(context.get("current_membership"), name, *args)
