"""Which app may import which: the house's layering (docs/architecture.md), enforced by reading every module's imports.

Every `import` and `from … import` of the apps' own code counts, also those inside functions (a lazy import is still
a dependency; it only hides it). Imports under `if TYPE_CHECKING:` are left out: they name a type for mypy and
never run. Tests, benchmarks (bench.py, which build their data like tests), migrations and
conftest modules are left out: a test may use any app's fixtures. `python -m kokybe.tests.test_dependencies` prints the graph.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# The parts of the house, lowest first, and what each may import. `kokybe.surfaces` and `kokybe.lib` are the floor
# under every app; the rest of `kokybe` (settings, URLs, demo command, shared test cast) is the project on top.
ALLOWED = {
    "kokybe.surfaces": set(),  # the contribution contract: surfaces never name an app
    "kokybe.lib": {"orgs"},  # lib/demo.py records the demo loader's activity entries
    "orgs": set(),  # the floor: organisations, memberships, the gate, the activity log
    "accounts": {"orgs"},  # invitations create memberships; orgs reads the user model from AUTH_USER_MODEL
    # Accepting an application to join invites the new provider's first director (accounts.services.invitation_create).
    "programmes": {"orgs", "accounts"},
    # Pseudonymous service users (wave 2): the apps that record something about a person link to people.ServiceUser.
    "people": {"orgs", "accounts"},
    "frameworks": {"orgs"},
    # The personal surfaces (My work, calendar, notifications, digest, iCal), split out of actions: they read every
    # app's contributions through kokybe.surfaces and name no app. Apps import work only to send a notification
    # (work.notifications.notify, with a verb they declared) and, for audits, to keep their own milestones on the
    # calendar (see the README's design notes).
    "work": {"orgs", "accounts"},
    "actions": {"orgs", "accounts", "frameworks", "work"},
    "documents": {"orgs", "frameworks", "actions", "work"},
    "surveys": {"orgs", "accounts", "frameworks", "actions", "programmes"},
    "assessments": {"orgs", "accounts", "frameworks", "actions", "documents", "surveys"},
    "audits": {"orgs", "accounts", "frameworks", "actions", "assessments", "documents", "surveys", "work"},
    # Complaints (wave 2): a complaint may concern a service user (people) and lead to improvement actions.
    "complaints": {"orgs", "accounts", "people", "actions"},
    # Restricted incidents (wave 2): the person harmed by people.ServiceUser, leads told through work's notify,
    # improvement actions through actions.services.action_create, the complaint that raised an event and the
    # complaints in a person's chronology.
    "safeguarding": {"orgs", "accounts", "people", "work", "actions", "complaints"},
    # Results (KPIs) read computed values only through kokybe.surfaces.result_sources; they name no app.
    "results": {"orgs", "accounts"},
    # Staff competence (wave 2): trainings of the members orgs holds; computed results and surfaces via kokybe. It
    # reads a provider's own attendance at its programmes' trainings (programmes.EventAttendance) to make them records.
    "competence": {"orgs", "accounts", "programmes"},
    "kokybe": {"orgs", "accounts"},
    # Long exports made by the worker: it reads what each app exports through kokybe.surfaces (background_exports).
    "exports": {"orgs"},
    # The REST API sits on top: it reads every register through the same QuerySets, forms and services as the pages.
    "api": {
        "orgs",
        "accounts",
        "programmes",
        "frameworks",
        "work",
        "actions",
        "documents",
        "surveys",
        "assessments",
        "audits",
        # The wave-2 modules' endpoints (api/endpoints/<module>.py) read through their QuerySets and read models.
        "complaints",
        "people",
        "results",
        "safeguarding",
    },
    # Installed by the test settings only: it shows that an app reaches every surface through its surfaces.py.
    "tests.surfaceapp": {"orgs"},
}
# `actions` is imported only by apps that create improvement actions through actions.services.action_create (and
# read them); `frameworks` only by the apps that link to indicators.
ACTIONS_USERS = {"documents", "surveys", "assessments", "audits", "complaints", "safeguarding", "api"}
FRAMEWORKS_USERS = {"actions", "documents", "surveys", "assessments", "audits", "api"}


def local_apps():
    """The project's own installed apps (and the kokybe floor modules), as dotted names."""
    names = [app for app in settings.INSTALLED_APPS if (ROOT / app.replace(".", "/")).is_dir()]
    return ["kokybe.surfaces", "kokybe.lib", *names]


