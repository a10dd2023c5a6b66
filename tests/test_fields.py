"""One declaration of every input (forecast/fields.py): the template's Excel data validations,
read back from the built file, are the bounds and choices Python checks, and a value just
outside each bound is refused in French, naming its sheet and cell."""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.cell import get_column_letter as _letter
from openpyxl.utils.cell import range_boundaries

from forecast import fields as spec
from forecast.assumptions import DATE_SERIALS, InvalidAssumptions
from forecast.examples import example_data
from workbook import schema
from workbook.jobs import check_book
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs
from workbook.template import build_workbook

EXCEL_EPOCH = dt.date(1899, 12, 30)


@pytest.fixture(scope="module")
def built():
    """The jewellery example's workbook, saved and loaded back as a person's file is."""
    out = io.BytesIO()
    build_workbook(example_data("bijoux")).save(out)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    _, locator = read_inputs(OpenpyxlBook(wb))
    return wb, locator


def _validation(ws, coordinate: str):
    col, row = coordinate_from_string(coordinate)
    col = column_index_from_string(col)
    found = [dv for dv in ws.data_validations.dataValidation
             if any(r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col
                    for r in dv.sqref.ranges)]
    assert len(found) <= 1, coordinate
    return found[0] if found else None


def _inputs(locator):
    """Every input of the template: (its Field or Column, sheet, cell) — a table's column in
    its first row."""
    for f in schema.FIELDS:
        sheet, cell = locator.cells[f.path].split("!")
        yield f, sheet, cell
    for t in schema.TABLES:
        spot = locator.tables[t.path]
        for i, c in enumerate(t.columns):
            if c.shown == "input":
                col = spot.columns[c.key][0 if c.key != "by_month" else
                                          t.columns.index(c) - t.columns.index(t.column(c.key))]
                yield c, spot.sheet, f"{_letter(col)}{spot.rows[0]}"


def _list_values(wb, name: str) -> tuple:
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return tuple(c.value for row in wb[sheet][ref.replace("$", "")] for c in row)


def test_every_excel_validation_is_the_python_spec(built):
    wb, locator = built
    seen = 0
    for item, sheet, cell in _inputs(locator):
        s, dv = item.spec, _validation(wb[sheet], cell)
        where = f"{sheet}!{cell} {item.label}"
        if s.kind == spec.TEXT:
            assert dv is None, where
            continue
        assert dv is not None, where
        seen += 1
        if s.kind in (spec.CHOICE, spec.FLAG):
            assert dv.type == "list", where
            assert _list_values(wb, dv.formula1.lstrip("=")) == s.choices, where
        elif s.kind == spec.DATE:
            assert (dv.type, dv.operator) == ("date", "greaterThanOrEqual"), where
            assert EXCEL_EPOCH + dt.timedelta(int(dv.formula1)) == s.lo, where
        else:
            assert dv.type == ("whole" if s.integer else "decimal"), where
            assert dv.operator == "between", where
            assert float(dv.formula1) == s.lo, where
            if item.key == "deferral":  # at most the same row's duration, less one month
                months = schema.LOANS.column("months")
                col = locator.tables[schema.LOANS.path].columns["months"][0]
                assert dv.formula2 == f"MAX({_letter(col)}{cell[1:]}-1,0)", where
                assert wb[sheet].cell(int(cell[1:]) - 1, col).value == months.header
            elif s.kind == spec.MONTH:  # a month of the plan, or its date (an Excel serial)
                assert float(dv.formula2) == DATE_SERIALS[-1] > 46_000, where
            else:
                assert float(dv.formula2) == s.hi, where
                assert s.hi is not None, f"{where}: an amount or a quantity needs a ceiling"
    assert seen > 80


def _outside(s: spec.Spec) -> list:
    """Values just outside the spec's bounds (or list)."""
    if s.kind in (spec.CHOICE, spec.FLAG):
        return ["peut-être"]
    if s.kind == spec.DATE:
        return [dt.datetime.combine(s.lo - dt.timedelta(1), dt.time())]
    if s.kind == spec.TEXT:
        return []
    step = 1 if s.integer else 0.01 * max(1.0, abs(s.hi or 1.0))
    below = [s.lo - (1 if s.integer else 0.01)]
    return below + ([s.hi + step] if s.hi is not None else [])


