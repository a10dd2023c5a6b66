"""Call a custom formula as xlwings calls it from Excel: each argument goes through xlwings's own
conversion (`xlwings.conversion.read`, the call `xlwings.udfs.call_udf` makes) with the options
the formula declares (`@xw.arg`, read through xlwings's real decorators: addin.build).

An argument is either a literal typed in the formula (a number, a text, VRAI/FAUX: passed as a
value) or a range (`Cells`): Windows Excel hands a range over as its Value — a scalar for one
cell, a tuple of row tuples otherwise (one row, one column or a block alike), None for an empty
cell — and xlwings reads it through its Range path. On Linux xlwings has no Excel engine: its
one engine-specific step (`clean_value_data`) is the Windows engine's for values that are
already Python (empty cells and "" become None; pywin32's own date type does not occur here).
"""
from __future__ import annotations

import functools
import types
from unittest import mock

import xlwings
import xlwings as xw
from xlwings import conversion

import udfs


class Cells:
    """A range of the sheet: its cells, row by row (None for an empty cell)."""

    def __init__(self, rows):
        self.rows = [list(r) for r in rows]

    @property
    def com_value(self):
        """Range.Value as pywin32 returns it."""
        if len(self.rows) == 1 and len(self.rows[0]) == 1:
            return self.rows[0][0]
        return tuple(tuple(r) for r in self.rows)

    def column(self, c: int) -> "Cells":
        return Cells([[r[c]] for r in self.rows])

    def row(self, r: int) -> "Cells":
        return Cells([self.rows[r]])


class _WindowsEngine:
    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        return [[empty_as if value in ("", None) else value for value in row] for row in data]


_ENGINES = xlwings.main.Engines()
_ENGINE = xlwings.main.Engine(impl=_WindowsEngine())
_ENGINES.add(_ENGINE)


@functools.cache
def _arguments(name: str) -> list[dict]:
    from addin.build import udf_functions
    return udf_functions()[name]["args"]


@functools.cache
def _autospec_range():
    rng = mock.create_autospec(xw.Range, instance=True)
    rng.impl = types.SimpleNamespace(max_cells_per_read=None)
    rng.sheet.book.app.engine = _ENGINE
    return rng


def _range(cells: Cells):
    """An xlwings Range (autospec'd, made once: it costs 20 ms) whose cells are `cells`."""
    rng = _autospec_range()
    type(rng).raw_value = mock.PropertyMock(return_value=cells.com_value)
    return rng


def converted(name: str, *args) -> list:
    """The arguments `name` receives in Python, as xlwings would convert them."""
    infos = _arguments(name)
    saved, xlwings.engines = xlwings.engines, _ENGINES
    try:
        out = []
        for i, arg in enumerate(args):
            options = infos[min(i, len(infos) - 1)]["options"]
            if isinstance(arg, Cells):
                out.append(conversion.read(_range(arg), None, options))
            else:
                out.append(conversion.read(None, arg, options))
        return out
    finally:
        xlwings.engines = saved


def call(name: str, *args, caller=None):
    """=NAME(args…) in a cell (or a block: `caller`, the range the formula is entered in)."""
    function = getattr(udfs, name)
    extra = {"caller": caller} if caller is not None else {}
    return function(*converted(name, *args), **extra)
