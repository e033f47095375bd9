"""The radar's geometry: labels that fit in the picture, at a size that reads, in SVG and PNG alike."""

import io
import re
from pathlib import Path

from PIL import Image, ImageFont

from assessments.chart import FONTS, radar, radar_png

NAMES = [
    "Lyderystė",
    "Personalas",
    "Teisės",
    "Etika",
    "Partnerystė",
    "Dalyvavimas",
    "Orientacija į asmenį",
    "Visapusiškumas",
    "Orientacija į rezultatus",
    "Nuolatinis tobulinimas ir kokybės kultūra",  # longer than a label may be: shortened with "…"
]


def _text_width(text, size):
    path = next((p for p in FONTS if p.exists()), None)
    font = ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)
    return font.getlength(text)


def test_every_label_stays_inside_the_picture_wrapped_not_cut():
    chart = radar((f"{i}. {name}", 40 + 6 * i) for i, name in enumerate(NAMES, start=1))
    for axis in chart.axes:
        width = max(_text_width(text, chart.font) for text in axis.block)
        left = {"start": axis.label_x, "middle": axis.label_x - width / 2, "end": axis.label_x - width}[axis.anchor]
        assert left >= 0 and left + width <= chart.width, axis.label
        last_baseline = axis.label_y + (len(axis.block) - 1) * chart.line
        assert axis.label_y - chart.font >= 0 and last_baseline <= chart.height, axis.label
        assert len(axis.lines) <= 2
    nine = chart.axes[8]
    assert nine.lines == ["9. Orientacija į", "rezultatus"]  # whole words, nothing lost
    assert chart.axes[9].lines[-1].endswith("…")  # only a name longer than two lines is shortened


def test_labels_read_at_11_px_where_the_pages_show_the_chart():
    chart = radar([("a", 1), ("b", 2), ("c", 3)])
    css = (Path(__file__).parents[1] / "static" / "assessments" / "assessment.css").read_text()
    widths = re.findall(r"\.(?:radar-figure|dashboard-readiness \.radar) \{[^}]*max-width: ([\d.]+)rem", css)
    assert len(widths) == 2  # the readiness page and the dashboard
    for rem in widths:
        assert chart.font * float(rem) * 16 / chart.width >= 11


def test_png_has_the_charts_proportions():
    chart = radar([("a", 10), ("b", 50), ("c", 90)])
    image = Image.open(io.BytesIO(radar_png(chart, scale=2)))
    assert image.size == (chart.width * 2, chart.height * 2)
