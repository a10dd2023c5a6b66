"""The person's workbook as `planae compute` changes it: the output sheets patched, every other
part of the file kept byte for byte.

openpyxl reads the inputs (the sheets computing fills are not even parsed: schema's
WRITTEN_SHEETS); those sheets' cells are written into their own XML (workbook.sheet_patch);
the file written back is the file read, part for part, but for those sheets and Excel's
calculation chain, which lists the cells holding a formula and is rebuilt by Excel when
missing (openpyxl never writes it either). What openpyxl would not have kept (a shape, a
sparkline, an extension it does not know) stays, and the input sheets are the very bytes
the person saved.
"""
from __future__ import annotations

import io
import zipfile

from openpyxl.xml.constants import REL_NS

from .openpyxl_book import OpenpyxlBook, escape_header, write_reproducible_parts
from .sheet_patch import NotPatchable, SheetPatch, parse_part, xml_bytes

CALC_CHAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
CALC_CHAIN_RELATION = f"{REL_NS}/calcChain"
CONTENT_TYPES = "[Content_Types].xml"
# Every part is held in memory, uncompressed: beyond this (a workbook is a few hundred KB;
# more is a zip whose parts swell), openpyxl, which reads only what it knows, writes it.
MAX_PARTS = 256 * 2**20


class PatchedBook:
    """A Book whose reads go to `inputs` (loaded without the sheets of `written`) and whose
    writes go to those sheets' XML, found in the file's `data` at their `parts`."""

    def __init__(self, inputs: OpenpyxlBook, data: bytes, parts: dict[str, str],
                 written: frozenset[str]):
        self.inputs = inputs
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_PARTS:
                raise NotPatchable("parts too large to hold in memory")
            self.parts = {info.filename: archive.read(info) for info in infos}
        self.sheets = {title: SheetPatch(self.parts[parts[title]])
                       for title in written if title in parts}
        self.paths = {parts[title]: patch for title, patch in self.sheets.items()}
        _drop_calc_chain(self.parts)

    # -- reads: the inputs ----------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return self.inputs.sheet_names()

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return self.inputs.defined_names()

    def tables(self) -> dict[str, tuple[str, str]]:
        return self.inputs.tables()

    def read_range(self, sheet: str, ref: str) -> list[list]:
        if sheet in self.sheets:  # not loaded: openpyxl loads the whole workbook
            raise NotPatchable(f"{sheet} is written, not read")
        return self.inputs.read_range(sheet, ref)

    # -- writes: the output sheets' XML ---------------------------------------------------------
    def write_range(self, sheet: str, top_left: str, rows: list[list]) -> None:
        self._patch(sheet).write_range(top_left, rows)

    def clear_range(self, sheet: str, ref: str) -> None:
        self._patch(sheet).clear_range(ref)

    def set_header(self, sheet: str, left: str) -> None:
        self._patch(sheet).set_header(escape_header(left))

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        self._patch(sheet).set_row_heights(heights)

    def _patch(self, sheet: str) -> SheetPatch:
        """The XML of an output sheet; for another sheet (a chart sheet in its place, say),
        openpyxl writes the workbook as it did before the patch."""
        patch = self.sheets.get(sheet)
        if patch is None:
            raise NotPatchable(f"{sheet} is not an output worksheet")
        return patch

    # -- the file -------------------------------------------------------------------------------
    def write(self, file) -> None:
        """The file read, its output sheets patched, into a binary file, reproducibly."""
        write_reproducible_parts(
            file, ((name, self.paths[name].to_bytes() if name in self.paths else data)
                   for name, data in self.parts.items()))


def _drop_calc_chain(parts: dict[str, bytes]) -> None:
    """Excel's calculation chain out of `parts`, with its content type and relationship:
    it names formula cells the patch may have emptied, and Excel rebuilds it."""
    types = parse_part(parts[CONTENT_TYPES])
    chains = [o for o in types if o.get("ContentType") == CALC_CHAIN]
    if not chains:
        return
    for override in chains:
        types.remove(override)
        parts.pop(override.get("PartName", "").lstrip("/"), None)
    parts[CONTENT_TYPES] = xml_bytes(types)
    for name in [n for n in parts if n.endswith(".rels")
                 and CALC_CHAIN_RELATION.encode() in parts[n]]:
        rels = parse_part(parts[name])
        for link in [r for r in rels if r.get("Type") == CALC_CHAIN_RELATION]:
            rels.remove(link)
        parts[name] = xml_bytes(rels)
