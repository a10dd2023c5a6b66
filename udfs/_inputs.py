"""The arguments of the table formulas -> the assumptions dict, through the workbook reader.

The formulas receive the input blocks as Excel hands them to xlwings (lists of rows, None for an
empty cell, floats, datetimes). Rather than parse those rows a second time, they are laid out in
a small in-memory Book (the protocol of workbook/book.py) with the defined names and tables of
the schema, and `workbook.reader.read_inputs` reads it exactly as it reads a real workbook.
"""
from __future__ import annotations

from itertools import repeat

from forecast.errors import PlanaeError
from workbook import schema


class FormulaInputError(PlanaeError, ValueError):
    """An argument of a formula that cannot be read (French message for the cell)."""


def hashable(value):
    """A range value (a scalar, a row, rows of cells) -> tuples, so the inputs can key a cache.
    Each formula call hashes its arguments: rows are turned into tuples at C speed, with no
    Python call per cell or per row."""
    if not isinstance(value, (list, tuple)):
        return value
    if all(map(isinstance, value, repeat((list, tuple)))):  # rows (what a range gives)
        return tuple(map(tuple, value))
    return tuple(tuple(v) if isinstance(v, (list, tuple)) else v for v in value)


def arguments_key(args: tuple) -> tuple:
    """The cache key of a formula's arguments."""
    return tuple(hashable(a) for a in args)


def _rows(value) -> list[list]:
    """An input block (rows, as xlwings hands a block declared `ndim=2`), or None when the
    argument is left out -> rows."""
    return [] if value is None else [list(r) for r in value]


def _text(value) -> str:
    return str(value).strip().casefold() if isinstance(value, str) else ""


def field_values(sheet: schema.InputSheet, value, argument: str) -> list:
    """The values of a sheet's named cells, from a range of label + value columns (each value is
    the cell right of its label, so rows may be in any order), or from a single column of values
    in the order of the template."""
    rows = _rows(value)
    by_label = _LABELS[sheet.name]
    values: list = [None] * len(sheet.fields)
    matched = False
    for row in rows:
        for c, cell in enumerate(row[:-1]):
            i = by_label.get(_text(cell))
            if i is not None:
                values[i] = row[c + 1]
                matched = True
                break
    if matched or all(v is None for row in rows for v in row):  # an empty block: left out
        return values
    if all(len(r) == 1 for r in rows) and len(rows) == len(sheet.fields):
        return [r[0] for r in rows]
    labels = ", ".join(f"« {f.label} »" for f in sheet.fields[:3])
    raise FormulaInputError(
        f"Argument « {argument} » : passez la plage des libellés et des valeurs de la feuille "
        f"{sheet.name} (libellés {labels}…), ou la seule colonne des {len(sheet.fields)} "
        f"valeurs.")


def table_rows(table: schema.InputTable, value) -> list[list]:
    """A table's rows with its header row: `tblOffres[#Tout]` already has it; `tblOffres`
    (data only) gets the template's headers, in the template's column order."""
    rows = [r for r in _rows(value) if r.count(None) != len(r)]  # the reader skips empty rows
    headers, known = _HEADERS[table.name]
    if rows and sum(_text(v) in known for v in rows[0]) >= max(1, len(headers) // 2):
        return rows
    return [headers, *rows]


_HEADERS = {t.name: ([c.header for c in t.columns], frozenset(c.header.casefold()
                                                              for c in t.columns))
            for t in schema.TABLES}
_LABELS = {s.name: {f.label.casefold(): i for i, f in enumerate(s.fields)}
           for s in schema.INPUT_SHEETS}


class ArgsBook:
    """A Book over the formulas' arguments: one virtual sheet per input sheet of the schema,
    its named cells down column A, then each of its tables in a sheet of its own."""

    def __init__(self, fields: dict[str, list], tables: dict[str, list[list]]):
        # openpyxl only once a table formula runs: `import udfs` (every formula session) and
        # the scalar formulas do without it
        from openpyxl.utils.cell import get_column_letter
        self._grids: dict[str, list[list]] = {}
        self._names: dict[str, tuple[str, str]] = {}
        self._tables: dict[str, tuple[str, str]] = {}
        for sheet in schema.INPUT_SHEETS:
            values = fields.get(sheet.name) or [None] * len(sheet.fields)
            self._grids[sheet.name] = [[v] for v in values]
            for i, f in enumerate(sheet.fields):
                self._names[f.name] = (sheet.name, f"A{i + 1}")
        for t in schema.TABLES:
            rows = tables.get(t.name) or [[c.header for c in t.columns]]
            width = max(len(r) for r in rows)
            grid = [list(r) + [None] * (width - len(r)) for r in rows]
            self._grids[f"~{t.name}"] = grid
            self._tables[t.name] = (f"~{t.name}", f"A1:{get_column_letter(width)}{len(grid)}")

    def sheet_names(self) -> list[str]:
        return list(self._grids)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return dict(self._names)

    def tables(self) -> dict[str, tuple[str, str]]:
        return dict(self._tables)

    def read_range(self, sheet: str, ref: str) -> list[list]:
        from openpyxl.utils.cell import range_boundaries
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        width = max_col - min_col + 1
        rows = self._grids.get(sheet, [])[min_row - 1:max_row]
        out = [row[min_col - 1:max_col] for row in rows]
        out += [[] for _ in range(max_row - min_row + 1 - len(out))]
        return [row if len(row) == width else row + [None] * (width - len(row)) for row in out]

    def write_range(self, sheet, top_left, rows) -> None:  # pragma: no cover - read only
        raise NotImplementedError

    def clear_range(self, sheet, ref) -> None:  # pragma: no cover - read only
        raise NotImplementedError


def inputs_dict(projet, offres, charges, exploitation, investissements, financement, emprunts,
                subventions, reperes=None, porteur=None) -> dict:
    """The assumptions dict (parse_assumptions's format) from the formulas' arguments; the
    person's benchmarks (`reperes`, tblReperes) under "benchmarks" as rows of key, low, high…,
    none without it (the engine then uses its defaults); the « Porteur de projet » sheet's
    label + value block (`porteur`)."""
    from workbook.reader import read_inputs
    fields = {
        schema.PROJECT.name: field_values(schema.PROJECT, projet, "projet"),
        schema.CHARGES_SHEET.name: field_values(schema.CHARGES_SHEET, exploitation,
                                                "exploitation"),
        schema.FINANCING_SHEET.name: field_values(schema.FINANCING_SHEET, financement,
                                                  "financement"),
        schema.FOUNDER_SHEET.name: field_values(schema.FOUNDER_SHEET, porteur, "porteur"),
    }
    tables = {}
    for table, value in ((schema.OFFERS, offres), (schema.CHARGES, charges),
                         (schema.INVESTMENTS, investissements), (schema.LOANS, emprunts),
                         (schema.GRANTS, subventions), (schema.BENCHMARKS, reperes)):
        tables[table.name] = table_rows(table, value)
    data, _ = read_inputs(ArgsBook(fields, tables))
    data.pop("narrative", None)
    return data
