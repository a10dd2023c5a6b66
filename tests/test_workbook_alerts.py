"""Issue 5 in the workbook: the master check, the Alertes sheet, highlighted inputs, the
editable Repères, and « Équilibrer le financement » on a copy."""
from __future__ import annotations

import openpyxl
import pytest

from forecast.assumptions import parse_assumptions
from forecast.engine import compute
from forecast.financing import financing_need
from forecast.plan import build_plan
from forecast.examples import example_data
from planae.cli import main
from workbook import schema
from workbook.jobs import balance_file, build_example, compute_file
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs


def built(tmp_path, data, name="plan.xlsx"):
    return build_example(data, tmp_path / name)


def sheet_rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def flagged(path) -> list[str]:
    ws = openpyxl.load_workbook(path)[schema.FLAGGED_SHEET]
    return [ws.cell(r, 1).value for r in range(2, schema.FLAGGED_ROWS + 2)
            if ws.cell(r, 1).value]


def test_master_check_tops_every_output_sheet(tmp_path):
    path = built(tmp_path, example_data("bijoux"))
    wb = openpyxl.load_workbook(path)
    for sheet in [s.name for s in schema.OUTPUT_SHEETS] + [schema.DASHBOARD]:
        check = wb[sheet][schema.CHECK_CELL].value
        assert check.startswith("Contrôles ✔ : bilan équilibré"), sheet
        assert "0 alerte(s) bloquante(s)" in check


def test_blocking_alert_shows_in_the_check_the_sheet_and_the_input_cell(tmp_path):
    data = example_data("graphiste")
    data["offers"][1]["unit_cost"] = 460  # sold 450 €
    path = built(tmp_path, data)
    wb = openpyxl.load_workbook(path)
    assert wb["Bilan"][schema.CHECK_CELL].value.startswith("Contrôles ✖")
    assert "0 alerte(s) bloquante(s)" not in wb["Bilan"][schema.CHECK_CELL].value
    _, locator = read_inputs(OpenpyxlBook(openpyxl.load_workbook(path)))
    price_cell = locator.cell(("offers", 1, "unit_price"))
    alert = next(r for r in sheet_rows(path, "Alertes") if r[3] and "inférieur au coût" in r[3])
    assert alert[1] == "Bloquant" and "Relevez le prix" in alert[3] and alert[6] == price_cell
    assert alert[5].startswith("- Une offre vendue sous son coût de revient")
    assert price_cell in flagged(path)


def test_alertes_propose_risk_lines_and_show_no_internal_code(tmp_path):
    path = built(tmp_path, example_data("graphiste"))
    rows = sheet_rows(path, "Alertes")
    header = rows[3]
    assert header[2:7] == ["Sujet", "Message", "Concerne",
                           "Phrase proposée pour « Risques et parades »", "Cellule"]
    codes = {a.code for a in build_plan(example_data("graphiste")).alerts}
    shown = {v for r in rows[4:] for v in r[1:] if isinstance(v, str)}
    assert not codes & shown  # no « tva_base », « repere_… » shown to the person
    # the graphic designer loses the VAT franchise on 16 December 2026 (its creation year's
    # seuil majoré prorated: tests/test_deck.py): the VAT alerts propose that line for
    # « Risques et parades »
    assert any(r[5] and r[5].startswith("- Passage à la TVA en décembre 2026") for r in rows[4:])


def test_input_sheets_highlight_flagged_cells_through_a_defined_name(tmp_path):
    path = built(tmp_path, example_data("graphiste"))
    wb = openpyxl.load_workbook(path)
    sheet, ref = next((dn.attr_text.split("!")) for name, dn in wb.defined_names.items()
                      if name == schema.FLAGGED_NAME)
    assert sheet.strip("'") == schema.FLAGGED_SHEET and ref == f"$A$2:$A${schema.FLAGGED_ROWS + 1}"
    for s in schema.INPUT_SHEETS:
        rules = [r for cf in wb[s.name].conditional_formatting for r in cf.rules]
        assert any(schema.FLAGGED_NAME in r.formula[0] for r in rules), s.name
    # the graphiste crosses the VAT threshold: its months of sales are highlighted
    assert any(c.startswith("Offre!") for c in flagged(path))
    # only the offers' own rows, not the table's spare rows below them
    _, locator = read_inputs(OpenpyxlBook(openpyxl.load_workbook(path)))
    offer_rows = {int(locator.cell(("offers", i, "name")).split("!")[1][1:]) for i in range(3)}
    rows = {int("".join(ch for ch in c.split("!")[1] if ch.isdigit()))
            for c in flagged(path) if c.startswith("Offre!")}
    assert rows and rows <= offer_rows
    # information alerts highlight nothing
    assert not any(c.startswith("Projet!") for c in flagged(path))


