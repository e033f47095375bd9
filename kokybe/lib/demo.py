"""The demo-data hook behind `manage.py load_demo`.

Every installed app may ship a module `<app>/demo.py` with a function `load(ctx)`; load_all() calls them in
INSTALLED_APPS order inside one transaction. `orgs.demo` comes first and fills the context with what later apps
build on:

    ctx.orgs["klaipeda"]                        Organisation by slug (klaipeda, visaginas, valakupiai, esfa)
    ctx.users["koordinatorius@klaipeda.demo"]   User by e-mail (the accounts listed in orgs.demo.DEMO_LOGINS)
    ctx.today                                   the date the load runs (relative dates: ctx.today + timedelta(...))

An app's loader, e.g. actions/demo.py:

    def load(ctx):
        org, by = ctx.orgs["klaipeda"], ctx.users["koordinatorius@klaipeda.demo"]
        action = ctx.ensure(ImprovementAction, org=org, title="…", defaults={...}, log=(org, by))

Loaders must be idempotent: a second run creates nothing and changes nothing. ctx.ensure() gives that for one row
(look up by the natural key, create with full_clean() only when missing, and write the "created" activity entry only
then). Generate bulk data reproducibly (random.Random(seed)) and skip it when its first row exists. Loaders may put
their own objects in ctx.extra for apps after them. A module may also define `link(ctx)`, called once every app has
loaded, for links to rows of apps that load later (the self-assessment's evidence from documents and surveys).
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from orgs import activity
from orgs.models import ActivityEntry, Organisation

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=models.Model)


@dataclass
class DemoContext:
    today: date = field(default_factory=timezone.localdate)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)  # "app.Model" -> rows created by this run

    def ensure(
        self,
        model: type[M],
        *,
        defaults: dict[str, Any] | None = None,
        log: tuple[Organisation, User | None] | None = None,
        **lookup: Any,
    ) -> M:
        """The row matching `lookup`, created from lookup + defaults if missing.

        `log=(org, actor)` records a "created" activity entry in org's log, for a new row only.
        """
        obj = model._default_manager.filter(**lookup).first()
        if obj is not None:
            return obj
        obj = model(**lookup, **(defaults or {}))
        obj.full_clean()
        obj.save()
        self.created[model._meta.label] += 1
        if log is not None:
            org, actor = log
            activity.record(org=org, by=actor, verb=ActivityEntry.Verb.CREATED, target=obj)
        return obj


def demo_modules() -> list[ModuleType]:
    """The `demo` modules of installed apps, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            modules.append(module)
    return modules


@transaction.atomic
def load_all(ctx: DemoContext | None = None) -> DemoContext:
    ctx = ctx or DemoContext()
    modules = demo_modules()
    for module in modules:
        module.load(ctx)
    for module in modules:
        if hasattr(module, "link"):
            module.link(ctx)
    return ctx
