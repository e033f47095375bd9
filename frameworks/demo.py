"""Demo hook (kokybe/lib/demo.py): the shipped library, so it is there after `make run`. Idempotent: an identical
version is a no-op. Later apps find the working set in ctx.extra["framework_version"]."""

from .importing import import_library


def load(ctx):
    for result in import_library():
        if result.created:
            ctx.created["frameworks.FrameworkVersion"] += 1
        if result.version.framework.code == "equass-assurance-ws":
            ctx.extra["framework_version"] = result.version
