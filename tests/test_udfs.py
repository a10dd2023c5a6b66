"""The custom formulas, called as Excel calls them (every argument through xlwings's conversion,
ranges in the shapes Excel gives: tests/xlwings_args.py), give the engine's figures."""
from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

import udfs
from forecast.activity import ACTIVITY_LABELS, Activity
from forecast.micro import annual_levies
from forecast.plan import build_plan
from forecast.rules import load_rules
from plans import example
from test_udfs_shapes import formula_cells, workbook_cells
from xlwings_args import Cells, call, converted


@pytest.mark.parametrize("activity", list(Activity))
@pytest.mark.parametrize("year", [2024.0, 2025.0, 2026.0])
def test_levies_are_the_engines(activity, year):
    rules = load_rules()
    sales = activity in (Activity.VENTE, Activity.VENTE_ARTISAN)
    want = annual_levies(rules, activity, int(year), 42000.0 if sales else 0.0,
                         0.0 if sales else 42000.0, acre=True, vl=True,
                         start=dt.date(2026, 8, 1))
    # codes and French labels, floats, datetimes, Excel's VRAI
    for name in (activity.value, ACTIVITY_LABELS[activity]):
        got = call("AE_PRELEVEMENTS", 42000.0, name, year, True, True,
                   dt.datetime(2026, 8, 1))
        assert got == [["Cotisations sociales", want.cotisations], ["CFP", want.cfp],
                       ["TFC", want.tfc], ["Versement libératoire", want.vl],
                       ["Total", want.total]]
    assert call("AE_COTISATIONS", 42000.0, activity.value, year, 1.0,
                Cells([[dt.datetime(2026, 8, 1)]])) == want.cotisations


def test_cotisations_without_acre_and_with_empty_cells():
    rules = load_rules()
    want = annual_levies(rules, Activity.BNC, 2026, 0.0, 30000.0)
    assert call("AE_COTISATIONS", 30000.0, "bnc", 2026.0) == want.cotisations
    assert call("AE_COTISATIONS", Cells([[30000.0]]), "bnc", 2026.0, Cells([[None]]),
                Cells([[None]])) == want.cotisations  # empty cells
    assert call("AE_COTISATIONS", 30000.0, "bnc", dt.datetime(2026, 5, 1), "non") == \
        want.cotisations


def test_acre_start_date_selects_the_regime():
    before = call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0, True, dt.datetime(2026, 3, 1))
    after = call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0, True, dt.datetime(2026, 9, 1))
    full = call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0)
    assert before < after < full  # 50 % before 1 July 2026, 75 % after


def test_ceilings_and_vat_threshold():
    rules = load_rules()
    for year in (2025, 2026):
        day = dt.date(year, 1, 1)
        assert call("AE_PLAFOND", "vente", float(year)) == rules.value("plafond.vente", day)
        for code in ("services_bic", "services_artisan", "bnc", "cipav"):
            assert call("AE_PLAFOND", code, float(year)) == rules.value("plafond.services", day)
            assert call("AE_SEUIL_TVA", code, float(year)) == \
                rules.value("tva.franchise.services", day)
        assert call("AE_SEUIL_TVA", "vente_artisan", float(year)) == \
            rules.value("tva.franchise.vente", day)


@pytest.mark.parametrize("formula", [
    ("AE_COTISATIONS", "beaucoup", "bnc", 2026.0),
    ("AE_COTISATIONS", 1000.0, "plombier", 2026.0),
    ("AE_COTISATIONS", -5.0, "bnc", 2026.0),
    ("AE_COTISATIONS", 1000.0, "bnc", Cells([[None]])),
    ("AE_COTISATIONS", 1000.0, "bnc", 2026.0, "peut-être"),
    ("AE_COTISATIONS", Cells([[1000.0, 2000.0]]), "bnc", 2026.0),
    ("AE_PLAFOND", "bnc", 1990.0),
    ("AE_SEUIL_TVA", Cells([[None]]), 2026.0),
    ("AE_PRELEVEMENTS", 1000.0, "bnc", 2026.0, False, False, "hier"),
    ("AE_BILAN", Cells([["Nom du projet", "x"]]), Cells([[None]])),
    ("AE_TRESORERIE", 42.0, "n'importe quoi", 3.0),
])
def test_bad_input_gives_a_french_message_never_an_exception(formula):
    result = call(*formula)
    assert isinstance(result, str) and result.startswith(("Erreur", "Hypothèses"))
    assert not result.startswith("Erreur inattendue"), result  # each is an expected problem


