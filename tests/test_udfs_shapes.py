"""The input blocks of the table formulas as the sheet holds them, built from an assumptions dict
the way the template lays it out (label + value ranges, tables with their header row): numbers
as floats, dates as datetimes, empty cells as None. Each block is a range (`Cells`) that reaches
the formula through xlwings's conversion (tests/xlwings_args.py)."""
from __future__ import annotations

import datetime as dt

from forecast.activity import ACTIVITY_LABELS, parse_activity
from workbook import schema
from xlwings_args import Cells, converted


def excel(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _get(data: dict, path: tuple):
    for step in path:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


def field_block(sheet: schema.InputSheet, data: dict) -> list[list]:
    rows = []
    for f in sheet.fields:
        value = _get(data, f.path)
        if f.kind == schema.FLAG and value is not None:
            value = "oui" if value else "non"
        if f.path == ("project", "activity"):
            value = ACTIVITY_LABELS[parse_activity(value)]
        if f.path == ("project", "start_date") and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        rows.append([f.label, excel(value)])
    return rows


def table_block(table: schema.InputTable, data: dict, blank_rows: int = 2) -> list[list]:
    header = [c.header for c in table.columns]
    rows = [header]
    for item in _get(data, table.path) or []:
        row = []
        months = None
        for c in table.columns:
            if table is schema.OFFERS and c.header[5:].isdigit():
                if months is None:
                    months = iter(item.get("quantities") or item.get("seasonality")
                                  or [None] * 12)
                row.append(excel(next(months, None)))
            elif c.key == "months_mode":
                row.append(schema.MONTHS_BY_QUANTITY if item.get("quantities")
                           else schema.MONTHS_BY_COEFFICIENT)
            else:
                row.append(excel(item.get(c.key)))
        rows.append(row)
    rows += [[None] * len(header) for _ in range(blank_rows)]
    return rows


def formula_cells(data: dict) -> tuple[Cells, ...]:
    """(projet, offres, charges, exploitation, investissements, financement, emprunts,
    subventions, reperes, porteur) as ranges of the sheet; the Repères table as the template
    fills it (the default benchmarks unless `data` has its own)."""
    if not data.get("benchmarks"):
        from forecast.alerts import default_benchmarks
        data = {**data, "benchmarks": [vars(b) for b in default_benchmarks()]}
    return tuple(Cells(rows) for rows in (
        field_block(schema.PROJECT, data), table_block(schema.OFFERS, data),
        table_block(schema.CHARGES, data), field_block(schema.CHARGES_SHEET, data),
        table_block(schema.INVESTMENTS, data), field_block(schema.FINANCING_SHEET, data),
        table_block(schema.LOANS, data), table_block(schema.GRANTS, data),
        table_block(schema.BENCHMARKS, data, blank_rows=1),
        field_block(schema.FOUNDER_SHEET, data)))


def formula_args(data: dict) -> tuple:
    """What the table formulas receive in Python for those ranges (after xlwings's
    conversion)."""
    return tuple(converted("AE_BILAN", *formula_cells(data)))


def workbook_cells(wb) -> tuple[Cells, ...]:
    """The ranges the `Formules` sheet gives the table formulas (workbook.formulas), read from
    the workbook (the fake Excel's values)."""
    from addin.xlbook import XlBook, split_reference
    from test_addin_fake_excel import FakeExcel
    from workbook.formulas import table_arguments
    book = XlBook(FakeExcel(wb).book)
    tables = book.tables()
    out = []
    for argument in table_arguments(wb).split(","):
        if argument.endswith("[#All]"):
            sheet, ref = tables[argument[:-len("[#All]")]]
        else:
            sheet, ref = split_reference(argument)
        out.append(Cells(book.read_range(sheet, ref)))
    return tuple(out)
