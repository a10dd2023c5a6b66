"""The financial tables as real PowerPoint tables: French figures, one row per line of the
engine's table, row heights measured so that a long table continues on the next slide."""
from __future__ import annotations

import functools
from copy import deepcopy
from dataclasses import dataclass

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.table import _Cell
from pptx.util import Emu, Pt

from forecast.tables import Table

from . import formats, textfit
from .textfit import Para
from .theme import CORAL, FONT, INK, LANG, LIGHT, NAVY, RULE, WHITE

CELL_MARGIN_X = Pt(4)
CELL_MARGIN_Y = Pt(1.5)
# Lines of a cash balance (not a flow): a negative figure there is an overdraft, drawn in coral.
CASH_LINES = frozenset({"tresorerie", "tresorerie_debut", "tresorerie_fin",
                        "tresorerie_fin_annee", "tresorerie_min_annee", "tresorerie_min"})


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    kind: str = ""  # "header", "total", "section", ""
    overdrawn: frozenset[int] = frozenset()  # the cells drawn in coral: a cash balance below 0


def table_rows(table: Table, columns: range | None = None,
               headers: tuple[str, ...] | None = None) -> list[Row]:
    """The engine's table as printable rows (the label, then the chosen columns); `headers`
    replaces the column titles (e.g. abbreviated months)."""
    columns = columns if columns is not None else range(len(table.columns))
    titles = headers if headers is not None else tuple(table.columns[i] for i in columns)
    rows = [Row((table.title, *titles), "header")]
    for line in table.lines:
        if line.style == "section":
            rows.append(Row((line.label, *("" for _ in columns)), "section"))
            continue
        values = [line.values[i] if i < len(line.values) else None for i in columns]
        overdrawn = frozenset(c for c, v in enumerate(values, start=1)
                              if line.key in CASH_LINES and isinstance(v, (int, float))
                              and v < -0.005)
        rows.append(Row((line.label, *(formats.cell(v, line.style) for v in values)),
                        "total" if line.style == "total" else "", overdrawn))
    return rows


def _cell_paras(text: str, size: float, bold: bool) -> list[Para]:
    return [Para(text, size, bold)]


def row_height(row: Row, widths: list[int], size: float) -> int:
    """EMU height a row needs: its tallest cell, wrapped in its column."""
    return _row_height(row.cells, row.kind in ("header", "total", "section"), tuple(widths),
                       size)


@functools.lru_cache(maxsize=16384)  # pages are tried at several heights and sizes
def _row_height(cells: tuple[str, ...], bold: bool, widths: tuple[int, ...], size: float
                ) -> int:
    need = 0.0
    for text, width in zip(cells, widths):
        inner = Emu(width - 2 * CELL_MARGIN_X).pt
        need = max(need, textfit.height(_cell_paras(text, size, bold), inner))
    return int(Pt(need) + 2 * CELL_MARGIN_Y + Pt(1))


def figures_fit(rows: list[Row], widths: list[int], size: float, text_columns: int = 1
                ) -> bool:
    """Whether every figure (the cells after the text columns) holds on one line: a figure
    cut in two (« 106 381 » over « € ») is misread."""
    inner = [Emu(w - 2 * CELL_MARGIN_X).pt for w in widths]
    return all(textfit.text_width(text, size, row.kind in ("header", "total", "section")
                                  or c in row.overdrawn) <= inner[c]
               for row in rows if row.kind != "header"
               for c, text in enumerate(row.cells) if c >= text_columns)


def split_rows(rows: list[Row], widths: list[int], size: float, max_height: int
               ) -> list[list[Row]]:
    """Pages of rows that fit `max_height`, the header repeated on each page."""
    header, body = rows[0], rows[1:]
    h_header = row_height(header, widths, size)
    pages, current, used = [], [], h_header
    for row in body:
        h = row_height(row, widths, size)
        if current and used + h > max_height:
            pages.append([header, *current])
            current, used = [], h_header
        current.append(row)
        used += h
    pages.append([header, *current])
    return pages


def _no_style(table_shape) -> None:
    """Drop the default table style's banding so the theme's own fills show."""
    tbl = table_shape.table._tbl
    tblPr = tbl.tblPr
    for attr in ("bandRow", "firstRow"):
        tblPr.set(attr, "0")


