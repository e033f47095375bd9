"""The readiness radar: one geometry, drawn as inline SVG (page and PDF, templates/assessments/_radar.html) and as
a PNG for DOCX (Pillow, already installed for WeasyPrint) — the two never disagree about where a point is."""

import io
import math
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEVELS = (0.25, 0.5, 0.75, 1.0)
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/TTF/DejaVuSans.ttf")]


@dataclass
class Axis:
    label: str  # the whole name, for the PNG's and the page's text alternatives
    lines: list  # the name wrapped to at most two lines
    percent: int | None
    value_label: str  # "88 %", or "—" while nothing is rated
    x: float  # end of the axis line
    y: float
    label_x: float
    label_y: float  # baseline of the first line
    anchor: str  # SVG text-anchor: start / middle / end
    point_x: float  # the value's point (the centre when nothing is rated)
    point_y: float

    @property
    def block(self):
        """Every line of the label: the name's lines, then the value."""
        return [*self.lines, self.value_label]


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
    font: int  # label size in the chart's own units

    @property
    def viewbox(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def line(self):
        return self.font + 3


def _fmt(points):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _wrap(label, chars):
    """At most two lines of about `chars` characters, broken between words; what does not fit ends in "…"."""
    lines = textwrap.wrap(label, chars, break_long_words=False) or [""]
    if len(lines) > 1 and " " not in lines[0]:  # never a code ("8.") alone on its line
        lines[:2] = [f"{lines[0]} {lines[1]}"]
    if len(lines) > 2:
        rest = " ".join(lines[1:])
        lines = [lines[0], rest[: chars - 1].rstrip() + "…"]
    return lines


@cache
def _measure(font):
    """Text width in chart units: DejaVu Sans's own metrics (the font the chart asks for, and one of the widest), or a
    generous estimate without it."""
    if not any(path.exists() for path in FONTS):
        return lambda text: 0.62 * font * len(text)
    return _font(font).getlength


PAD = 6  # between the labels and the picture's edge


def radar(items, *, radius=130, font=14, wrap=18):
    """Geometry for (label, percent or None) items, clockwise from the top; None with fewer than three axes
    (a radar of one or two principles says nothing a table does not).

    Names are wrapped to two lines rather than cut, and the picture is made just wide and tall enough for them, so
    that where the pages show it (at most 32rem wide) a 14-unit label still reads at about 11 px or more.
    """
    items = list(items)
    if len(items) < 3:
        return None
    n = len(items)
    line = font + 3
    measure = _measure(font)

    def at(i, r):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return r * math.cos(angle), r * math.sin(angle)

    # Laid out around (0, 0) first; then moved so that the outermost label is PAD from the edge.
    placed = []
    left = right = top = bottom = 0.0
    for i, (label, percent) in enumerate(items):
        x, y = at(i, radius)
        lx, ly = at(i, radius + 12)
        anchor = "middle" if abs(lx) < 1 else ("start" if lx > 0 else "end")
        lines = _wrap(label, wrap)
        value = "—" if percent is None else f"{percent} %"
        rows = len(lines) + 1
        # The block of lines sits above the axis end in the upper part, below it in the lower part, and centred on it
        # at the sides; y is the first line's baseline.
        if abs(ly) < radius * 0.3:
            first = ly - (rows - 1) * line / 2 + font * 0.35
        elif ly < 0:
            first = ly - (rows - 1) * line - 4
        else:
            first = ly + font
        width = max(measure(text) for text in [*lines, value])
        x0 = {"start": lx, "middle": lx - width / 2, "end": lx - width}[anchor]
        left, right = min(left, x0, -radius), max(right, x0 + width, radius)
        top, bottom = min(top, first - font, -radius), max(bottom, first + (rows - 1) * line + 4, radius)
        px, py = at(i, radius * (percent or 0) / 100)
        placed.append((label, lines, percent, value, x, y, lx, first, anchor, px, py))

    dx, dy = PAD - left, PAD - top
    width, height = math.ceil(right - left + 2 * PAD), math.ceil(bottom - top + 2 * PAD)
    axes = [
        Axis(label, lines, percent, value, x + dx, y + dy, lx + dx, first + dy, anchor, px + dx, py + dy)
        for label, lines, percent, value, x, y, lx, first, anchor, px, py in placed
    ]
    rings = [
        (round(level * 100), _fmt((x + dx, y + dy) for x, y in (at(i, radius * level) for i in range(n))))
        for level in LEVELS
    ]
    outline = _fmt((a.point_x, a.point_y) for a in axes)
    return Radar(width, height, dx, dy, radius, axes, rings, outline, font)


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
    font = _font(chart.font * s)

    def pts(text):
        return [tuple(float(v) * s for v in pair.split(",")) for pair in text.split()]

    for _percent, ring in chart.rings:
        draw.polygon(pts(ring), outline="#c9d1dc")
    for axis in chart.axes:
        draw.line([(chart.cx * s, chart.cy * s), (axis.x * s, axis.y * s)], fill="#c9d1dc", width=s)
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[axis.anchor]  # at the baseline, like SVG text
        for row, text in enumerate(axis.block):
            colour = "#4f5b6d" if row == len(axis.lines) else "#1d2433"
            position = (axis.label_x * s, (axis.label_y + row * chart.line) * s)
            draw.text(position, text, fill=colour, font=font, anchor=anchor)
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
