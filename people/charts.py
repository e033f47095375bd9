"""A person's quality-of-life domains over time, as data for an SVG drawn by the template (no script, no inline
style: the page keeps a strict Content-Security-Policy) and for the table beside it."""

from . import instruments

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 12, 28


def _x(index, count):
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(score):
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 100)


def domains_over_time(measurements, definitions):
    """[{instrument, name, dates, series: [{label, css, points, last, values}], rows, grid}] — one chart per
    instrument used, one line per domain, x by measurement order (dates under the axis), y the 0–100 score."""
    charts = []
    by_instrument = {}
    for m in measurements:
        by_instrument.setdefault(m.instrument, []).append(m)
    for code, taken in by_instrument.items():
        definition = definitions.get(code) or {"code": code, "domains": []}
        domains = [d["code"] for d in definition.get("domains", [])] or sorted({k for m in taken for k in m.scores})
        count = len(taken)
        series = []
        for index, domain in enumerate(domains):
            values = [m.scores.get(domain) for m in taken]
            points = [(round(_x(i, count), 1), round(_y(v), 1)) for i, v in enumerate(values) if v is not None]
            if not points:
                continue
            series.append(
                {
                    "label": instruments.domain_label(definition, domain),
                    "css": f"series-{index % 8}",
                    "points": " ".join(f"{x},{y}" for x, y in points),
                    "dots": points,
                    "last": points[-1],
                    "values": values,
                }
            )
        charts.append(
            {
                "instrument": code,
                "name": instruments.name(definition),
                "dates": [(round(_x(i, count), 1), m.taken_on) for i, m in enumerate(taken)],
                "series": series,
                "grid": [(v, round(_y(v), 1)) for v in (0, 25, 50, 75, 100)],
                "width": WIDTH,
                "height": HEIGHT,
                "plot_left": LEFT,
                "plot_right": WIDTH - RIGHT,
                "axis_y": HEIGHT - BOTTOM + 18,
            }
        )
    return charts
