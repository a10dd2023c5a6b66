"""The financial tables as real PowerPoint tables: French figures, one row per line of the
engine's table, row heights measured so that a long table continues on the next slide."""
from __future__ import annotations

import functools
from copy import deepcopy
from dataclasses import dataclass

from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.shapes.graphfrm import GraphicFrame
from pptx.util import Emu, Pt

from forecast.tables import Table

from . import formats, textfit
from .theme import CORAL, FONT, INK, LANG, LIGHT, NAVY, RULE, WHITE, stamped

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


def row_height(row: Row, widths: list[int], size: float) -> int:
    """EMU height a row needs: its tallest cell, wrapped in its column."""
    return _row_height(row.cells, row.kind in ("header", "total", "section"), tuple(widths),
                       size)


@functools.lru_cache(maxsize=16384)  # pages are tried at several heights and sizes
def _row_height(cells: tuple[str, ...], bold: bool, widths: tuple[int, ...], size: float
                ) -> int:
    need = 0.0
    for text, width in zip(cells, widths):
        need = max(need, textfit.lines_height(text, Emu(width - 2 * CELL_MARGIN_X).pt, size,
                                              bold))
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


# A cell as PowerPoint stores it: its margins, anchored in the middle, a rule below, the
# row's fill; one paragraph, aligned, whose end mark has the table's size (an empty cell is as
# tall as it) and, when the cell has text, one run in the row's font.
_CELL = ('<a:tc {ns}><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p>'
         '<a:pPr algn="{align}"/>{run}<a:endParaRPr sz="{end_size}"/></a:p></a:txBody>'
         '<a:tcPr marL="{mx}" marR="{mx}" marT="{my}" marB="{my}" anchor="ctr">'
         '<a:lnL w="0" cmpd="sng"><a:noFill/></a:lnL><a:lnR w="0" cmpd="sng"><a:noFill/></a:lnR>'
         '<a:lnT w="0" cmpd="sng"><a:noFill/></a:lnT><a:lnB w="{rule_w}" cmpd="sng">'
         '<a:solidFill><a:srgbClr val="{rule}"/></a:solidFill></a:lnB>'
         '<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></a:tcPr></a:tc>')
_RUN = ('<a:r><a:rPr sz="{size}" b="{bold}" lang="{lang}"><a:solidFill><a:srgbClr val="{colour}"/>'
        '</a:solidFill><a:latin typeface="{font}"/></a:rPr><a:t/></a:r>')
_FILLS = {"header": (NAVY, WHITE), "total": (LIGHT, NAVY), "section": (LIGHT, NAVY),
          "": (WHITE, INK)}  # kind of row -> (fill, font colour)
_TR, _T = qn("a:tr"), qn("a:t")


@functools.lru_cache(maxsize=None)
def _cell(kind: str, align: str, size: float, text: bool, overdrawn: bool):
    """A cell so formatted, its text empty; coral for an overdrawn cash balance. Copied for
    each cell: formatting one through python-pptx costs a few hundred calls."""
    fill, colour = _FILLS[kind]
    bold = kind in ("header", "total", "section") or overdrawn
    run = _RUN.format(size=Pt(size).centipoints, bold=int(bold), lang=LANG,
                      colour=CORAL if overdrawn else colour, font=FONT) if text else ""
    return parse_xml(_CELL.format(ns=nsdecls("a"), align=align, run=run,
                                  end_size=int(size * 100), mx=CELL_MARGIN_X,
                                  my=CELL_MARGIN_Y, rule_w=int(Pt(0.75)), rule=RULE,
                                  fill=fill))


def _alignment(kind: str, column: int, text_columns: int) -> str:
    if kind == "header" and column:
        return "ctr"
    return "l" if column < text_columns else "r"


def add_table(slide, rows: list[Row], left: int, top: int, widths: list[int], size: float,
              name: str = "Tableau", text_columns: int = 1):
    """Draw rows as a native table; the first `text_columns` columns are text (left-aligned),
    the others are figures (right-aligned). python-pptx makes the frame of the first table of
    so many columns, without its row; the rows are built here."""
    def make(tree, x, y, cx, cy):
        shape = tree.add_table(1, len(widths), x, y, cx, cy)
        _no_style(shape)
        tbl = shape.table._tbl
        tbl.remove(tbl.tr_lst[0])
        return shape
    heights = [row_height(r, widths, size) for r in rows]
    shape = stamped(slide, ("table", len(widths)), make, left, top, sum(widths), sum(heights),
                    name, GraphicFrame)
    tbl = shape.table._tbl
    # the frame is already as wide and as tall as the sums: python-pptx's width and height
    # setters would add up every column or row again at each one
    for col, w in zip(tbl.tblGrid.gridCol_lst, widths):
        col.w = w
    for row, h in zip(rows, heights):
        tr = tbl.makeelement(_TR, {"h": str(h)})
        tbl.append(tr)
        for c, text in enumerate(row.cells):
            tc = deepcopy(_cell(row.kind, _alignment(row.kind, c, text_columns), size,
                                bool(text), c in row.overdrawn))
            tr.append(tc)
            if text:
                next(tc.iter(_T)).text = text
    return shape