def test_edited_benchmarks_on_the_reperes_sheet_drive_the_warnings(tmp_path):
    path = built(tmp_path, example_data("graphiste"))
    def margin(row) -> bool:
        return bool(row[3]) and row[3].startswith("Taux de marge brute")
    assert not any(margin(r) and r[1] == "Attention" for r in sheet_rows(path, "Alertes"))
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.BENCHMARKS_SHEET.name]
    row = next(r for r in ws.iter_rows() if r[1].value == "marge_brute")
    row[3].value, row[4].value = 0.95, 0.99  # « Bas » above the plan's 92 %
    wb.save(path)
    out = compute_file(path)
    alert = next(r for r in sheet_rows(out, "Alertes") if margin(r))
    assert alert[1] == "Attention" and "95\u202f%" in alert[3]
    assert alert[5] == "- Taux de marge brute en dessous des usages du secteur : …"


def test_balance_writes_the_smallest_loan_into_a_copy(tmp_path):
    data = example_data("bijoux")
    data["project"]["minimum_cash"] = 15_000
    path = built(tmp_path, data)
    before = path.read_bytes()
    out, message = balance_file(path)
    assert path.read_bytes() == before
    need = financing_need(parse_assumptions(data))
    assert need.kind == "emprunt" and message == need.message
    data_out, locator = read_inputs(OpenpyxlBook(openpyxl.load_workbook(out)))
    assert data_out["financing"]["loans"][0]["amount"] == need.amount
    assert compute(parse_assumptions(data_out)).cash.balance.min() >= 15_000 - 0.005
    proposal = {r[1]: r[2] for r in sheet_rows(out, "Plan de financement")[61:67]}
    assert proposal["Solution"] == "Emprunt bancaire" and proposal["Montant"] == need.amount


def test_balance_adds_a_loan_row_when_none_is_typed(tmp_path):
    data = example_data("bijoux")
    data["financing"]["loans"] = []
    data["project"]["minimum_cash"] = 9_000
    path = built(tmp_path, data)
    out, message = balance_file(path, tmp_path / "equilibre.xlsx")
    loans = read_inputs(OpenpyxlBook(openpyxl.load_workbook(out)))[0]["financing"]["loans"]
    assert len(loans) == 1 and loans[0]["kind"] == "banque"
    assert loans[0]["months"] == 60 and loans[0]["rate"] == pytest.approx(0.05)
    assert "Emprunt bancaire nécessaire" in message


def test_balance_command_prints_the_proposal(tmp_path, capsys):
    data = example_data("graphiste")
    data["project"]["minimum_cash"] = 20_000
    path = built(tmp_path, data)
    assert main(["balance", str(path), "-o", str(tmp_path / "b.xlsx")]) == 0
    assert "Emprunt bancaire nécessaire" in capsys.readouterr().out


def test_balance_adds_to_an_apport_typed_as_text(tmp_path):
    data = example_data("graphiste")
    for offer in data["offers"]:
        offer["unit_price"] = 1.0  # no turnover to speak of: no loan can help
    path = built(tmp_path, data)
    wb = openpyxl.load_workbook(path)
    _, locator = read_inputs(OpenpyxlBook(wb))
    sheet, _, cell = locator.cell(("financing", "apport")).rpartition("!")
    wb[sheet][cell] = "3 000 €"
    wb.save(path)
    out, message = balance_file(path)
    apport = openpyxl.load_workbook(out)[sheet][cell].value
    assert "Apport supplémentaire nécessaire" in message
    assert apport > 3000 and f"{apport - 3000:,.0f}".replace(",", "\u202f") in message


def test_unreadable_or_misplaced_files_get_french_errors(tmp_path, capsys):
    broken = tmp_path / "abime.xlsx"
    broken.write_bytes(b"pas un zip")
    assert main(["compute", str(broken)]) == 4
    assert "abîmé" in capsys.readouterr().err
    path = built(tmp_path, example_data("bijoux"))
    assert main(["compute", str(path), "-o", str(tmp_path / "absent" / "x.xlsx")]) == 5
    assert "n'existe pas" in capsys.readouterr().err
    assert main(["compute", str(path), "--in-place", "-o", str(tmp_path / "y.xlsx")]) == 2
    assert "pas les deux" in capsys.readouterr().err
