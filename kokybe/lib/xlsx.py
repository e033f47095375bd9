"""Every Excel workbook Kokybė writes puts its values in cells through here.

Text is always written as text. A respondent's answer or an action title that begins like a formula
(`=HYPERLINK(…)`, `+`, `-`, `@`, a tab or a carriage return) is stored as a string cell with Excel's quote prefix, so
it never runs in the reader's spreadsheet, not even after someone edits the cell; the text itself is kept unchanged,
so an exported workbook can be imported back. Numbers stay numbers, shares are real percentages (`percent()`),
dates and times are real dates with a `YYYY-MM-DD` format; header rows are bold with sensible column widths.

Works with both kinds of openpyxl worksheet: `append(ws, values)` for streaming (write-only) and ordinary sheets,
`put(ws, row, column, value)` for ordinary sheets filled cell by cell.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .downloads import XLSX as CONTENT_TYPE  # noqa: F401  (the one place the workbook content type is named)

DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
INTEGER = "0"
DECIMAL = "0.00"
PERCENT = "0.0%"
# What spreadsheet programs (and CSV importers) take for the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Formatted:
    """A number with the format it is shown in."""

    value: float | int | None
    number_format: str


def percent(value: float | None, digits: int = 1) -> Formatted | None:
    """A share given as 0–100 (how the app computes it) as an Excel percentage: 87.5 is stored 0.875, shown 87.5%."""
    if value is None:
        return None
    return Formatted(round(value / 100, digits + 2), "0." + "0" * digits + "%" if digits else "0%")


def number(value: float | int | Decimal | None, number_format: str = DECIMAL) -> Formatted | None:
    if value is None:
        return None
    return Formatted(float(value) if isinstance(value, Decimal) else value, number_format)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def assign(cell: Cell, value: object) -> Cell:
    """Put a value into a cell with the right type and format (see the module's docstring)."""
    if isinstance(value, Formatted):
        cell.value = value.value
        cell.number_format = value.number_format
    elif isinstance(value, str):
        cell.value = value
        if looks_like_formula(value):
            cell.data_type = "s"  # openpyxl would have made "=…" a formula
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    elif isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)  # Excel has no time zones: the local time the reader expects
        cell.value = value.replace(second=0, microsecond=0)
        cell.number_format = DATETIME
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE
    elif isinstance(value, Decimal):
        cell.value = float(value)
    else:
        cell.value = value
    return cell


def cells(ws: Any, values: Iterable[object]) -> list[Cell | None]:
    return [
        value if value is None or isinstance(value, Cell) else assign(Cell(ws, row=1, column=1), value)
        for value in values
    ]


def append(ws: Any, values: Iterable[object]) -> None:
    """Append one row; works on write-only sheets too."""
    ws.append(cells(ws, values))


def put(ws: Any, row: int, column: int, value: object) -> Cell:
    return assign(ws.cell(row=row, column=column), value)


def header(ws: Any, labels: Iterable[object], *, fill: bool = True) -> None:
    """A bold header row (labels are translated text, written as text like every other)."""
    row = [assign(Cell(ws, row=1, column=1), str(label)) for label in labels]
    for cell in row:
        cell.font = HEADER_FONT
        cell.alignment = WRAP
        if fill:
            cell.fill = HEADER_FILL
    ws.append(row)


def widths(ws: Any, values: Iterable[int | None]) -> None:
    """Column widths in characters, from column A on (a write-only sheet takes them before its first row)."""
    for index, width in enumerate(values, start=1):
        if width:
            ws.column_dimensions[get_column_letter(index)].width = width


def fit_widths(ws: Any, *, least: int = 8, most: int = 60) -> None:
    """Widths of an ordinary sheet from its content: the longest value in each column, within bounds."""
    longest: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, (date, datetime)):
                length = 16 if isinstance(cell.value, datetime) else 11
            else:
                length = max(len(line) for line in str(cell.value).splitlines() or [""]) + 1
            longest[cell.column] = max(longest.get(cell.column, 0), length)
    for column, length in longest.items():
        ws.column_dimensions[get_column_letter(column)].width = max(least, min(most, length + 1))


def save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
