"""The template workbook: built, reopened, computed without Excel, and robust to what a person
does to it (rows inserted or deleted, a name deleted, a sheet renamed, bad inputs)."""
from __future__ import annotations

import json
import re

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from forecast.assumptions import InvalidAssumptions
from forecast.errors import WorkbookError
from forecast.examples import example_data
from planae.cli import main
from workbook import schema
from workbook.jobs import build_examples, build_template, compute_book, compute_file
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs
from workbook.writer import write_block

INPUT_SHEETS = [s.name for s in schema.INPUT_SHEETS]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    d = tmp_path_factory.mktemp("dist")
    template = build_template(d / "planae.xlsx")
    examples = build_examples(d)
    return {"template": template, "graphiste": examples[0], "bijoux": examples[1]}


@pytest.fixture()
def example(dist, tmp_path):
    """A fresh copy of a computed example, to modify."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(dist["graphiste"].read_bytes())
    return path


def _resolve(wb, ref: str):
    """'Sheet'!$A$1:$B$2 -> (worksheet, boundaries); fails if the sheet is missing."""
    sheet, _, cells = ref.rpartition("!")
    sheet = sheet.strip("=").strip("'").replace("''", "'")
    assert sheet in wb.sheetnames, f"{ref}: feuille absente"
    return wb[sheet], range_boundaries(cells.replace("$", ""))


def input_values(path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets if ws.title in INPUT_SHEETS
            for row in ws.iter_rows() for c in row if c.value is not None}


# -- built files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["template", "graphiste", "bijoux"])
def test_every_defined_name_validation_and_table_resolves(dist, which):
    wb = openpyxl.load_workbook(dist[which])
    names = dict(wb.defined_names.items())
    for f in schema.FIELDS:
        assert f.name in names, f.name
    for name, dn in names.items():
        if name.startswith("_xlnm"):
            continue
        dests = list(dn.destinations)
        assert dests, name
        for sheet, ref in dests:
            assert sheet in wb.sheetnames
            range_boundaries(ref.replace("$", ""))
    for lst, values in schema.LISTS.items():
        (sheet, ref), = names[lst].destinations
        cells = [c.value for row in wb[sheet][ref.replace("$", "")] for c in row]
        assert cells == list(values)
    lists_used = set()
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                name = dv.formula1.lstrip("=")
                assert name in names, f"{ws.title}: liste {dv.formula1} introuvable"
                lists_used.add(name)
    assert lists_used == set(schema.LISTS)
    tables = {t.name: (ws.title, t.ref) for ws in wb.worksheets for t in ws.tables.values()}
    for t in schema.TABLES:
        sheet, ref = tables[t.name]
        assert sheet == schema.sheet_of(t).name
        header = [c.value for c in wb[sheet][ref][0]]
        assert header == [c.header for c in t.columns]


@pytest.mark.parametrize("which", ["template", "graphiste", "bijoux"])
def test_charts_point_at_existing_cells(dist, which):
    wb = openpyxl.load_workbook(dist[which])
    charts = wb[schema.DASHBOARD]._charts
    assert len(charts) == 4
    for chart in charts:
        for s in chart.series:
            refs = [s.val.numRef.f, s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f]
            if s.tx and s.tx.strRef:
                refs.append(s.tx.strRef.f)
            for ref in refs:
                ws, (c1, r1, c2, r2) = _resolve(wb, ref)
                assert ws.title in (schema.DASHBOARD,) + tuple(
                    o.name for o in (*schema.OUTPUT_SHEETS, *schema.RISK_SHEETS))
                if which != "template":  # computed: every point has a value
                    values = [c.value for row in ws.iter_rows(min_row=r1, max_row=r2,
                                                              min_col=c1, max_col=c2)
                              for c in row]
                    assert all(v is not None for v in values), ref


def test_template_inputs_are_styled_unlocked_and_outputs_protected(dist):
    wb = openpyxl.load_workbook(dist["template"])
    assert wb.sheetnames[:len(INPUT_SHEETS) + 1] == ["Guide", *INPUT_SHEETS]
    for o in (*schema.OUTPUT_SHEETS, ):
        assert o.name in wb.sheetnames
        assert wb[o.name].protection.sheet
        assert not wb[o.name].protection.password
    assert wb[schema.DASHBOARD].protection.sheet
    for sheet in schema.INPUT_SHEETS:  # open, but for planae's own texts (Repères' keys)
        fixed = [c for t in sheet.tables for c in t.columns if c.shown != "input"]
        assert bool(wb[sheet.name].protection.sheet) == bool(fixed), sheet.name
    reperes = wb[schema.BENCHMARKS_SHEET.name]
    table = reperes.tables[schema.BENCHMARKS.name]
    row = int(table.ref.split(":")[0][1:]) + 1  # the first line of the table
    columns = {reperes.cell(row - 1, c).value: c for c in range(2, 8)}
    key = reperes.cell(row, columns["Clé"])
    assert key.protection.locked and key.style != "Saisie"
    assert reperes.cell(row, columns["Repère"]).protection.locked
    low = reperes.cell(row, columns["Bas"])
    assert low.style == "Saisie" and not low.protection.locked
    for f in schema.FIELDS:
        (sheet, ref), = wb.defined_names[f.name].destinations
        cell = wb[sheet][ref.replace("$", "")]
        assert cell.style == "Saisie" and not cell.protection.locked, f.name
        # a units column and a help column beside every scalar input (after the cases of a
        # grid of inputs side by side)
        if schema.sheet_of(f).grids:
            assert [c.value for c in wb[sheet][cell.row]][-2:] == [f.unit or None, f.help]
        else:
            assert wb[sheet].cell(cell.row, cell.column + 1).value == (f.unit or None)
            assert wb[sheet].cell(cell.row, cell.column + 2).value == f.help
    for o in schema.OUTPUT_SHEETS:
        ws = wb[o.name]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert "&P" in ws.oddFooter.center.text


def test_examples_are_computed_and_print_ready(dist):
    wb = openpyxl.load_workbook(dist["graphiste"])
    ws = wb["Compte de résultat"]
    assert ws["B2"].value.startswith("Atelier Lumen")
    assert ws.oddHeader.left.text.startswith("Atelier Lumen")
    labels = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in (3, 4, 5)]
              for r in range(5, 40)}
    assert labels["Chiffre d'affaires HT"] == pytest.approx([48600, 63900, 72792], abs=1)
    assert ws["C5"].number_format == schema.EURO_FORMAT
    bilan = wb["Bilan"]
    rows = {bilan.cell(r, 2).value: r for r in range(5, 30)}
    for c in (3, 4, 5):
        assert bilan.cell(rows["Total actif"], c).value == pytest.approx(
            bilan.cell(rows["Total passif"], c).value, abs=0.01)
    tres = wb["Trésorerie"]
    assert [tres.cell(4, c).value for c in (3, 38)] == ["mars 2026", "février 2029"]
    alerts = wb["Alertes"]
    assert alerts["B4"].value == "Alertes" and alerts["B5"].value


# -- compute -------------------------------------------------------------------------------------

def test_compute_writes_beside_and_leaves_every_input_cell_as_it_was(example, tmp_path):
    before_bytes = example.read_bytes()
    before = input_values(example)
    json_path = tmp_path / "plan.json"
    out = compute_file(example, json_path=json_path)
    assert out == tmp_path / "plan-calcule.xlsx"
    assert example.read_bytes() == before_bytes  # the input is never touched
    assert input_values(out) == before
    data = json.loads(json_path.read_text("utf-8"))
    assert set(data) >= {"compte_de_resultat", "tresorerie", "bilan", "bfr", "amortissements",
                         "plan_de_financement", "indicateurs", "alertes"}
    assert all({"total_actif", "total_passif"} <= set(y) for y in data["bilan"])
    assert len(data["tresorerie"]) == 36
    assert all({"encaissements", "decaissements", "tresorerie_fin"} <= set(m)
               for m in data["tresorerie"])


def test_computing_twice_gives_the_same_file(example, tmp_path):
    first = compute_file(example, tmp_path / "a.xlsx")
    second = compute_file(first, tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()


def test_in_place_keeps_a_backup(example, tmp_path):
    original = example.read_bytes()
    out = compute_file(example, in_place=True)
    assert out == example
    assert (tmp_path / "plan-sauvegarde.xlsx").read_bytes() == original


def test_cli_compute(example, tmp_path, capsys):
    assert main(["compute", str(example), "-o", str(tmp_path / "x.xlsx"),
                 "--json", str(tmp_path / "x.json")]) == 0
    assert "calculé" in capsys.readouterr().out
    assert (tmp_path / "x.xlsx").exists() and (tmp_path / "x.json").exists()


class CountingBook(OpenpyxlBook):
    def __init__(self, wb):
        super().__init__(wb)
        self.reads: dict[str, int] = {}
        self.writes: dict[str, int] = {}

    def read_range(self, sheet, ref):
        self.reads[sheet] = self.reads.get(sheet, 0) + 1
        return super().read_range(sheet, ref)

    def write_range(self, sheet, top_left, rows):
        self.writes[sheet] = self.writes.get(sheet, 0) + 1
        return super().write_range(sheet, top_left, rows)


def test_reads_and_writes_a_few_blocks_per_sheet_never_cell_by_cell(dist):
    book = CountingBook(openpyxl.load_workbook(dist["bijoux"]))
    compute_book(book)
    for sheet in INPUT_SHEETS:
        expected = bool(any(s.fields for s in schema.INPUT_SHEETS if s.name == sheet)) + len(
            [t for t in schema.TABLES if schema.sheet_of(t).name == sheet])
        assert book.reads[sheet] == expected, sheet
    for sheet in schema.OUTPUT_SHEETS:  # the title and check, then one write per table
        assert book.writes[sheet.name] == 1 + len(sheet.blocks), sheet.name
    assert sum(book.reads.values()) <= 13  # the Porteur de projet sheet is one more block


class ClearingBook(OpenpyxlBook):
    def __init__(self, wb):
        super().__init__(wb)
        self.cleared: list[str] = []

    def clear_range(self, sheet, ref):
        self.cleared.append(ref)
        return super().clear_range(sheet, ref)


def test_a_block_clears_what_a_longer_and_wider_one_left_and_never_a_cell_it_writes():
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in range(1, 6):
        for col in range(1, 6):
            ws.cell(row, col, value="ancien")
    book = ClearingBook(wb)
    write_block(book, ws.title, "A1:D5", [["total", 1.5, 2], ["amount", 3, 4, 5]])
    values = [[ws.cell(r, c).value for c in range(1, 6)] for r in range(1, 6)]
    assert values == [["total", 1.5, 2, None, "ancien"], ["amount", 3, 4, 5, "ancien"],
                      [None, None, None, None, "ancien"], [None, None, None, None, "ancien"],
                      [None, None, None, None, "ancien"]]
    assert book.cleared == ["D1:D2", "A3:D5"]  # right of the shortest row, then below
    book.cleared.clear()
    write_block(book, ws.title, "A1:D5", [])  # no table: the whole area
    assert book.cleared == ["A1:D5"] and ws["A1"].value is None and ws["E1"].value == "ancien"


# -- what a person does to the workbook ----------------------------------------------------------

def insert_rows_as_excel(wb, sheet: str, row: int, amount: int = 1) -> None:
    """openpyxl's insert_rows, plus what Excel does besides: tables and defined names below or
    across the row move or grow."""
    ws = wb[sheet]
    ws.insert_rows(row, amount)
    for t in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(t.ref)
        if row <= r1:
            r1, r2 = r1 + amount, r2 + amount
        elif row <= r2 + 1:
            r2 += amount
        t.ref = f"{openpyxl.utils.get_column_letter(c1)}{r1}:" \
                f"{openpyxl.utils.get_column_letter(c2)}{r2}"
        if t.autoFilter:
            t.autoFilter.ref = t.ref
    _shift_names(wb, sheet, row, amount)


def delete_rows_as_excel(wb, sheet: str, row: int, amount: int = 1) -> None:
    ws = wb[sheet]
    ws.delete_rows(row, amount)
    for t in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(t.ref)
        if row < r1:
            r1, r2 = r1 - amount, r2 - amount
        elif row <= r2:
            r2 -= amount
        t.ref = f"{openpyxl.utils.get_column_letter(c1)}{r1}:" \
                f"{openpyxl.utils.get_column_letter(c2)}{r2}"
        if t.autoFilter:
            t.autoFilter.ref = t.ref
    _shift_names(wb, sheet, row, -amount)


def _shift_names(wb, sheet, row, amount):
    for dn in wb.defined_names.values():
        dests = list(dn.destinations)
        if len(dests) != 1 or dests[0][0] != sheet:
            continue
        ref = dests[0][1].replace("$", "")
        c1, r1, c2, r2 = range_boundaries(ref)
        if r1 >= row:
            col = openpyxl.utils.get_column_letter(c1)
            dn.attr_text = f"'{sheet}'!${col}${r1 + amount}"


def _table_first_row(wb, name):
    for ws in wb.worksheets:
        if name in ws.tables:
            return ws, range_boundaries(ws.tables[name].ref)[1] + 1
    raise KeyError(name)


def test_inserting_and_deleting_table_rows_keeps_compute_working(example, tmp_path):
    wb = openpyxl.load_workbook(example)
    ws, first = _table_first_row(wb, "tblOffres")
    insert_rows_as_excel(wb, "Offre", first + 1)  # a new second offer
    new = first + 1
    for col, value in zip("BCDEF", ["Atelier d'initiation", "service", "quantités", 90, 5]):
        ws[f"{col}{new}"] = value
    for k in range(12):
        ws.cell(new, 13 + k, 2)  # the months: after « Quantités par », « Jours travaillés »
    ws_c, first_c = _table_first_row(wb, "tblCharges")
    delete_rows_as_excel(wb, "Charges", first_c)  # the first charge goes
    ws_f, first_f = _table_first_row(wb, "tblEmprunts")
    insert_rows_as_excel(wb, "Financement", first_f)  # shifts tblSubventions below
    ws_f[f"B{first_f}"], ws_f[f"D{first_f}"], ws_f[f"F{first_f}"] = "Microcrédit", 2000, 24
    ws_g, first_g = _table_first_row(wb, "tblSubventions")
    ws_g[f"B{first_g}"], ws_g[f"C{first_g}"] = "Aide régionale", 1000
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    data, locator = read_inputs(OpenpyxlBook.load(edited))
    assert [o["name"] for o in data["offers"]][:2] == ["Identité visuelle (logo et charte)",
                                                       "Atelier d'initiation"]
    assert data["offers"][1]["quantities"] == [2] * 12
    assert len(data["charges"]) == 6
    assert data["financing"]["loans"][0]["label"] == "Microcrédit"
    assert data["financing"]["grants"] == [{"label": "Aide régionale", "amount": 1000,
                                            "month": None}]
    assert locator.cell(("offers", 1, "unit_price")) == f"Offre!E{new}"
    assert locator.cell(("offers", 2, "quantities", 3)) == f"Offre!P{new + 1}"

    out = compute_file(edited, tmp_path / "out.xlsx")
    res = openpyxl.load_workbook(out)["Compte de résultat"]
    labels = [res.cell(r, 2).value for r in range(5, 30)]
    assert "  dont Atelier d'initiation" in labels


def test_deleted_defined_name_gives_one_french_error_naming_it(example, tmp_path, capsys):
    wb = openpyxl.load_workbook(example)
    del wb.defined_names["Projet_CFE"]
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    with pytest.raises(WorkbookError, match="« Projet_CFE » .*CFE annuelle.*introuvable"):
        compute_file(broken)
    assert main(["compute", str(broken)]) == 4
    err = capsys.readouterr().err
    assert "Projet_CFE" in err and "Traceback" not in err
    assert not (tmp_path / "broken-calcule.xlsx").exists()


@pytest.mark.parametrize("sheet", ["Offre", "Bilan"])
def test_renamed_sheet_gives_one_french_error_naming_it(example, tmp_path, capsys, sheet):
    wb = openpyxl.load_workbook(example)
    wb[sheet].title = f"{sheet} 2"
    broken = tmp_path / "renamed.xlsx"
    wb.save(broken)
    assert main(["compute", str(broken)]) == 4
    err = capsys.readouterr().err
    assert f"La feuille « {sheet} » est introuvable" in err
    assert "Traceback" not in err


def test_renamed_table_column_is_named(example, tmp_path):
    wb = openpyxl.load_workbook(example)
    ws, first = _table_first_row(wb, "tblInvestissements")
    ws.cell(first - 1, 3).value = "Prix"
    broken = tmp_path / "col.xlsx"
    wb.save(broken)
    with pytest.raises(WorkbookError, match="tblInvestissements.*« Montant TTC »"):
        compute_file(broken)


def test_bad_inputs_name_sheet_and_cell_in_french(example, tmp_path, capsys):
    wb = openpyxl.load_workbook(example)
    wb["Offre"]["E8"] = -5
    wb["Offre"]["O9"] = "beaucoup"  # the 3rd seasonality coefficient of the 2nd offer
    (sheet, ref), = wb.defined_names["Projet_DateDebut"].destinations
    wb[sheet][ref.replace("$", "")] = "hier"
    ws, first = _table_first_row(wb, "tblEmprunts")
    ws[f"F{first + 1}"] = None  # duration of the 2nd loan
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    before = bad.read_bytes()
    with pytest.raises(InvalidAssumptions) as caught:
        compute_file(bad)
    messages = [str(p) for p in caught.value.problems]
    assert "Offre!E8 — Prix unitaire HT : doit être au moins 0\u202f€ (saisi : \u22125\u202f€)." in messages
    assert any(m.startswith("Offre!O9 — Coefficient du mois 3 : « beaucoup »") for m in messages)
    assert any(m.startswith(f"Projet!{ref.replace('$', '')} — Date de début") for m in messages)
    assert f"Financement!F{first + 1} — Durée : valeur obligatoire manquante." in messages
    assert main(["compute", str(bad)]) == 3
    err = capsys.readouterr().err
    assert "Offre!E8 — Prix unitaire HT" in err and "Traceback" not in err
    assert bad.read_bytes() == before
    assert not (tmp_path / "bad-calcule.xlsx").exists()


def test_empty_template_reports_what_to_fill(dist):
    book = OpenpyxlBook.load(dist["template"])
    with pytest.raises(InvalidAssumptions) as caught:
        compute_book(book)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("Projet!C5 — Nom du projet") for m in messages)
    assert any(m.startswith("Offre!B8 — Offres : saisissez au moins une offre") for m in messages)


def test_round_trip_reads_back_the_example_it_was_built_from(dist):
    for name in ("graphiste", "bijoux"):
        data, _ = read_inputs(OpenpyxlBook.load(dist[name]))
        from forecast.assumptions import parse_assumptions
        assert parse_assumptions(data) == parse_assumptions(example_data(name))


def test_unknown_keys_are_ignored_when_building(tmp_path):
    from workbook.jobs import build_example
    data = example_data("bijoux")
    data["benchmarks"] = [{"key": "ca", "low": 1, "high": 2}]
    data["project"]["colour"] = "bleu"
    out = build_example(data, tmp_path / "x.xlsx")
    assert re.match(r"Éclats", openpyxl.load_workbook(out)["Bilan"]["B2"].value)
