"""The Book protocol (workbook/book.py) over a live Excel workbook, through xlwings.

Each read, write or clear is one xlwings range call, whatever the size of the block: Excel's
COM / AppleScript bridge costs about a millisecond a call, so a cell-by-cell loop on a
36-month cash plan would take seconds. Values travel as Excel hands them to xlwings: floats
for every number, datetimes for dates, None for empty cells.

Two things xlwings does not cover go through each sheet's native object (`sheet.api`: the
pywin32 Worksheet on Windows, the appscript worksheet reference on macOS), in the few small
functions below: sheet protection — the output sheets, the dashboard and `Contrôles` are
protected by the template (no password), so each is unprotected once before its first write
and protected again by `protect_again()` (the ribbon calls it after every job) — and the
printed page header.
"""
from __future__ import annotations

import re
import sys
from typing import Any

MAC = sys.platform == "darwin"  # xlwings drives Excel through appscript there, COM elsewhere

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


# -- through the native object (pywin32 on Windows, appscript on macOS) ---------------------------

def is_protected(sheet) -> bool:
    """Whether the sheet's cells are protected (Worksheet.ProtectContents)."""
    api = sheet.api
    return bool(api.protect_contents.get() if MAC else api.ProtectContents)


def set_protection(sheet, on: bool) -> None:
    """Protect as the template does (no password, cells locked, charts and scenarios free), or
    unprotect."""
    api = sheet.api
    if MAC:
        if on:
            api.protect_worksheet(drawing_objects=False, worksheet_contents=True,
                                  scenarios=False)
        else:
            api.unprotect()
    elif on:
        api.Protect(DrawingObjects=False, Contents=True, Scenarios=False)
    else:
        api.Unprotect()


def left_header(sheet) -> str:
    api = sheet.api
    return (api.page_setup_object.left_header.get() if MAC else api.PageSetup.LeftHeader) or ""


def set_left_header(sheet, text: str) -> None:
    api = sheet.api
    if MAC:
        api.page_setup_object.left_header.set(text)
    else:
        api.PageSetup.LeftHeader = text


def header_text(left: str) -> str:
    """The left part of the page header as the template writes it (openpyxl: size 9, then the
    text, `&` doubled since it starts a code)."""
    return "&9 " + left.replace("&", "&&")


def as_text(value):
    """A string is written with a leading apostrophe, so Excel keeps it as text: assigned
    through Range.value, a string is parsed as if typed (« 03/26 », « mars 2026 », « 1/2 »,
    « 1,5 », « 50 % », « VRAI » become dates, numbers or booleans; « =… » or « -… » a
    formula; a leading apostrophe of the text itself would vanish). Guessing what Excel's
    locale would parse is a losing game, and the apostrophe costs nothing: it is not part of
    the value (read back, the cell is the string itself). An empty string stays empty."""
    return "'" + value if isinstance(value, str) and value else value


class XlBook:
    """A `workbook.book.Book` over an `xlwings.Book` (the caller of a ribbon button)."""

    def __init__(self, book: Any):
        self.book = book
        self._sheets: dict[str, Any] = {}
        self._writable: set[str] = set()  # sheets checked (and unprotected if need be)
        self.unprotected: list[str] = []  # sheets to protect again, in order
        self.headers_missed: list[str] = []  # sheets whose page header Excel refused

    def _for_writing(self, name: str):
        """The sheet, unprotected first if it was protected (once per sheet and job)."""
        sheet = self._sheet(name)
        if name not in self._writable:
            if is_protected(sheet):
                set_protection(sheet, False)
                self.unprotected.append(name)
            self._writable.add(name)
        return sheet

    def protect_again(self) -> None:
        """Protect again every sheet this adapter unprotected (all tried, the first failure
        raised after)."""
        failed = None
        while self.unprotected:
            name = self.unprotected.pop(0)
            self._writable.discard(name)
            try:
                set_protection(self._sheet(name), True)
            except Exception as e:  # noqa: BLE001 - protect the others, then report
                failed = failed or e
        if failed is not None:
            raise failed

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
        written as a few rectangular blocks, so no cell beyond a row's end is overwritten.
        Strings go in as text (`as_text`); a protected sheet is unprotected first."""
        rows = [[as_text(v) for v in r] for r in rows]
        if not rows:
            return
        target = self._for_writing(sheet).range(top_left)
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
        self._for_writing(sheet).range(ref).clear_contents()

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        """Rows as tall as their wrapped texts: one call per run of rows of the same height."""
        target = self._for_writing(sheet)
        rows = sorted(heights)
        start = 0
        while start < len(rows):
            end = start
            while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1 and \
                    heights[rows[end + 1]] == heights[rows[start]]:
                end += 1
            target.range(f"A{rows[start]}:A{rows[end]}").row_height = heights[rows[start]]
            start = end + 1

    def set_header(self, sheet: str, left: str) -> None:
        """The printed page header's left part (the project's name), as the openpyxl adapter
        writes it; left alone when already right (each PageSetup call talks to the printer
        driver, slow on Windows). Without a printer Excel refuses PageSetup: the sheet is noted
        in `headers_missed` and the job goes on — the figures matter, the header does not."""
        text = header_text(left)
        try:
            if left_header(self._sheet(sheet)) != text:
                set_left_header(self._for_writing(sheet), text)
        except Exception:  # noqa: BLE001 - pywin32's or appscript's error: no printer
            self.headers_missed.append(sheet)

    # -- what the ribbon needs besides the protocol --------------------------------------------
    @property
    def app(self):
        return self.book.app

    def activate(self, sheet: str) -> None:
        self._sheet(sheet).activate()

    def close(self) -> None:
        """Close the workbook without saving it (xlwings's Book.close)."""
        self.book.close()
