"""A result's trend as inline SVG drawn on the server: the same markup serves the page and the PDF. The chart has a
<title> and a <desc> stating its figures; the page and the PDF show the same numbers in a table beside it, and the
status is written in words there, so colour is never the only signal."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

LINE = "#0b5394"
TARGET = "#7a4a00"
INK = "#1d2433"
MUTED = "#4f5b6d"
STATUS = {"green": "#1e6b35", "amber": "#8a5a00", "red": "#a3161b"}


def figure(value, unit):
    if value is None:
        return "—"
    text = f"{float(value):.1f}".rstrip("0").rstrip(".") if unit != "count" else f"{float(value):.0f}"
    return f"{text} %" if unit == "%" else text


def trend(prefix, title, points, *, unit, statuses=(), width=720, height=220):
    """A line through (label, value, target) points, oldest first, with the targets as a dashed step line; a
    missing value breaks the line. Every label is shown when there are few; else one per year."""
    values = [float(v) for _l, v, _t in points if v is not None]
    targets = [float(t) for _l, _v, t in points if t is not None]
    if not values:
        return ""
    top_value = 100.0 if unit == "%" else max(values + targets) * 1.15 or 1.0
    if unit == "%" and max(values + targets) > 100:
        top_value = max(values + targets) * 1.05
    left, right, top, bottom = 48, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)
    step = plot_w / max(n - 1, 1)

    def x_of(i):
        return left + (i * step if n > 1 else plot_w / 2)

    def y_of(v):
        return top + plot_h - float(v) / top_value * plot_h

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{MUTED}"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="{MUTED}" font-size="11">'
        f"{escape(figure(top_value, unit))}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" fill="{MUTED}" font-size="11">0</text>',
    ]
    every = 1 if n <= 12 else (4 if n <= 60 and all("Q" in p[0] for p in points) else 12)
    for i, (label, _v, _t) in enumerate(points):
        if i % every == 0:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{height - 18}" text-anchor="middle" fill="{MUTED}" font-size="11">'
                f"{escape(label if every == 1 else label[:4])}</text>"
            )
    # Targets: a dashed step line.
    path = []
    for i, (_l, _v, target) in enumerate(points):
        if target is None:
            continue
        x0, x1 = x_of(i) - (step / 2 if n > 1 else 0), x_of(i) + (step / 2 if n > 1 else 0)
        y = y_of(target)
        path.append(f"M{max(x0, left):.1f},{y:.1f} L{min(x1, width - right):.1f},{y:.1f}")
    if path:
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    line, previous = [], None
    statuses = list(statuses) or [None] * n
    for i, (_label, value, _t) in enumerate(points):
        if value is None:
            previous = None
            continue
        x, y = x_of(i), y_of(value)
        line.append(f"{'L' if previous is not None else 'M'}{x:.1f},{y:.1f}")
        previous = value
        colour = STATUS.get(statuses[i], LINE)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 if n <= 24 else 2.5}" fill="{colour}"/>')
        if n <= 12:
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="{INK}" font-size="11">'
                f"{escape(figure(value, unit))}</text>"
            )
    parts.insert(3, f'<path d="{" ".join(line)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    legend_y = height - 4
    value_word, target_word = escape(_("value")), escape(_("target"))
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}" stroke="{LINE}" stroke-width="2"/>'
        f'<text x="{left + 30}" y="{legend_y}" fill="{MUTED}" font-size="11">{value_word}</text>'
        f'<line x1="{left + 100}" y1="{legend_y - 4}" x2="{left + 124}" y2="{legend_y - 4}" stroke="{TARGET}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{left + 130}" y="{legend_y}" fill="{MUTED}" font-size="11">{target_word}</text>'
    )
    desc = "; ".join(
        f"{label}: {figure(v, unit)}" + (f" ({_('target')} {figure(t, unit)})" if t is not None else "")
        for label, v, t in points
        if v is not None
    )
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{prefix}-t {prefix}-d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, sans-serif" font-size="13">'
        f'<title id="{prefix}-t">{escape(title)}</title><desc id="{prefix}-d">{escape(desc)}</desc>'
        f"{''.join(parts)}</svg>"
    )
