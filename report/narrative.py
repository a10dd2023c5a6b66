"""The written part of the business plan (stub: the export issue fills it in)."""
from __future__ import annotations


def write_sheets(wb, narrative: dict | None = None) -> None:
    """Add the written-part input sheets to an openpyxl workbook (stub)."""


def read(book) -> dict:
    """The written part read back from a Book (stub)."""
    return {}
