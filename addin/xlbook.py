"""The Book protocol (workbook/book.py) over a live Excel workbook, through xlwings.

Each read, write or clear is one xlwings range call, whatever the size of the block: Excel's
COM / AppleScript bridge costs about a millisecond a call, so a cell-by-cell loop on a
36-month cash plan would take seconds. Values travel as Excel hands them to xlwings: floats
for every number, datetimes for dates, None for empty cells.
"""
from __future__ import annotations

import re
from typing import Any

_CELL = r"\$?[A-Z]{1,3}\$?\d+"
_REF = re.compile(rf"^=?(?:'((?:[^']|'')+)'|([^'!]+))!({_CELL}(?::{_CELL})?)$")


def split_reference(refers_to: str) -> tuple[str, str]:
    """`=Projet!$C$4` or `='Plan de financement'!$B$4:$E$20` -> (sheet, `C4`); anything else
    (several areas, a constant, #REF!) -> ("", the text)."""
    m = _REF.match((refers_to or "").strip())
    if not m:
        return "", refers_to or ""
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    return sheet, m.group(3).replace("$", "")


class XlBook:
    """A `workbook.book.Book` over an `xlwings.Book` (the caller of a ribbon button)."""

    def __init__(self, book: Any):
        self.book = book
        self._sheets: dict[str, Any] = {}

    def _sheet(self, name: str):
        sheet = self._sheets.get(name)
        if sheet is None:
            sheet = self._sheets[name] = self.book.sheets[name]
        return sheet

    # -- the Book protocol ---------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def defined_names(self) -> dict[str, tuple[str, str]]:
        out = {}
        for name in self.book.names:
            key = name.name
            if "!" in key:  # scoped to a sheet: not a workbook-level name
                continue
            out[key] = split_reference(name.refers_to)
        return out

    def tables(self) -> dict[str, tuple[str, str]]:
        out = {}
        for sheet in self.book.sheets:
            sheet_name = sheet.name
            for table in sheet.tables:
                out[table.name] = (sheet_name, table.range.address.replace("$", ""))
        return out

    def read_range(self, sheet: str, ref: str) -> list[list]:
        """Rows of values, always two-dimensional (a single cell gives [[value]])."""
        value = self._sheet(sheet).range(ref).options(ndim=2).value
        return [list(row) for row in value or []]

    def write_range(self, sheet: str, top_left: str, rows: list[list]) -> None:
        """One call for a rectangular block; a ragged block (rows of different lengths) is
        written as a few rectangular blocks, so no cell beyond a row's end is overwritten."""
        rows = [list(r) for r in rows]
        if not rows:
            return
        target = self._sheet(sheet).range(top_left)
        start = 0
        while start < len(rows):
            end = start + 1
            while end < len(rows) and len(rows[end]) == len(rows[start]):
                end += 1
            if rows[start]:
                block = target if start == 0 else target.offset(start, 0)
                block.value = rows[start:end]
            start = end

    def clear_range(self, sheet: str, ref: str) -> None:
        self._sheet(sheet).range(ref).clear_contents()

    # -- what the ribbon needs besides the protocol --------------------------------------------
    @property
    def app(self):
        return self.book.app

    def activate(self, sheet: str) -> None:
        self._sheet(sheet).activate()