def _refused(wb, sheet: str, cell: str, value) -> str:
    ws = wb[sheet]
    kept = ws[cell].value
    ws[cell].value = value
    try:
        with pytest.raises(InvalidAssumptions) as caught:
            check_book(OpenpyxlBook(wb))
    finally:
        ws[cell].value = kept
    return caught.value.describe()


def _euro_benchmark(wb, locator) -> int:
    """The row of the first benchmark in euros (a percentage's bounds are 0 and 100 %)."""
    spot = locator.tables[("benchmarks",)]
    return next(r for r in spot.rows if wb["Repères"].cell(r, spot.columns["unit"][0]).value
                == "€")


def _cases(wb, locator):
    for item, sheet, cell in _inputs(locator):
        if sheet == schema.BENCHMARKS_SHEET.name:  # a benchmark's bounds follow its unit
            cell = f"{cell[0]}{_euro_benchmark(wb, locator)}"
        for value in _outside(item.spec):
            if item.key == "deferral":
                value = "months"  # the loan's own duration
            yield item, sheet, cell, value


def test_a_value_just_outside_each_bound_is_refused_naming_its_cell(built):
    wb, locator = built
    count = 0
    for item, sheet, cell, value in _cases(wb, locator):
        if value == "months":
            months_col = locator.tables[schema.LOANS.path].columns["months"][0]
            value = wb[sheet].cell(int(cell[1:]), months_col).value
        message = _refused(wb, sheet, cell, value)
        assert f"{sheet}!{cell} — " in message, (item.label, value, message)
        count += 1
    assert count > 150


def test_a_coefficient_is_bounded_in_python(built):
    """The month columns hold quantities (Excel's bound) or coefficients (at most 12, checked
    by Python only, as « Mois saisis en » says)."""
    wb, locator = built
    spot = locator.tables[("offers",)]
    mode = wb["Offre"].cell(spot.rows[0], spot.columns["months_mode"][0]).value
    assert mode == schema.MONTHS_BY_COEFFICIENT
    cell = f"{_letter(spot.columns['by_month'][0])}{spot.rows[0]}"
    message = _refused(wb, "Offre", cell, 12.5)
    assert f"Offre!{cell} — Coefficient du mois 1 : doit être au plus 12 (saisi : 12,5)" \
        in message


def test_a_choice_outside_its_list_is_refused_not_guessed(built):
    """« coefficient » (no s) used to be read as quantities: now the cell and the list."""
    wb, locator = built
    cell = locator.cells.get(("offers", 0, "months_mode")) or \
        f"D{locator.tables[('offers',)].rows[0]}"
    message = _refused(wb, "Offre", cell, "coefficient")
    assert (f"Offre!{cell} — Mois saisis en : « coefficient » n'est pas une valeur permise "
            f"(quantités ou coefficients).") in message


def test_data_typed_under_an_input_table_asks_to_extend_it(built):
    wb, _ = built
    ws = next(ws for ws in wb.worksheets if "tblOffres" in ws.tables)
    table = ws.tables["tblOffres"]
    ref = table.ref
    first, top, last, end = range_boundaries(ref)
    ws.cell(end + 1, first, "Cours de bijouterie")
    ws.cell(end + 1, first + 3, 45)
    ws.cell(end + 2, first + 2, "quantités")
    try:
        with pytest.raises(InvalidAssumptions) as caught:
            check_book(OpenpyxlBook(wb))
        assert [str(p) for p in caught.value.problems] == [
            f"Offre!{_letter(first)}{end + 1}:{_letter(first + 3)}{end + 2} — Offre : des "
            f"données sont saisies juste sous le tableau « tblOffres », qui ne les lit pas : "
            f"étendez le tableau jusqu'à elles (poignée en bas à droite du tableau) ou "
            f"effacez-les."]
        table.ref = f"{_letter(first)}{top}:{_letter(last)}{end + 1}"
        ws.cell(end + 2, first + 2).value = None
        data, _ = read_inputs(OpenpyxlBook(wb))
        assert data["offers"][-1]["name"] == "Cours de bijouterie"
        assert data["offers"][-1]["unit_price"] == 45
    finally:
        table.ref = ref
        for row in (end + 1, end + 2):
            for col in range(first, last + 1):
                ws.cell(row, col).value = None