def test_an_unexpected_failure_shows_no_python_class_name(monkeypatch):
    def broken(*a, **k):
        raise KeyError("plafond.services")
    monkeypatch.setattr(udfs, "regime_ceiling", broken)
    result = call("AE_PLAFOND", "bnc", 2026.0)
    assert result == "Erreur inattendue : plafond.services. Signalez-la."


def test_a_date_from_excels_date_function_is_a_serial_number():
    # =AE_COTISATIONS(30000,"services_bic",2026,TRUE,DATE(2026,3,1)): DATE gives 46082
    assert udfs.excel_date(46082.0) == dt.date(2026, 3, 1)
    assert udfs.excel_date(45658) == dt.date(2025, 1, 1)
    as_date = call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0, True, dt.datetime(2026, 3, 1))
    as_serial = call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0, True, 46082.0)
    after = call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0, True, 46266.0)  # 01/09/2026
    assert isinstance(as_serial, float) and as_serial == as_date
    assert after == call("AE_COTISATIONS", 30000.0, "services_bic", 2026.0, True,
                                        dt.datetime(2026, 9, 1)) != as_serial
    assert call("AE_COTISATIONS", 30000.0, "bnc", 2026.0, True, -3.0).startswith(
        "Erreur : Date de début")


@pytest.mark.parametrize("name", ["graphiste", "bijoux"])
def test_table_formulas_give_the_engines_tables(name):
    data = example(name)
    plan = build_plan(data)
    args = formula_cells(data)
    udfs.cache_clear()

    def blank(rows):
        return [["" if v is None else v for v in r] for r in rows]
    for formula, key in (("AE_COMPTE_RESULTAT", "compte_de_resultat"),
                         ("AE_TRESORERIE", "tresorerie"), ("AE_BILAN", "bilan"),
                         ("AE_INDICATEURS", "indicateurs"), ("AE_ALERTES", "alertes"),
                         ("AE_BESOIN_FINANCEMENT", "besoin_financement")):
        assert call(formula, *args) == blank(plan.tables[key].rows()), formula
    pf = call("AE_PLAN_FINANCEMENT", *args)
    initial = plan.tables["plan_de_financement_initial"].rows()
    assert [r[:2] for r in pf[:len(initial)]] == blank(initial)
    assert pf[len(initial) + 1:] == blank(plan.tables["plan_de_financement"].rows())
    assert len({len(r) for r in pf}) == 1  # rectangular: it spills


def test_financing_need_formula_gives_the_solvers_loan():
    from forecast.assumptions import parse_assumptions
    from forecast.financing import financing_need
    data = example("bijoux")
    data["project"]["minimum_cash"] = 15_000
    udfs.cache_clear()
    got = dict((r[0], r[1]) for r in call("AE_BESOIN_FINANCEMENT", *formula_cells(data))[1:])
    need = financing_need(parse_assumptions(data))
    assert got["Solution"] == "Emprunt bancaire" and got["Montant"] == need.amount > 0


def test_six_table_formulas_compute_the_plan_once(monkeypatch):
    args = formula_cells(example("graphiste"))
    udfs.cache_clear()
    import forecast.plan
    calls = []
    real = forecast.plan.build_plan
    monkeypatch.setattr(forecast.plan, "build_plan", lambda d: calls.append(1) or real(d))
    for formula in udfs.TABLE_FORMULAS:
        call(formula, *args)
    assert len(calls) == 1
    changed = list(args)
    changed[0] = Cells(args[0].rows)
    changed[0].rows[7] = [changed[0].rows[7][0], 2500.0]  # Trésorerie de départ
    call("AE_BILAN", *changed)
    assert len(calls) == 2


def _without_header(cells: Cells) -> Cells:
    return Cells(cells.rows[1:])


