"""Shared surfaces, and the one contract by which an app appears on them.

A shared surface is a page or a mail that shows things from many apps: the dashboard, My work, the quality calendar,
notifications, the reminder digest, the self-assessment's evidence kinds, the yearly progress report and the
management review, the public quality page. A surface never names an app; an app never edits a surface.

The contract
------------
An app that contributes writes **one module of its own, `<app>/surfaces.py`**, and registers functions in it with the
decorators of the surfaces it appears on::

    # complaints/surfaces.py
    from kokybe import surfaces

    @surfaces.work_items
    def overdue_complaints(user, today, memberships):
        ...

Every installed app's `surfaces` module is imported on first use (`django.utils.module_loading.autodiscover_modules`),
so registering needs nothing but that module: no settings, no edit to the surface's app. Registering a function twice
is harmless. Each surface's decorator documents what its functions receive and return (see the `Surface` objects
below); every contribution must make a fixed number of queries whatever the number of rows, because surfaces carry
query budgets.

This module imports no app: `orgs` (the floor every app stands on) reads its surfaces through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import autodiscover_modules

_discovered = False


def discover() -> None:
    """Import every installed app's `surfaces` module once."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("surfaces")


class Surface:
    """One shared surface: a registry of contributing functions, filled by `<app>/surfaces.py` modules."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._functions: list[Callable[..., Any]] = []

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Register `func` as a contribution (used as a decorator)."""
        if func not in self._functions:
            self._functions.append(func)
        return func

    def contributions(self) -> list[Callable[..., Any]]:
        discover()
        return list(self._functions)

    def __repr__(self) -> str:
        return f"<Surface {self.name}>"


# The surfaces. Each docstring is the part of the contract its contributors implement; the dataclasses they return
# are defined beside the surface (below) so a contributing app imports only this module.
