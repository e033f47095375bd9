"""Charts as inline SVG drawn on the server: the same markup serves the page, print and the PDF (WeasyPrint).

Each chart is an <svg role="img"> with a <title> and a <desc> stating its figures in words; the page also shows the
same numbers in a table beside it, so colour is never the only signal and screen readers get the data.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .figures import number, percent

# Diverging palette, worst to best, with the text colour that keeps 4.5:1 contrast on each.
DIVERGING = {
    3: [("#a3161b", "#fff"), ("#d5d9e0", "#1d2433"), ("#1e6b35", "#fff")],
    5: [("#a3161b", "#fff"), ("#eca5a7", "#1d2433"), ("#d5d9e0", "#1d2433"), ("#9fd0ad", "#1d2433"),
        ("#1e6b35", "#fff")],
    7: [("#7d0f13", "#fff"), ("#c4383d", "#fff"), ("#eca5a7", "#1d2433"), ("#d5d9e0", "#1d2433"),
        ("#9fd0ad", "#1d2433"), ("#4a9a62", "#fff"), ("#1a5a2d", "#fff")],
}  # fmt: skip
BAR = "#0b5394"
INK = "#1d2433"
MUTED = "#4f5b6d"


def _svg(prefix, width, height, title, desc, body):
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{prefix}-t {prefix}-d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, sans-serif" font-size="13">'
        f'<title id="{prefix}-t">{escape(title)}</title><desc id="{prefix}-d">{escape(desc)}</desc>{body}</svg>'
    )


def _describe(buckets):
    return "; ".join(f"{b.label}: {percent(b.pct or 0)}" for b in buckets)


def likert_bars(prefix, rows, width=800):
    """Diverging stacked bars: one row per rating question, negative points left of the centre line, the neutral
    point split across it, positive points right. `rows` are (label, QuestionResult) with buckets 1..points."""
    rows = [(label, r) for label, r in rows if r.n]
    if not rows:
        return ""
    label_w, row_h, top = 340, 30, 26
    plot_w = width - label_w - 10
    centre = label_w + plot_w / 2

    def sides(result):
        k = len(result.buckets)
        mid = (k - 1) / 2
        neg = sum(b.pct or 0 for i, b in enumerate(result.buckets) if i < mid)
        pos = sum(b.pct or 0 for i, b in enumerate(result.buckets) if i > mid)
        neutral = result.buckets[int(mid)].pct or 0 if k % 2 else 0
        return neg + neutral / 2, pos + neutral / 2

    reach = max(max(sides(r)) for _l, r in rows) or 1
    scale = (plot_w / 2) / reach
    height = top + row_h * len(rows) + 8
    # Outside the f-strings: xgettext does not look inside them, so these would never reach the catalogue.
    worse, better = escape(_("disagree, dissatisfied")), escape(_("agree, satisfied"))
    parts = [
        f'<line x1="{centre}" y1="{top - 6}" x2="{centre}" y2="{height - 4}" stroke="{INK}" stroke-width="1"/>',
        f'<text x="{centre - 6}" y="14" text-anchor="end" fill="{MUTED}">← {worse}</text>',
        f'<text x="{centre + 6}" y="14" fill="{MUTED}">{better} →</text>',
    ]
    descs = []
    for i, (label, result) in enumerate(rows):
        y = top + i * row_h
        palette = DIVERGING[len(result.buckets)]
        left, _right = sides(result)
        x = centre - left * scale
        short = label if len(label) <= 44 else label[:42] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="{INK}">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        for bucket, (fill, ink) in zip(result.buckets, palette, strict=False):
            w = (bucket.pct or 0) * scale
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{fill}">'
                f"<title>{escape(bucket.label)}: {percent(bucket.pct)}</title></rect>"
            )
            if w > 30:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 19}" text-anchor="middle" fill="{ink}" font-size="11">'
                    f"{number(bucket.pct)}</text>"
                )
            x += w
        descs.append(f"{label} — {_describe(result.buckets)}")
    title = _("Answers to the rating questions, from the worst to the best point (%)")
    return _svg(prefix, width, height, title, ". ".join(descs), "".join(parts))


def distribution_bars(prefix, title, buckets, width=560):
    """Horizontal bars of a distribution (choices, yes/no, 0–10), each labelled with its share and count."""
    if not buckets or not any(b.count for b in buckets):
        return ""
    label_w, row_h = 200, 24
    plot_w = width - label_w - 80
    top = max((b.pct or 0) for b in buckets) or 1
    parts = []
    for i, b in enumerate(buckets):
        y = i * row_h
        w = (b.pct or 0) / top * plot_w
        short = b.label if len(b.label) <= 28 else b.label[:26] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="{INK}">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}"/>')
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" fill="{INK}">{percent(b.pct or 0)} ({b.count})</text>'
        )
    return _svg(prefix, width, row_h * len(buckets) + 4, title, _describe(buckets), "".join(parts))


def trend_line(prefix, title, points, *, maximum=100.0, minimum=0.0, unit="%", width=360, height=150):
    """A line through (label, value) points, oldest first; a missing value breaks the line."""
    known = [(label, v) for label, v in points if v is not None]
    if not known:
        return ""
    left, right, top, bottom = 44, 34, 22, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def y_of(v):
        return top + plot_h - (v - minimum) / (maximum - minimum) * plot_h

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{MUTED}"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="{MUTED}" font-size="11">{number(maximum)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" fill="{MUTED}" font-size="11">{number(minimum)}</text>',
    ]
    path, previous = [], None
    for i, (label, value) in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" fill="{MUTED}" font-size="11">{escape(label)}</text>'
        )
        if value is None:
            previous = None
            continue
        y = y_of(value)
        path.append(f"{'L' if previous is not None else 'M'}{x:.1f},{y:.1f}")
        previous = value
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="{INK}" font-size="12">'
            f"{percent(value) if unit == '%' else number(value)}</text>"
        )
    parts.insert(0, f'<path d="{" ".join(path)}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    desc = "; ".join(f"{label}: {percent(v) if unit == '%' else number(v)}" for label, v in points)
    return _svg(prefix, width, height, title, desc, "".join(parts))