def owner(module, apps):
    """The app (or floor module) a dotted module name belongs to, the most specific first; None if not ours."""
    for app in sorted(apps, key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return None


def modules_of(app, apps):
    base = ROOT / app.replace(".", "/")
    files = [base.with_suffix(".py")] if base.with_suffix(".py").exists() else sorted(base.rglob("*.py"))
    for path in files:
        parts = path.relative_to(ROOT).with_suffix("").parts
        if {"tests", "migrations"} & set(parts[len(app.split(".")) :]) or path.name in ("conftest.py", "bench.py"):
            continue
        dotted = ".".join(parts).removesuffix(".__init__")
        if owner(dotted, apps) == app:
            yield path, dotted


def imports(path, dotted):
    """(imported module, line) for every import in the file, relative ones resolved."""
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    tree = ast.parse(path.read_text(), str(path))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for statement in node.body
        for inner in ast.walk(statement)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            for alias in node.names:
                # `from documents import views` imports documents.views; `from kokybe import surfaces` the floor
                # module kokybe.surfaces, not the project package.
                yield (module if alias.name == "*" else f"{module}.{alias.name}"), node.lineno


def import_graph():
    """{app: {imported app: ["path:line", ...]}} and [(path:line, module)] of imports of another app's views."""
    apps = local_apps()
    graph, views = defaultdict(lambda: defaultdict(list)), []
    for app in apps:
        for path, dotted in modules_of(app, apps):
            where = f"{path.relative_to(ROOT)}"
            for module, line in imports(path, dotted):
                target = owner(module, apps)
                if target is None or target == app:
                    continue
                graph[app][target].append(f"{where}:{line}")
                last = module.split(".")[len(target.split(".")) :]
                if last and (last[0] == "views" or last[0].startswith("views_")):
                    views.append((f"{where}:{line}", module))
    return graph, views


def test_every_local_app_has_a_row_in_the_table():
    assert set(local_apps()) <= set(ALLOWED), "add the new app to ALLOWED (and to docs/architecture.md)"


def test_each_app_imports_only_the_apps_below_it():
    graph, _views = import_graph()
    wrong = [
        f"{app} imports {target} ({', '.join(places[:3])})"
        for app, targets in graph.items()
        for target, places in targets.items()
        if target not in ALLOWED[app] and not (app != "kokybe.surfaces" and target in ("kokybe.surfaces", "kokybe.lib"))
    ]
    assert not wrong, "\n".join(wrong)


def test_no_app_imports_another_apps_views():
    _graph, views = import_graph()
    assert not views, views


def test_the_table_keeps_the_layers_stated_in_the_architecture():
    assert ALLOWED["orgs"] == set() and ALLOWED["kokybe.surfaces"] == set()
    assert "accounts" not in ALLOWED["orgs"] and "orgs" in ALLOWED["accounts"]
    assert {app for app, allowed in ALLOWED.items() if "actions" in allowed} <= ACTIONS_USERS
    assert {app for app, allowed in ALLOWED.items() if "frameworks" in allowed} <= FRAMEWORKS_USERS | {"kokybe"}


def test_the_reader_sees_lazy_and_relative_imports(tmp_path):
    # The test must be able to fail: an import inside a function and a relative import are both found.
    module = tmp_path / "mod.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nfrom . import services\n\ndef f():\n    from assessments.dashboard import card\n"
        "\nif TYPE_CHECKING:\n    from accounts.models import User\n"
    )
    found = {m for m, _line in imports(module, "orgs.mod")}
    assert found == {"typing.TYPE_CHECKING", "orgs.services", "assessments.dashboard.card"}


def main():
    graph, views = import_graph()
    for app in local_apps():
        print(f"{app:18} -> {', '.join(sorted(graph.get(app, {}))) or '(nothing)'}")
    for where, module in views:
        print("views import:", where, module)


if __name__ == "__main__":
    import django

    django.setup()
    main()