def _set_border(cell, color: str, width_pt: float = 0.75, sides=("B",)) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    for side in ("L", "R", "T", "B"):
        tag = qn(f"a:ln{side}")
        for el in tcPr.findall(tag):
            tcPr.remove(el)
    for index, side in enumerate(("L", "R", "T", "B")):
        ln = tcPr.makeelement(qn(f"a:ln{side}"),
                              {"w": str(int(Pt(width_pt if side in sides else 0))),
                               "cmpd": "sng"})
        if side in sides:
            fill = ln.makeelement(qn("a:solidFill"), {})
            clr = fill.makeelement(qn("a:srgbClr"), {"val": color})
            fill.append(clr)
            ln.append(fill)
        else:
            ln.append(ln.makeelement(qn("a:noFill"), {}))
        tcPr.insert(index, ln)  # borders come before the fill in the schema


def _format(cell, kind: str, align, size: float, text: bool, overdrawn: bool) -> None:
    """A cell's margins, fill, border, alignment and, when it has text, one empty run in the
    row's font (coral for an overdrawn cash balance)."""
    cell.margin_left = cell.margin_right = CELL_MARGIN_X
    cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    cell.fill.solid()
    if kind == "header":
        cell.fill.fore_color.rgb, color = NAVY, WHITE
    elif kind in ("total", "section"):
        cell.fill.fore_color.rgb, color = LIGHT, NAVY
    else:
        cell.fill.fore_color.rgb, color = WHITE, INK
    _set_border(cell, str(RULE))
    tf = cell.text_frame
    tf.word_wrap = True
    p = tf.paragraphs[0]
    p.alignment = align
    # an empty cell is as tall as its paragraph's end mark: give it the table's size
    p._p.get_or_add_endParaRPr().set("sz", str(int(size * 100)))
    if not text:
        return
    run = p.add_run()
    f = run.font
    f.name, f.size, f.color.rgb = FONT, Pt(size), CORAL if overdrawn else color
    f.bold = kind in ("header", "total", "section") or overdrawn
    run._r.get_or_add_rPr().set("lang", LANG)


def _alignment(kind: str, column: int, text_columns: int):
    if kind == "header" and column:
        return PP_ALIGN.CENTER
    return PP_ALIGN.LEFT if column < text_columns else PP_ALIGN.RIGHT


_CELLS: dict[tuple, object] = {}  # (kind of row, alignment, size, text?, overdrawn?) -> a cell
_TR, _R = qn("a:tr"), qn("a:r")


def add_table(slide, rows: list[Row], left: int, top: int, widths: list[int], size: float,
              name: str = "Tableau", text_columns: int = 1):
    """Draw rows as a native table; the first `text_columns` columns are text (left-aligned),
    the others are figures (right-aligned). Cells alike (kind of row, alignment, size) are
    formatted once and copied: formatting a cell through python-pptx costs a few hundred
    calls. The table is made with one row, replaced by the rows built here."""
    heights = [row_height(r, widths, size) for r in rows]
    shape = slide.shapes.add_table(1, len(widths), Emu(left), Emu(top), Emu(sum(widths)),
                                   Emu(sum(heights)))
    shape.name = name
    _no_style(shape)
    table = shape.table
    tbl = table._tbl
    # the frame is already as wide and as tall as the sums: python-pptx's width and height
    # setters would add up every column or row again at each one
    for col, w in zip(tbl.tblGrid.gridCol_lst, widths):
        col.w = w
    tbl.remove(tbl.tr_lst[0])
    for row, h in zip(rows, heights):
        tr = tbl.makeelement(_TR, {"h": str(h)})
        tbl.append(tr)
        for c, text in enumerate(row.cells):
            key = (row.kind, _alignment(row.kind, c, text_columns), size, bool(text),
                   c in row.overdrawn)
            if key in _CELLS:
                tc = deepcopy(_CELLS[key])
                tr.append(tc)
            else:
                tc = tr.add_tc()
                _format(_Cell(tc, table), *key)
                _CELLS[key] = deepcopy(tc)
            if text:
                next(tc.iter(_R)).text = text
    return shape
