"""A worksheet's XML changed in place: the values of some cells, rows' heights, the printed
header's left part — every other element and attribute of the part kept as the file holds it.

What `planae compute` changes in an output sheet, without openpyxl reading and writing the
whole workbook again. Values are written as openpyxl writes them (numbers as `%.16g`, texts
inline, never a formula); a cell keeps its style. A change this module does not make safely
raises NotPatchable, and the workbook then goes through openpyxl: a part that is not a
worksheet's XML or declares a document type, rows or cells without their reference or out of
order, a cell holding a shared, array or data-table formula (other cells depend on it), a
value of another kind.
"""
from __future__ import annotations

from bisect import bisect_left
from numbers import Number

from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW, _CELL, _VALUE, _FORMULA = _NS + "row", _NS + "c", _NS + "v", _NS + "f"
_INLINE, _TEXT = _NS + "is", _NS + "t"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MAX_TEXT = 32767  # openpyxl cuts a longer text there, as Excel would refuse it
_HEADERS = ("oddHeader", "evenHeader")  # the ones openpyxl sets (and writes)
_HEADER_ORDER = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                 "firstFooter")
# The children of a <worksheet> in the order the schema (ECMA-376, CT_Worksheet) sets.
_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
          "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter",
          "sortState", "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr",
          "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions",
          "pageMargins", "pageSetup", "headerFooter")
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
# Entities are never expanded: a part is data, not a document to resolve.
_PARSER = etree.XMLParser(resolve_entities=False, remove_blank_text=False)


class NotPatchable(Exception):
    """A change this module does not make: the workbook goes through openpyxl."""


class SheetPatch:
    def __init__(self, xml: bytes):
        self.root = parse_part(xml)
        self.data = self.root.find(_NS + "sheetData")
        if self.root.tag != _NS + "worksheet" or self.data is None:
            raise NotPatchable("not a worksheet")
        self.rows: dict[int, etree._Element] = {}
        for row in self.data:
            number = row.get("r")
            if row.tag != _ROW or number is None or not number.isdigit():
                raise NotPatchable("a row without its number")
            self.rows[int(number)] = row
        self.numbers = list(self.rows)
        if self.numbers != sorted(set(self.numbers)) or len(self.numbers) != len(self.data):
            raise NotPatchable("rows out of order")  # Excel would repair the sheet
        self.cells: dict[int, tuple[dict[int, etree._Element], list[int]]] = {}
        self.written: list[tuple[int, int, int, int]] = []  # (min col, min row, max col, max row)

    # -- finding and making rows and cells ------------------------------------------------------
    def _row(self, number: int) -> etree._Element:
        row = self.rows.get(number)
        if row is None:
            at = bisect_left(self.numbers, number)
            row = self.data.makeelement(_ROW, {"r": str(number)})
            self.data.insert(at, row)
            self.numbers.insert(at, number)
            self.rows[number] = row
        return row

    def _row_cells(self, number: int) -> tuple[dict[int, etree._Element], list[int]]:
        """The cells of a row by column, and their columns in order."""
        found = self.cells.get(number)
        if found is None:
            by_column = {}
            row = self.rows.get(number)
            columns, digits = [], str(number)
            for cell in () if row is None else row.iterfind(_CELL):
                ref = cell.get("r", "")
                letters = ref.rstrip("0123456789")
                try:
                    column = column_index_from_string(letters)
                except ValueError:
                    raise NotPatchable("a cell without its reference") from None
                if ref[len(letters):] != digits or (columns and column <= columns[-1]):
                    raise NotPatchable("a cell out of its row or out of order")
                by_column[column] = cell
                columns.append(column)
            found = self.cells[number] = (by_column, columns)
        return found

    def _cell(self, number: int, column: int) -> etree._Element:
        by_column, columns = self._row_cells(number)
        cell = by_column.get(column)
        if cell is None:
            row = self._row(number)
            row.attrib.pop("spans", None)  # a hint of the row's extent, optional
            at = bisect_left(columns, column)
            cell = row.makeelement(_CELL, {"r": f"{get_column_letter(column)}{number}"})
            row.insert(at, cell)  # a row holds its cells first (an extension list last)
            columns.insert(at, column)
            by_column[column] = cell
        return cell

    # -- the Book protocol's writes -------------------------------------------------------------
    def write_range(self, top_left: str, rows: list[list]) -> None:
        min_col, min_row, _, _ = range_boundaries(top_left)
        values = [[_checked(value) for value in row] for row in rows]
        for r, row in enumerate(values, start=min_row):
            for c, value in enumerate(row, start=min_col):
                if value is not None:
                    _set(self._cell(r, c), value)
                elif (cell := self._row_cells(r)[0].get(c)) is not None and len(cell):
                    _set(cell, None)  # no empty cell made where there is none
        width = max((len(row) for row in rows), default=0)
        if width:
            self.written.append((min_col, min_row, min_col + width - 1, min_row + len(rows) - 1))

    def clear_range(self, ref: str) -> None:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        for number in self.numbers[bisect_left(self.numbers, min_row):
                                   bisect_left(self.numbers, max_row + 1)]:
            by_column, columns = self._row_cells(number)
            for column in columns[bisect_left(columns, min_col):
                                  bisect_left(columns, max_col + 1)]:
                cell = by_column[column]
                if len(cell):
                    _set(cell, None)

    def set_row_heights(self, heights: dict[int, float]) -> None:
        for number, height in heights.items():
            row = self._row(number)
            row.set("ht", safe_string(height))
            row.set("customHeight", "1")

    def set_header(self, left: str) -> None:
        """The left part of the odd and even pages' printed header, its other parts and its
        font kept."""
        frame = self.root.find(_NS + "headerFooter")
        if frame is None:
            frame = self.root.makeelement(_NS + "headerFooter", {})
            _insert(self.root, frame, _ORDER)
        for tag in _HEADERS:
            header = frame.find(_NS + tag)
            if header is None:
                header = frame.makeelement(_NS + tag, {})
                _insert(frame, header, _HEADER_ORDER)
            item = HeaderFooterItem.from_tree(header) or HeaderFooterItem()
            item.left.text = left
            header.text = item.to_tree(tag).text

    # -- the part -------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        self._dimension()
        return xml_bytes(self.root)

    def _dimension(self) -> None:
        """The sheet's used range, when it states one, widened to the cells written."""
        dimension = self.root.find(_NS + "dimension")
        if dimension is None or not self.written:
            return
        try:
            boxes = [range_boundaries(dimension.get("ref", "")), *self.written]
        except (TypeError, ValueError):
            boxes = self.written
        boxes = [b for b in boxes if None not in b]
        min_col, min_row = min(b[0] for b in boxes), min(b[1] for b in boxes)
        max_col, max_row = max(b[2] for b in boxes), max(b[3] for b in boxes)
        dimension.set("ref", f"{get_column_letter(min_col)}{min_row}:"
                             f"{get_column_letter(max_col)}{max_row}")


