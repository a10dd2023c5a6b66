"""A worksheet's <sheetData> as openpyxl writes it, built as one string.

openpyxl writes each cell through lxml's incremental writer, a dozen calls per cell: most of
the time a workbook written whole spends saving (`planae build`, `planae balance`, a workbook
`planae compute` cannot patch: workbook/patched_book.py). For the cells planae's workbooks
hold (numbers, texts, dates, booleans, formulas, errors, styled or not) the same bytes are
built here directly: same attributes in the same order, same escaping (lxml writes ASCII, other
characters as decimal references). A sheet holding anything else (a comment, a hyperlink,
rich text, an array formula, text lxml would refuse) raises NotPlain: openpyxl writes it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.cell._writer import _set_attributes
from openpyxl.compat import safe_string
from openpyxl.utils.cell import get_column_letter

_NUMBERS = (int, float, bool, Decimal)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = re.compile(r"[A-Za-z0-9.:_-]*")  # numbers, references, types: nothing to escape


class NotPlain(Exception):
    """A cell this module does not write."""


def _ascii(text: str) -> str:
    return text if text.isascii() else \
        text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _text(value: str) -> str:
    if _NOT_XML.search(value):
        raise NotPlain
    return _ascii(value.translate(_TEXT))


def _attributes(attrs) -> str:
    if not all(_ATTRIBUTE.fullmatch(str(v)) for v in attrs.values()):
        raise NotPlain
    return "".join(f' {k}="{v}"' for k, v in attrs.items())


def _cell(cell, styled: bool, row: int, styles) -> str:
    value, kind = cell._value, cell.data_type
    if cell._comment is not None or cell._hyperlink is not None:
        raise NotPlain
    if kind == "d":  # openpyxl's conversion (serial number or ISO text)
        value, attrs = _set_attributes(cell, styled)
        head = f"<c{_attributes(attrs)}>"
    else:
        head = f'<c r="{get_column_letter(cell.column)}{row}"'
        if styled:
            head += f' s="{styles(cell._style)}"'
        head += '>' if kind == "f" else f' t="{"inlineStr" if kind == "s" else kind}">'
    if value is None or value == "":
        return head + "</c>"
    if kind == "f":
        if not isinstance(value, str):
            raise NotPlain
        return f"{head}<f>{_text(value[1:])}</f><v></v></c>"
    if kind == "s":
        if not isinstance(value, str):
            raise NotPlain
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f"{head}<is><t{space}>{_text(value)}</t></is></c>"
    if isinstance(value, str):
        return f"{head}<v>{_text(value)}</v></c>"
    if not isinstance(value, _NUMBERS):
        raise NotPlain
    return f"{head}<v>{safe_string(value)}</v></c>"  # digits, sign, point, exponent: plain


def _style_ids(styles):
    """`styles.add` (a cell's style array to its index in the workbook's list, added at its
    first use), remembered by value: cells share a few styles."""
    known: dict[tuple, int] = {}

    def style_id(style) -> int:
        key = tuple(style)
        found = known.get(key)
        if found is None:
            found = known[key] = styles.add(style)
        return found
    return style_id


def sheet_data(ws, rows) -> bytes:
    """<sheetData> of `rows` (WorksheetWriter.rows(): (row index, cells) in order), or
    NotPlain. Nothing is changed when it raises but the workbook's list of cell styles, which
    gets the styles openpyxl would add, in the same order."""
    out = ["<sheetData>"]
    dims = ws.row_dimensions
    styles = _style_ids(ws.parent._cell_styles)
    for row, cells in rows:
        dim = dims.get(row)
        if dim is None:
            out.append(f'<row r="{row}">')
        else:
            attrs = {"r": f"{row}"}
            attrs.update(dim)
            out.append(f"<row{_attributes(attrs)}>")
        for cell in cells:
            style = cell._style
            styled = style is not None and any(style)
            if cell._value is None and not styled and cell._comment is None:
                continue
            out.append(_cell(cell, styled, row, styles))
        out.append("</row>")
    out.append("</sheetData>")
    return "".join(out).encode("ascii")