def test_tables_without_header_and_fields_as_their_one_column_of_values():
    """tblOffres (data only) instead of tblOffres[#Tout]; Projet!C5:C15, one column: xlwings
    hands a column over as a flat list unless the argument is declared two-dimensional."""
    projet, offres, charges, exploitation, invest, financement, emprunts, subventions, \
        reperes, porteur = formula_cells(example("graphiste"))
    want = call("AE_BILAN", projet, offres, charges, exploitation, invest, financement,
                emprunts, subventions, reperes, porteur)
    assert isinstance(want, list) and want[0][0] == "Bilan prévisionnel"
    got = call("AE_BILAN", projet.column(1), *map(_without_header, (offres, charges)),
               exploitation.column(1), _without_header(invest), financement.column(1),
               *map(_without_header, (emprunts, subventions, reperes)), porteur.column(1))
    assert got == want


def test_every_shape_excel_gives_reaches_the_formula_as_rows():
    """One cell, one row, one column, a block: each table argument arrives as rows."""
    cells = formula_cells(example("bijoux"))
    args = converted("AE_BILAN", cells[0].column(1), cells[1].row(0), Cells([[None]]),
                     cells[3])
    assert args[0] == cells[0].column(1).rows and len(args[0][0]) == 1  # a column
    assert args[1] == [cells[1].rows[0]]  # a row
    assert args[2] == [[None]]  # one cell
    assert args[3] == cells[3].rows  # a block
    one_cell_charges = call("AE_BILAN", cells[0], cells[1], Cells([[None]]))
    assert one_cell_charges == call("AE_BILAN", cells[0], cells[1])  # an empty cell: none


def test_every_formula_has_a_french_help_and_the_generator_sees_it():
    from addin.build import udf_functions
    functions = udf_functions()
    assert set(functions) == set(udfs.SCALAR_FORMULAS + udfs.TABLE_FORMULAS +
                                 udfs.SOLVER_FORMULAS)
    for name, xlfunc in functions.items():
        assert xlfunc["category"] == "planae"
        assert len(xlfunc["ret"]["doc"]) > 30
        visible = [a for a in xlfunc["args"] if not a["vba"] and a["name"] != "caller"]
        assert all(not a["doc"].startswith("Positional") for a in visible), name


@pytest.mark.parametrize("name", ["graphiste", "bijoux"])
def test_the_formules_sheets_arguments_are_the_workbooks_inputs(name):
    """The arguments the Formules sheet passes (its ranges and tables, read as Excel hands them
    over) give the same tables as the Excel-shaped arguments the other tests and the benchmark
    use."""
    from workbook.template import build_workbook
    data = example(name)
    from_sheet, shaped = workbook_cells(build_workbook(data)), formula_cells(data)
    assert len(from_sheet) == len(shaped) == len(udfs.TABLE_ARGS)
    udfs.cache_clear()
    for formula in udfs.TABLE_FORMULAS + udfs.SOLVER_FORMULAS:
        got = call(formula, *from_sheet)
        assert isinstance(got, list) and got == call(formula, *shaped), formula


def test_alerts_formula_reads_the_reperes_sheet_like_the_alertes_sheet(tmp_path):
    from workbook import schema
    from workbook.jobs import compute_file
    from workbook.template import build_workbook
    wb = build_workbook(example("graphiste"))
    ws = wb[schema.BENCHMARKS_SHEET.name]
    table = ws.tables[schema.BENCHMARKS.name]
    first = int(table.ref.split(":")[0][1:])
    row = next(r for r in range(first + 1, first + 20) if ws[f"B{r}"].value == "ca_annuel")
    ws[f"D{row}"], ws[f"E{row}"] = 300_000, 600_000  # Bas, Haut: every year below
    source = tmp_path / "in.xlsx"
    wb.save(source)
    args = workbook_cells(wb)
    udfs.cache_clear()
    alerts = call("AE_ALERTES", *args)
    defaults = call("AE_ALERTES", *args[:-2], None, args[-1])  # without Repères: defaults

    def turnover(lines) -> bool:  # the benchmark alert on the annual turnover
        return any(str(line[2]).startswith("Chiffre d'affaires annuel") for line in lines)
    assert turnover(alerts) and not turnover(defaults)
    sheet = openpyxl.load_workbook(compute_file(source, tmp_path / "out.xlsx"))["Alertes"]
    block = next(b for s in schema.OUTPUT_SHEETS for b in s.blocks if b.table == "alertes")
    width = len(alerts[0])
    written = [["" if c.value is None else c.value for c in line[1:1 + width]]
               for line in sheet.iter_rows(min_row=block.row,
                                           max_row=block.row + len(alerts) - 1)]
    assert written == alerts


