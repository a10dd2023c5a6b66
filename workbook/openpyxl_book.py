"""The Book protocol over an openpyxl Workbook: raw reads and writes, no planae logic."""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook


class OpenpyxlBook:
    def __init__(self, wb: Workbook):
        self.wb = wb

    @classmethod
    def load(cls, path: Path | str) -> "OpenpyxlBook":
        return cls(openpyxl.load_workbook(path, rich_text=False))

    # -- the Book protocol ---------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        out = {}
        for name, dn in self.wb.defined_names.items():
            try:
                dests = list(dn.destinations)
            except Exception:  # noqa: BLE001 - a broken name (#REF!) resolves to nothing
                dests = []
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
        return [list(row) for row in ws.iter_rows(min_row=min_row, max_row=max_row,
                                                  min_col=min_col, max_col=max_col,
                                                  values_only=True)]

    def write_range(self, sheet: str, top_left: str, rows: list[list]) -> None:
        min_col, min_row, _, _ = range_boundaries(top_left)
        ws = self.wb[sheet]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.cell(min_row + r, min_col + c).value = value

    def clear_range(self, sheet: str, ref: str) -> None:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        ws = self.wb[sheet]
        for (row, col), cell in list(ws._cells.items()):  # only the cells that exist
            if min_row <= row <= max_row and min_col <= col <= max_col:
                cell.value = None

    # -- optional capabilities the writer uses when present ------------------------------------
    def set_header(self, sheet: str, left: str) -> None:
        """The printed page header's left part (the project's name)."""
        ws = self.wb[sheet]
        ws.oddHeader.left.text = _escape_header(left)
        ws.evenHeader.left.text = _escape_header(left)

    # -- files ---------------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        """Write atomically (a temporary file beside, then a rename) and reproducibly (fixed zip
        timestamps, modification date = creation date): the same content gives the same bytes."""
        path = Path(path)
        props = self.wb.properties
        buffer = io.BytesIO()
        self.wb.save(buffer)
        data = _reproducible(buffer.getvalue(), props.created)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, _mode(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path


def _mode(path: Path) -> int:
    """The existing file's permissions, else the usual ones under the current umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _escape_header(text: str) -> str:
    return text.replace("&", "&&")


def _reproducible(data: bytes, created) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml" and created is not None:
                content = _fix_modified(content, created)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, content)
    return out.getvalue()


def _fix_modified(content: bytes, created) -> bytes:
    import re
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                  rb"\g<1>" + stamp + rb"\g<2>", content)
