"""Demo hook: load_demo calls load() so the shipped library is there after `make run` (idempotent)."""

from .importing import import_library


def load(stdout=None):
    for result in import_library():
        if stdout is not None:
            stdout.write(result.message)
