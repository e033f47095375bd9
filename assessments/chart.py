"""The readiness radar: one geometry, drawn as inline SVG (page and PDF, templates/assessments/_radar.html) and as
a PNG for DOCX (Pillow, already installed for WeasyPrint) — the two never disagree about where a point is."""

import io
import math
from dataclasses import dataclass
from pathlib import Path

LEVELS = (0.25, 0.5, 0.75, 1.0)
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/TTF/DejaVuSans.ttf")]


@dataclass
class Axis:
    label: str
    percent: int | None
    value_label: str  # "88 %", or "—" while nothing is rated
    x: float  # end of the axis line
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: start / middle / end
    point_x: float  # the value's point (the centre when nothing is rated)
    point_y: float


@dataclass
class Radar:
    width: int
    height: int
    cx: float
    cy: float
    radius: float
    axes: list
    rings: list  # (percent, "x,y x,y …") per level
    polygon: str  # the values' outline

    @property
    def viewbox(self):
        return f"0 0 {self.width} {self.height}"


def _fmt(points):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


LINE = 13  # a label is two lines: the name, then the value


def radar(items, *, width=660, height=420, radius=140, label_chars=27):
    """Geometry for (label, percent or None) items, clockwise from the top; None with fewer than three axes
    (a radar of one or two principles says nothing a table does not)."""
    items = list(items)
    if len(items) < 3:
        return None
    cx, cy = width / 2, height / 2
    n = len(items)

    def at(i, r):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    axes, outline = [], []
    for i, (label, percent) in enumerate(items):
        x, y = at(i, radius)
        lx, ly = at(i, radius + 14)
        dx = lx - cx
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        # Two lines, kept clear of the chart: above the axis end in the upper half, below it in the lower half.
        ly += -LINE - 4 if ly < cy - 1 else (10 if abs(dx) < 1 else 0)
        px, py = at(i, radius * (percent or 0) / 100)
        outline.append((px, py))
        short = label if len(label) <= label_chars else label[: label_chars - 1].rstrip() + "…"
        value = "—" if percent is None else f"{percent} %"
        axes.append(Axis(short, percent, value, x, y, lx, ly, anchor, px, py))
    rings = [(round(level * 100), _fmt(at(i, radius * level) for i in range(n))) for level in LEVELS]
    return Radar(width, height, cx, cy, radius, axes, rings, _fmt(outline))


def _font(size):
    from PIL import ImageFont

    for path in FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def radar_png(chart, scale=2):
    """The same chart as PNG bytes (for DOCX, which cannot embed SVG portably)."""
    from PIL import Image, ImageDraw

    s = scale
    image = Image.new("RGB", (chart.width * s, chart.height * s), "white")
    draw = ImageDraw.Draw(image)
    font = _font(11 * s)

    def pts(text):
        return [tuple(float(v) * s for v in pair.split(",")) for pair in text.split()]

    for _percent, ring in chart.rings:
        draw.polygon(pts(ring), outline="#c9d1dc")
    for axis in chart.axes:
        draw.line([(chart.cx * s, chart.cy * s), (axis.x * s, axis.y * s)], fill="#c9d1dc", width=s)
        anchor = {"start": "lm", "middle": "mm", "end": "rm"}[axis.anchor]
        draw.text((axis.label_x * s, (axis.label_y - 4) * s), axis.label, fill="#1d2433", font=font, anchor=anchor)
        value_y = (axis.label_y - 4 + LINE) * s
        draw.text((axis.label_x * s, value_y), axis.value_label, fill="#4f5b6d", font=font, anchor=anchor)
    outline = pts(chart.polygon)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).polygon(outline, fill=(11, 83, 148, 60))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.line([*outline, outline[0]], fill="#0b5394", width=2 * s)
    for x, y in outline:
        draw.ellipse([x - 3 * s, y - 3 * s, x + 3 * s, y + 3 * s], fill="#0b5394")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