def parse_part(xml: bytes) -> etree._Element:
    """A part's XML, or NotPatchable: not XML, or with a document type declaration (which
    Office never writes: its entities would be lost when the part is written back)."""
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        raise NotPatchable("not XML") from None
    if root.getroottree().docinfo.doctype:
        raise NotPatchable("a document type declaration")
    return root


def xml_bytes(root: etree._Element) -> bytes:
    """A part's XML in UTF-8 after the declaration Excel writes."""
    return _DECLARATION + etree.tostring(root, encoding="UTF-8")


def _insert(parent: etree._Element, element: etree._Element, order: tuple[str, ...]) -> None:
    """`element` among `parent`'s children at its place in the schema's `order`: before the
    first child that comes later (or that `order` does not name)."""
    earlier = order[:order.index(etree.QName(element).localname)]
    for at, child in enumerate(parent):
        name = etree.QName(child)
        if name.namespace != SHEET_MAIN_NS or name.localname not in earlier:
            parent.insert(at, element)
            return
    parent.append(element)


def _checked(value):
    """`value` as a cell receives it (a text cut and checked as openpyxl does; an empty one
    is no value, as openpyxl writes it), or NotPatchable for a kind of value this module does
    not write."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = value[:_MAX_TEXT]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        return value or None
    if isinstance(value, Number) and not isinstance(value, complex):
        return value
    raise NotPatchable(f"a value of type {type(value).__name__}")


def _set(cell: etree._Element, value) -> None:
    """A cell's value replaced by `value` (None: emptied), its style kept."""
    if len(cell):
        formula = cell.find(_FORMULA)
        if formula is not None and formula.get("t"):
            raise NotPatchable("a shared, array or data-table formula")
        del cell[:]
    attributes = cell.attrib
    for name in ("t", "cm", "vm"):  # the type; the metadata of a formula or value
        if name in attributes:
            del attributes[name]
    if value is None:
        return
    if isinstance(value, str):
        cell.set("t", "inlineStr")
        text = etree.SubElement(etree.SubElement(cell, _INLINE), _TEXT)
        try:
            text.text = value
        except ValueError:  # a character XML cannot hold: openpyxl decides
            raise NotPatchable("a text XML cannot hold") from None
        if value != value.strip():
            text.set(_SPACE, "preserve")
        return
    if isinstance(value, bool):
        cell.set("t", "b")
        value = int(value)
    etree.SubElement(cell, _VALUE).text = safe_string(value)
