"""The module menu of an organisation's pages, built from the gates of the views it links.

Who may open a page is stated once, on its view (`org_view(roles=...)` records the roles as `view.gate_roles`). The
menu reads that declaration: an entry is shown to a member whose role the linked view lets in, so the menu can never
offer a page that answers 403, nor hide one a role may open.

The contract: a URLconf included under `/o/<org_slug>/` (an app's `urls.py`) may declare a `MENU` list of `MenuEntry`
objects for the pages it owns::

    # documents/urls.py
    MENU = [MenuEntry("documents:list", _("Documents"), order=40, current=("documents:*",))]

The linked URL must take nothing but the organisation's slug. This module names no app: it finds the declarations by
walking the project's URLconf.
"""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, resolve, reverse


@dataclass(frozen=True)
class MenuEntry:
    name: str  # URL name, e.g. "documents:list"
    label: str  # lazily translated
    # Place in the menu, lowest first: the dashboard, then the day-to-day work, then the organisation's set-up.
    order: int
    # View names on which this entry is the current page ("app:*" for a whole namespace); by default its own name.
    current: tuple = ()

    def is_current(self, view_name):
        names = self.current or (self.name,)
        return any(view_name == n or (n.endswith(":*") and view_name.startswith(n[:-1])) for n in names)


def entries():
    """Every declared entry, in menu order."""
    declared = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            declared += getattr(pattern.urlconf_module, "MENU", ())
    return sorted(declared, key=lambda entry: entry.order)


def url_for(name, org_slug, *args):
    return reverse(name, args=[org_slug, *args])


def roles_of(name, *args):
    """The roles the gate of the page `name` lets in; `args` are its URL arguments after the organisation's slug."""
    return resolve(url_for(name, "org", *args)).func.gate_roles


def may_open(membership, name, *args):
    return membership is not None and membership.role in roles_of(name, *args)


def menu_for(membership, view_name=None):
    """[(entry, url, is_current)] the member sees, in order."""
    slug = membership.org.slug
    return [
        (entry, url_for(entry.name, slug), entry.is_current(view_name or ""))
        for entry in entries()
        if membership.role in roles_of(entry.name)
    ]
