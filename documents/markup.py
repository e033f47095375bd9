"""Markdown to safe HTML, and an accessible line diff between two texts.

The HTML is sanitised with nh3 (an allow-list): whatever a text contains, no script, style or event handler
survives. Headings are moved one level down, since the page (or PDF) already has the document's title as its h1.
"""

import difflib
import re
from dataclasses import dataclass

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "u", "a",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "del", "ins", "sup", "sub", "dl", "dt",
    "dd", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align", "scope"}, "td": {"align"}}
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _demote(match):
    level = min(int(match.group(2)) + 1, 6)
    return f"<{match.group(1)}h{level}"


def render_markdown(text):
    """Sanitised HTML of a Markdown text (headings start at h2)."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    html = _HEADING.sub(_demote, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "insert", "delete"
    old_no: int | None
    new_no: int | None
    text: str


def line_diff(old, new, context=3):
    """Hunks of DiffLine between two texts: lists of changed lines with `context` unchanged lines around them."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    hunks = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        lines = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("equal", i1 + k + 1, j1 + k + 1, a[i1 + k]) for k in range(i2 - i1)]
                continue
            if tag in ("replace", "delete"):
                lines += [DiffLine("delete", i + 1, None, a[i]) for i in range(i1, i2)]
            if tag in ("replace", "insert"):
                lines += [DiffLine("insert", None, j + 1, b[j]) for j in range(j1, j2)]
        hunks.append(lines)
    return hunks


def diff_counts(hunks):
    added = sum(line.op == "insert" for hunk in hunks for line in hunk)
    removed = sum(line.op == "delete" for hunk in hunks for line in hunk)
    return added, removed
