"""Figures written the way the active language writes them: "3,17" and "44 %" in Lithuanian.

Every survey page, chart, weak-result reason and action description goes through these, so a page never mixes
"3.28" with "3,50" or "74%" with "44 %". The space before "%" is non-breaking, so the sign never wraps alone.
"""

from django.template.defaultfilters import floatformat

NBSP = "\u00a0"


def number(value, digits=0):
    """Rounded half up (as the tables' floatformat does) and localised; "—" for a missing value."""
    if value is None:
        return "—"
    return str(floatformat(value, digits))


def signed(value):
    """A recommendation score: "+12", "0", "-8"."""
    text = number(value)
    return "+" + text if value is not None and text not in ("0", "-0") and not text.startswith("-") else text


def percent(value, digits=0):
    return "—" if value is None else number(value, digits) + NBSP + "%"
