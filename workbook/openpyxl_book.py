"""The Book protocol over an openpyxl Workbook: raw reads and writes, no planae logic."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Iterable

from openpyxl import LXML
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from . import sheet_reader, sheet_xml
from .book import Formula
from .cells import put
from .files import write_files


class OpenpyxlBook:
    def __init__(self, wb: Workbook, source: Path | str | bytes | None = None,
                 unread: frozenset[str] = frozenset(), written: frozenset[str] = frozenset()):
        self.wb = wb
        self._source = source  # the file or its bytes, for the values cached of its formulas
        self._cached: Workbook | None = None
        self._unread = unread  # sheets loaded without their content: never to be saved
        # sheets whose formulas' cached values are never asked for (those computing writes):
        # not parsed when the values are loaded
        self._written = written | unread

    @classmethod
    def load(cls, path: Path | str) -> "OpenpyxlBook":
        return cls(sheet_reader.load_workbook(path, rich_text=False), path)

    # -- the Book protocol ---------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        out = {}
        for name, dn in self.wb.defined_names.items():
            dests = _destinations(dn)
            if len(dests) == 1:
                sheet, ref = dests[0]
                out[name] = (sheet, ref.replace("$", ""))
            else:
                out[name] = ("", dn.attr_text or "")
        return out

    def tables(self) -> dict[str, tuple[str, str]]:
        return {table.name: (ws.title, table.ref)
                for ws in self.wb.worksheets for table in ws.tables.values()}

    def read_range(self, sheet: str, ref: str) -> list[list]:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        ws = self.wb[sheet]
        rows = [list(row) for row in ws.iter_rows(min_row=min_row, max_row=max_row,
                                                  min_col=min_col, max_col=max_col,
                                                  values_only=True)]
        for r, row in enumerate(rows, start=min_row):
            for c, value in enumerate(row, start=min_col):
                if _formula_like(value) and ws.cell(r, c).data_type == "f":
                    row[c - min_col] = self._value(sheet, r, c, value)
        return rows

    def _value(self, sheet: str, row: int, col: int, formula) -> object:
        """The value the file cached for a formula (Excel and LibreOffice save it), else the
        formula as a `Formula` (always on a sheet of `written`)."""
        if self._source is not None and self._cached is None:
            source = self._source
            self._cached = sheet_reader.load_workbook(
                io.BytesIO(source) if isinstance(source, bytes) else source, self._written,
                data_only=True, rich_text=False)
        value = self._cached[sheet].cell(row, col).value if self._cached else None
        return Formula(getattr(formula, "text", formula)) if value is None else value

    def write_range(self, sheet: str, top_left: str, rows: list[list]) -> None:
        """Strings as text, whatever they start with (`workbook.cells.put`)."""
        min_col, min_row, _, _ = range_boundaries(top_left)
        ws = self.wb[sheet]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                put(ws.cell(min_row + r, min_col + c), value)

    def clear_range(self, sheet: str, ref: str) -> None:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        cells = self.wb[sheet]._cells  # only the cells that exist, styles kept
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                cell = cells.get((row, col))
                if cell is not None and cell._value is not None:
                    cell.value = None

    # -- optional capabilities the writer uses when present ------------------------------------
    def set_header(self, sheet: str, left: str) -> None:
        """The printed page header's left part (the project's name)."""
        ws = self.wb[sheet]
        ws.oddHeader.left.text = escape_header(left)
        ws.evenHeader.left.text = escape_header(left)

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        ws = self.wb[sheet]
        for row, height in heights.items():
            ws.row_dimensions[row].height = height

    # -- files ---------------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        """Write atomically (workbook.files: a temporary file beside, then a rename)."""
        write_files({Path(path): self.write})
        return Path(path)

    def write(self, file) -> None:
        """The workbook as an .xlsx (or, read from an .xlsm, a macro workbook) into a binary
        file, reproducibly (fixed zip timestamps, modification date = creation date): the
        same content gives the same bytes. One pass: each part goes from memory into the zip
        once (openpyxl's own save writes each sheet to a temporary file first)."""
        if self._unread:
            raise RuntimeError(f"loaded without the sheets {sorted(self._unread)}: not saved")
        write_reproducible(self.wb, file)


# A name on one cell or block of a sheet (`'Projet'!$C$5`, `Offre!$B$8:$E$20`), the usual
# case: read here, the same as openpyxl's formula tokenizer reads it (the rest goes to it).
_ONE_RANGE = re.compile(r"(?:'(?P<quoted>[^']+)'|(?P<bare>[^\W\d][\w.]*))!"
                        r"(?P<ref>\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)")


def _destinations(dn) -> list[tuple[str, str]]:
    """(sheet, reference) of each range a defined name points to."""
    m = _ONE_RANGE.fullmatch(dn.attr_text or "")
    if m:
        return [(m["quoted"] or m["bare"], m["ref"])]
    try:
        return list(dn.destinations)
    except Exception:  # noqa: BLE001 - a broken name (#REF!) resolves to nothing
        return []


def _formula_like(value) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or \
        isinstance(value, (ArrayFormula, DataTableFormula))


def escape_header(text: str) -> str:
    """A text as the printed header shows it (« & » starts a header's code)."""
    return text.replace("&", "&&")


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
PART_MODE = 0o600  # the attributes zipfile gives a part written from memory
SHEET_MODE = 0o100600  # those openpyxl's sheets get from its temporary files: kept as they were


class _ReproducibleZip(zipfile.ZipFile):
    """A zip whose parts all carry the same timestamp."""

    def writestr(self, name, data, compress_type=None, compresslevel=None, mode=PART_MODE):
        if not isinstance(name, zipfile.ZipInfo):
            name = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            name.compress_type = zipfile.ZIP_DEFLATED
            name.external_attr = mode << 16
        super().writestr(name, data, compress_type, compresslevel)


class _SheetWriter(WorksheetWriter):
    def write_rows(self):
        """The cells built as one string when they are all plain (workbook.sheet_xml)."""
        try:
            cells = sheet_xml.sheet_data(self.ws, self.rows()) if LXML else None
        except sheet_xml.NotPlain:
            cells = None
        if cells is None:
            return super().write_rows()
        xf = self.xf.send(True)
        xf.flush()  # what lxml wrote so far, then the cells, then lxml again
        self.out.write(cells)
        self.xf.send(None)


class _Writer(ExcelWriter):
    def write_worksheet(self, ws):
        """openpyxl's, with the sheet's XML kept in memory."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        out = io.BytesIO()
        writer = _SheetWriter(ws, out)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], out.getvalue(), mode=SHEET_MODE)
        self.manifest.append(ws)


def write_reproducible_parts(file, parts: Iterable[tuple[str, bytes]]) -> None:
    """(name, content) parts as a zip into `file`, in that order, all with the same
    timestamp."""
    with _ReproducibleZip(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, data in parts:
            archive.writestr(name, data)


def write_reproducible(wb: Workbook, file) -> None:
    """The workbook as an .xlsx into `file`, whose last modification is its creation (when it
    has one), so that saving the same content twice gives the same bytes."""
    props = wb.properties
    props.modified = props.created or datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None)
    with _ReproducibleZip(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _Writer(wb, archive).write_data()