def test_formules_sheet_passes_reperes_and_formats_every_euro_cell():
    from openpyxl.worksheet.formula import ArrayFormula
    from workbook import schema
    from workbook.formulas import FORMULAS_SHEET
    from workbook.template import build_workbook
    ws = build_workbook()[FORMULAS_SHEET]
    arrays = {c.coordinate: c.value for row in ws.iter_rows() for c in row
              if isinstance(c.value, ArrayFormula)}
    levies = next(v for v in arrays.values() if v.text.startswith("=IFERROR(AE_PRELEVEMENTS"))
    first, last = levies.ref.split(":")
    top, bottom = int(first[1:]), int(last[1:])
    assert (first[0], last[0], bottom - top) == ("C", "D", 4)
    assert [ws[f"D{r}"].number_format for r in range(top, bottom + 1)] == \
        [schema.EURO_FORMAT] * 5
    tables = [v.text for v in arrays.values() if "AE_PRELEVEMENTS" not in v.text]
    assert len(tables) == len(udfs.TABLE_FORMULAS + udfs.SOLVER_FORMULAS)
    calls = [re.match(r"=IFERROR\((AE_\w+\(.*?\)),IF\(", t).group(1) for t in tables]
    assert all(",tblReperes[#All]," in c and c.endswith("'Porteur de projet'!$B$5:$C$18)")
               and c.count(",") == 9 for c in calls)


def test_household_formulas():
    """service-public's ARCE example (40 €/day, 518 days): 12 059.04 €. ARE of a month with
    909.09 € of BNC receipts (600 € after 34 %): 20 days × (40 − 3 % × 70) = 758 €. Tax of
    20 000 € alone, 2024's income: 470 € (hand-computed in test_founder_income)."""
    assert call("AE_ARCE", 40.0, 518.0, dt.datetime(2026, 3, 1), True) == 12059.04
    assert call("AE_ARCE", 40.0, 518.0, dt.datetime(2026, 3, 1), False) == \
        "Erreur : l'ARCE exige l'ACRE."
    assert call("AE_ARE_MAINTENUE", 40.0, 909.09, "bnc", dt.datetime(2026, 3, 1), 70.0) == 758
    assert call("AE_ARE_MAINTENUE", 40.0, 0.0, "bnc", dt.datetime(2026, 3, 1)) == 1200
    assert call("AE_IMPOT_FOYER", 20000.0, 1.0, False, 2024.0) == 470
    assert call("AE_IMPOT_FOYER", 20000.0, 1.0, "non", 2024.0, 10000.0) == 1208
    assert call("AE_IMPOT_FOYER", 20000.0, 0.5, False, 2024.0).startswith("Erreur : Parts")
    assert call("AE_ARCE", 40.0, 518.0, dt.datetime(2025, 1, 1)).startswith(
        "Erreur : ARE et ARCE")


def test_formulas_accept_an_activity_started_before_2024():
    # 24 000 € in 2026, 2 000 € a month at 21,2 %: 12 × 424 = 5 088 €
    assert udfs.AE_COTISATIONS(24000.0, "services_bic", 2026.0, False,
                               dt.datetime(2021, 5, 3)) == 5088
    levies = udfs.AE_PRELEVEMENTS(24000.0, "services_bic", 2026.0, False, False,
                                  dt.datetime(2021, 5, 3))
    assert levies[0] == ["Cotisations sociales", 5088]
    # ACRE ended long before 2026: said in French, not computed at reduced rates
    message = udfs.AE_COTISATIONS(24000.0, "services_bic", 2026.0, True, dt.datetime(2021, 5, 3))
    assert isinstance(message, str) and "ACRE" in message and "2022" in message


def test_a_formula_refuses_a_year_the_rules_do_not_cover():
    for year in (2023.0, 2027.0):
        for answer in (udfs.AE_COTISATIONS(30000.0, "bnc", year), udfs.AE_PLAFOND("bnc", year),
                       udfs.AE_SEUIL_TVA("bnc", year)):
            assert answer.startswith("Erreur") and "01/01/2024 au 31/12/2026" in answer
