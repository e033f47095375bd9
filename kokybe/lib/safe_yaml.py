"""The one way an uploaded YAML file is read: bounded in size, nesting and work, so a short file cannot keep a worker busy.

PyYAML's safe loader still expands aliases: a few hundred bytes of `&a [*b, *b, …]` describe a tree of billions of
nodes, and every walk over it (validation, line numbers, canonical form) takes minutes and gigabytes. Our formats
never need anchors or aliases, so an alias is refused where it stands, before anything is built. Duplicate keys are
refused too (plain PyYAML keeps the last one silently, which would hide a copy-paste mistake).

Errors are `yaml.YAMLError`s with a translated `problem` and, where known, a `problem_mark` (line and column), so each
importer reports them as it reports a syntax error.
"""

from typing import Any

import yaml
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40


class Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: Any = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class SafeLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise Refused(
                _("aliases (*name) are not allowed: write the content out in full"), self.peek_event().start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refused(_("nested deeper than %(n)s levels") % {"n": MAX_DEPTH}, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise Refused(_("the key “%(key)s” appears twice") % {"key": key_node.value}, key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def decode(content: bytes | str, *, max_bytes: int = MAX_BYTES) -> str:
    """UTF-8 bytes (or text) → text, refusing a document larger than max_bytes; UnicodeDecodeError passes through."""
    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8"))
    if size > max_bytes:
        raise Refused(_("the file is larger than %(n)s MB") % {"n": max(1, max_bytes // (1024 * 1024))})
    return content.decode("utf-8-sig") if isinstance(content, bytes) else content


def compose(content: bytes | str, *, loader: type[SafeLoader] = SafeLoader, max_bytes: int = MAX_BYTES) -> tuple:
    """(node, data) of a single YAML document; (None, None) for an empty one. Raises yaml.YAMLError."""
    instance = loader(decode(content, max_bytes=max_bytes))
    try:
        node = instance.get_single_node()
        return node, (instance.construct_document(node) if node is not None else None)
    finally:
        instance.dispose()


def load(content: bytes | str, **kwargs: Any) -> Any:
    return compose(content, **kwargs)[1]
