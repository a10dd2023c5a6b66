"""What planae needs from a workbook, whatever opens it: openpyxl (or, for `planae compute`, its
output sheets' own XML: workbook/patched_book.py) here, xlwings in Excel.

The reader and the writer speak only to this protocol, so `planae compute` and the ribbon's
"Calculer" run the exact same code. Addresses are A1 references without sheet ("B3:F20");
a read returns rows of cell values (None for an empty cell), a write takes rows of values.
A string is always written as text, whatever it starts with (« = », « + », « - », « @ », a
tab…): the protocol never writes a formula, so a name a person typed never becomes one.

Notes for implementers (workbook/openpyxl_book.py is the reference):
- `defined_names` maps a name whose reference is broken (#REF!) to ("", its text); the reader
  then reports it in French. Table refs include the header row.
- The reader reads each input block in one call (the scalars of a sheet in one rectangle, each
  table whole); the writer writes each output block in one call, and clears with
  `clear_range` what it leaves of the block's area (rows below, columns right), never a cell it
  writes.
- Output sheets and the dashboard are protected without a password: an adapter over Excel must
  unprotect them around writes (and protect them again).
- Optional: `set_header(sheet, text)` sets the left part of the printed page header (the
  project's name); the writer calls it when the adapter has it.
- Optional: `set_row_heights(sheet, {row: points})` sets rows' heights; the writer calls it
  for the sheets of wrapped texts (alerts, rules), whose rows must be as tall as their text.
- A cell holding a formula reads as its value (what Excel shows, or what the file cached); a
  formula the file holds no value for (a file never calculated) reads as a `Formula`.
"""
from __future__ import annotations

from typing import Protocol


class Formula(str):
    """A formula whose value is unknown: the file was written without calculating it."""


class Book(Protocol):
    def sheet_names(self) -> list[str]: ...

    def defined_names(self) -> dict[str, tuple[str, str]]:
        """Workbook-level defined names -> (sheet, A1 reference)."""

    def tables(self) -> dict[str, tuple[str, str]]:
        """Excel tables (ListObjects) -> (sheet, A1 reference including the header row)."""

    def read_range(self, sheet: str, ref: str) -> list[list]: ...

    def write_range(self, sheet: str, top_left: str, rows: list[list]) -> None: ...

    def clear_range(self, sheet: str, ref: str) -> None: ...
