"""Every Word document Kokybė writes starts and ends here: `document()` and `save()`, with `table()` and `picture()`.

- The document is A4 with 2 cm margins and is marked in the language it is written in (`lt-LT`, `en-GB`) in its
  styles and settings, so Word and LibreOffice spell-check Lithuanian as Lithuanian (python-docx's template says
  en-US).
- Tables get explicit column widths that fill the text width and never make a column narrower than its longest word
  (LibreOffice otherwise breaks words mid-word in narrow auto-sized columns), a header row repeated on every page,
  and rows that are not split across pages.
- Pictures carry alt text (`wp:docPr descr`) for screen readers.

python-docx is imported inside the functions: commands and workers that never write a DOCX don't pay for it.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

LANGUAGE_TAGS = {"lt": "lt-LT", "en": "en-GB"}
A4 = (11906, 16838)  # twips
MARGIN = 1134  # 2 cm in twips
TEXT_WIDTH = A4[0] - 2 * MARGIN  # twips
TABLE_FONT_PT = 10
# Widths in twips (1/20 pt). A character of DejaVu/Calibri-like text at 10 pt is at most about 0.62 em wide on
# average over a word (capitals and "š", "ž" included); cell margins are 0.08" each side in the Table Grid style.
CHAR_EM = 0.62
CELL_PADDING = 2 * 115 + 40


def language_tag(lang: str) -> str:
    return LANGUAGE_TAGS.get((lang or "lt")[:2], "lt-LT")


def document(*, title: str, lang: str) -> Any:
    """A new A4 document marked in `lang` ("lt" or "en")."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Twips

    doc = Document()
    doc.core_properties.title = title
    tag = language_tag(lang)
    doc.core_properties.language = tag
    styles = doc.styles.element
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), tag)
    for element in doc.settings.element.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), tag)
    for section in doc.sections:
        section.page_width, section.page_height = Twips(A4[0]), Twips(A4[1])
        section.left_margin = section.right_margin = Twips(MARGIN)
        section.top_margin = section.bottom_margin = Twips(MARGIN)
    return doc


def _word_twips(text: str, font_pt: float) -> int:
    longest = max((len(word) for word in str(text).split()), default=0)
    return int(longest * CHAR_EM * font_pt * 20) + CELL_PADDING


def _natural_twips(text: str, font_pt: float) -> int:
    longest = max((len(line) for line in str(text).splitlines()), default=0)
    return int(min(longest, 80) * CHAR_EM * font_pt * 20) + CELL_PADDING


@dataclass
class Layout:
    font_pt: float
    widths: list[int]  # twips, adding up to the text width
    vertical: set[int]  # columns whose header is turned to read bottom to top
    header_height: int | None = None  # twips, when a header is turned


def layout(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, font_pt: float = TABLE_FONT_PT, total: int = TEXT_WIDTH
) -> Layout:
    """Each column at least as wide as its longest word (the bold header a little wider), the rest of the text width
    shared in proportion to how long each column's text runs.

    When that does not fit, the text is set a point or two smaller; when even that does not fit (an audit summary has
    a principle and eight count columns), the headers of the columns that hold only short values (counts) are turned
    90°, so those columns need only the width of two lines.
    """
    for smaller in (font_pt, font_pt - 1, font_pt - 2):
        plan = _layout(header, rows, smaller, total, turn=False)
        if plan is not None:
            return plan
    turned = _layout(header, rows, font_pt, total, turn=True)
    assert turned is not None  # with turn=True a layout is always made
    return turned


def _layout(
    header: Sequence[str], rows: Sequence[Sequence[str]], font_pt: float, total: int, *, turn: bool
) -> Layout | None:
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    head = [int(_word_twips(col[0], font_pt) * 1.08) for col in columns]
    body = [max((_word_twips(text, font_pt) for text in col[1:]), default=CELL_PADDING) for col in columns]
    least = [max(h, b) for h, b in zip(head, body, strict=True)]
    vertical, height = set(), None
    if sum(least) > total and not turn:
        return None
    if sum(least) > total:
        char = CHAR_EM * font_pt * 20 * 1.08
        two_lines = int(2.4 * font_pt * 20) + CELL_PADDING
        vertical = {i for i, col in enumerate(columns) if i and all(len(text) <= 6 for text in col[1:])}
        for i in vertical:
            least[i] = max(body[i], two_lines)
        height = max(
            int(max(max(map(len, columns[i][0].split())), -(-len(columns[i][0]) // 2) + 1) * char) + CELL_PADDING
            for i in vertical
        ) if vertical else None  # fmt: skip
    natural = [max(_natural_twips(text, font_pt) for text in col) for col in columns]
    for i in vertical:
        natural[i] = least[i]
    spare = total - sum(least)
    if spare <= 0:
        # Too many columns for the page even so: shrink in proportion (such a table should be split by its caller).
        return Layout(font_pt, [int(w * total / sum(least)) for w in least], vertical, height)
    wants = [max(n - m, 0) for n, m in zip(natural, least, strict=True)]
    if not sum(wants):
        wants = [0 if i in vertical else 1 for i in range(len(columns))]
    widths = [m + int(spare * w / sum(wants)) for m, w in zip(least, wants, strict=True)]
    widths[max(range(len(widths)), key=lambda i: wants[i])] += total - sum(widths)
    return Layout(font_pt, widths, vertical, height)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], **kwargs: Any) -> list[int]:
    return layout(header, rows, **kwargs).widths


def _mark_row(row: Any, *, header: bool, height: int | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))  # (the schema wants cantSplit, trHeight, tblHeader in this order)
    if header and height:
        element = OxmlElement("w:trHeight")
        element.set(qn("w:val"), str(height))
        element.set(qn("w:hRule"), "atLeast")
        properties.append(element)
    if header:
        properties.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page the table runs onto


def table(
    doc: Any, header: Iterable[object], rows: Iterable[Iterable[object]], *, font_pt: float = TABLE_FONT_PT
) -> Any:
    """A grid table with a bold, repeating header row and fixed column widths that fit the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    head = [str(text) for text in header]
    body = [[str(text) for text in row] for row in rows]
    plan = layout(head, body, font_pt=font_pt)
    widths = plan.widths
    table = doc.add_table(rows=1 + len(body), cols=len(head))
    table.style = "Table Grid"
    table.autofit = False  # w:tblLayout fixed: the widths below are kept, not recomputed from the content
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for index, (row, texts) in enumerate(zip(table.rows, [head, *body], strict=True)):
        _mark_row(row, header=index == 0, height=plan.header_height)
        for column, (cell, text, width) in enumerate(zip(row.cells, texts, widths, strict=True)):
            cell.width = Twips(width)
            if index == 0 and column in plan.vertical:
                direction = OxmlElement("w:textDirection")
                direction.set(qn("w:val"), "btLr")
                cell._tc.get_or_add_tcPr().append(direction)
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(plan.font_pt)
            if index == 0:
                run.bold = True
    return table


def picture(doc: Any, png: bytes, *, width: Any, alt: str) -> Any:
    """A picture in its own paragraph, described for screen readers."""
    from docx.oxml.ns import qn

    shape = doc.add_picture(io.BytesIO(png), width=width)
    properties = shape._inline.find(qn("wp:docPr"))
    properties.set("descr", alt)
    properties.set("title", alt[:80])
    return shape


def save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
