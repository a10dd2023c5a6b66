"""openpyxl's workbook loading, with the common cells of a worksheet read in one loop.

openpyxl reads each cell into a dict, then builds its Cell from the dict: a good part of the
time `planae compute` spends loading. Here a row's plain cells — a number, a shared, inline or
« str » text, a styled empty cell, with their coordinates — become Cells directly, the same values,
types and styles openpyxl gives them; any other cell (a formula, a date, a boolean, rich text,
no coordinate) and any row without its number go through openpyxl's own code. The rest
of the sheet (dimensions, validations, formats, tables…) is openpyxl's, untouched.
"""
from __future__ import annotations

from contextlib import contextmanager

import openpyxl
from openpyxl.cell import Cell
from openpyxl.reader import excel
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet._reader import (INLINE_STRING, VALUE_TAG, WorkSheetParser,
                                        WorksheetReader, _cast_number)
from openpyxl.xml.constants import SHEET_MAIN_NS

TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"


class _Parser(WorkSheetParser):
    ws = None

    def _cell(self, parsed: dict) -> Cell:
        """A Cell from openpyxl's dict, as WorksheetReader.bind_cells builds it."""
        cell = Cell(self.ws, row=parsed["row"], column=parsed["column"],
                    style_array=self.ws.parent._cell_styles[parsed["style_id"]])
        cell._value = parsed["value"]
        cell.data_type = parsed["data_type"]
        return cell

    def parse_row(self, row):
        number = row.get("r")
        if number is None or not number.isdigit():
            index, parsed = super().parse_row(row)
            return index, [self._cell(p) for p in parsed]
        self.row_counter = int(number)  # openpyxl's bookkeeping of a numbered row
        self.col_counter = 0
        attrs = row.attrib
        if {k for k in attrs if not k.startswith("{")} - {"r", "spans"}:
            self.row_dimensions[str(self.row_counter)] = dict(attrs)
        ws, styles, dates = self.ws, self.ws.parent._cell_styles, self.date_formats
        cells = []
        for element in row:
            cell = self._plain(element, ws, styles, dates)
            cells.append(self._cell(self.parse_cell(element)) if cell is None else cell)
        return self.row_counter, cells

    def _plain(self, element, ws, styles, dates) -> Cell | None:
        """The cell `element` holds when it is plain, else None."""
        get = element.get
        coordinate, kind, style = get("r"), get("t", "n"), get("s", 0)
        if coordinate is None or len(element) > 1:
            return None
        style = int(style) if style else 0
        value = None
        if len(element):
            child = element[0]
            if kind == "n" and child.tag == VALUE_TAG and style not in dates:
                value = _cast_number(child.text) if child.text else None
            elif kind == "s" and child.tag == VALUE_TAG:  # a shared text, as Excel saves them
                value = self.shared_strings[int(child.text)] if child.text else None
            elif kind == "str" and child.tag == VALUE_TAG:  # a text as LibreOffice saves some
                if child.text:
                    kind, value = "s", child.text
            elif kind == "inlineStr" and child.tag == INLINE_STRING and len(child) == 1 \
                    and child[0].tag == TEXT_TAG:
                kind, value = "s", child[0].text or ""
            else:
                return None
        elif kind not in ("n", "s", "inlineStr"):
            return None
        split = 0
        while not coordinate[split].isdigit():
            split += 1
        column = self.col_counter = column_index_from_string(coordinate[:split])  # lru_cache'd
        cell = Cell(ws, int(coordinate[split:]), column, None, styles[style])
        cell._value = value
        cell.data_type = kind
        return cell


class _Reader(WorksheetReader):
    # set for each load (_fast_cells): the titles of the sheets whose XML is not parsed, and
    # what receives each sheet's part in the file, by title
    unread: frozenset[str]
    parts: dict[str, str]

    def __init__(self, ws, xml_source, shared_strings, data_only, rich_text):
        super().__init__(ws, xml_source, shared_strings, data_only, rich_text)
        self.parts[ws.title] = xml_source.name
        self.parser.__class__ = _Parser
        self.parser.ws = ws

    def bind_cells(self):
        if self.ws.title in self.unread:
            return
        cells = self.ws._cells
        for _, row in self.parser.parse():
            for cell in row:
                cells[(cell.row, cell.column)] = cell
        if cells:
            self.ws._current_row = self.ws.max_row


@contextmanager
def _fast_cells(unread: frozenset[str], parts: dict[str, str]):
    excel.WorksheetReader = type("_Reader", (_Reader,), {"unread": unread, "parts": parts})
    try:
        yield
    finally:
        excel.WorksheetReader = WorksheetReader


def load_workbook(path, unread=frozenset(), parts: dict[str, str] | None = None,
                  **options) -> openpyxl.Workbook:
    """`openpyxl.load_workbook(path, **options)`, the same workbook, faster. The sheets named
    in `unread` come without their content (cells, formats, validations: their XML is not
    parsed): for a workbook that is read, never saved. `parts`, when given, receives the
    name of each worksheet's part in the file, by title."""
    if options.get("read_only") or options.get("rich_text"):
        return openpyxl.load_workbook(path, **options)
    with _fast_cells(frozenset(unread), {} if parts is None else parts):
        return openpyxl.load_workbook(path, **options)
