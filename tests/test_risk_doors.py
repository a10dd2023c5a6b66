"""Scenarios and the simulation through every door: the « Scénarios » input sheet, the output
sheets written by compute and by `planae risk`, the JSON, the ribbon's « Simuler les
risques » and the deck's « Scénarios et risques »."""
from __future__ import annotations

import json

import openpyxl
import pytest

from addin import ribbon
from addin.xlbook import XlBook
from forecast.examples import example_data
from forecast.plan import build_plan
from forecast.risk_inputs import RiskInputs, parse_risk
from forecast.risk_report import risk_report
from forecast.assumptions import parse_assumptions
from planae.cli import main
from report.deck import build_deck
from report.textfit import overflows
from test_addin import _compare_outputs
from test_addin_fake_excel import FakeExcel
from workbook import schema
from workbook.jobs import compute_file
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs
from workbook.risk_sheets import NOT_SIMULATED
from workbook.template import build_workbook

DRAWS = 400


def _cell(wb, name: str):
    (sheet, ref), = wb.defined_names[name].destinations
    return wb[sheet][ref.replace("$", "")]


def example_file(tmp_path, name: str = "bijoux", **cells) -> str:
    """An example's workbook with a few draws, and any input cell set by defined name."""
    wb = build_workbook(example_data(name))
    _cell(wb, "Risque_Tirages").value = DRAWS
    for key, value in cells.items():
        _cell(wb, key).value = value
    path = tmp_path / f"{name}.xlsx"
    wb.save(path)
    return path


def _block(ws, table: str) -> dict[str, list]:
    """An output block as {line label: values}, read back from the sheet."""
    block = next(b for s in schema.RISK_SHEETS for b in s.blocks if b.table == table)
    rows = ws.iter_rows(min_row=block.row + 1, max_row=block.row + block.max_rows,
                        min_col=2, max_col=2 + block.max_cols, values_only=True)
    return {r[0]: list(r[1:]) for r in rows if r[0] is not None}


def test_the_template_holds_every_risk_setting_with_its_default():
    book = OpenpyxlBook(build_workbook())
    data, locator = read_inputs(book)
    assert parse_risk(data["risk"]) == RiskInputs()
    assert locator.cell(("risk", "pessimistic", "volumes")).startswith("Scénarios!")
    wb = build_workbook()
    assert _cell(wb, "Scenario_Pessimiste_Volumes").value == -0.2
    assert _cell(wb, "Incertitude_Volumes_Bas").number_format == "0.0%"


def test_planae_risk_writes_the_sheets_and_its_json(tmp_path, capsys):
    path = example_file(tmp_path)
    before = path.read_bytes()
    assert main(["risk", str(path), "--seed", "7", "--json", str(tmp_path / "r.json")]) == 0
    out = tmp_path / "bijoux-risques.xlsx"
    assert f"simulé : {out}" in capsys.readouterr().out
    assert path.read_bytes() == before
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    risk = data["risque"]
    assert risk["tirages"] == DRAWS and risk["graine"] == 7
    assert {k: len(risk[k]) for k in ("probabilite_tresorerie_negative",
                                      "probabilite_sous_minimum", "p10", "p50", "p90")} == dict.fromkeys(
        ("probabilite_tresorerie_negative", "probabilite_sous_minimum", "p10", "p50", "p90"), 36)
    assert [c["periode"] for c in data["scenarios"]] == ["pessimiste", "realiste", "optimiste"]
    assert data["compte_de_resultat"]  # the plan's tables too
    wb = openpyxl.load_workbook(out)
    monthly = _block(wb["Risques"], "risque_mensuel")
    p10 = next(v for k, v in monthly.items() if k.endswith("10e centile (1 tirage sur 10 fait "
                                                          "moins bien)"))
    assert p10 == pytest.approx(risk["p10"], abs=0.01)
    summary = _block(wb["Risques"], "risque_synthese")
    assert summary["Tirages (plans recalculés)"] == ["400"]
    assert wb["Risques"]["B3"].value.endswith("Simulation : 400 tirages, graine 7")
    scenarios = _block(wb["Scénarios comparés"], "scenarios")
    assert scenarios["Volumes vendus"] == [-0.2, 0, 0.1]
    # the same seed, the same figures
    main(["risk", str(path), "--seed", "7", "--json", str(tmp_path / "again.json")])
    assert json.loads((tmp_path / "again.json").read_text("utf-8")) == data


def test_compute_writes_the_scenarios_and_clears_an_old_simulation(tmp_path):
    path = example_file(tmp_path)
    simulated = compute_file(path, simulated=True)
    out = compute_file(simulated, tmp_path / "recomputed.xlsx",
                       json_path=tmp_path / "c.json")
    wb = openpyxl.load_workbook(out)
    assert wb["Risques"]["B3"].value == NOT_SIMULATED
    assert _block(wb["Risques"], "risque_mensuel") == {}
    assert _block(wb["Scénarios comparés"], "scenarios")
    data = json.loads((tmp_path / "c.json").read_text("utf-8"))
    assert "scenarios" in data and "risque" not in data


def test_a_bad_risk_setting_names_its_cell_with_the_plan_s_problems(tmp_path):
    path = example_file(tmp_path, Scenario_Pessimiste_Volumes=-2,
                        Incertitude_Prix_Haut="beaucoup")
    wb = openpyxl.load_workbook(path)
    wb["Offre"]["E8"] = -5
    wb.save(path)
    with pytest.raises(Exception) as e:
        compute_file(path)
    cells = {_cell(wb, n).coordinate for n in ("Scenario_Pessimiste_Volumes",
                                               "Incertitude_Prix_Haut")}
    text = str(e.value)
    assert "Offre!E8" in text
    for cell in cells:
        assert f"Scénarios!{cell}" in text
    assert "Pessimiste — Volumes vendus : doit être au moins \u2212100\u202f%" in text


def test_planae_risk_refuses_a_draw_count_out_of_bounds(tmp_path, capsys):
    assert main(["risk", str(example_file(tmp_path)), "--draws", "5"]) == 2
    assert "--draws : entre 100 et 100\u202f000 tirages (saisi : 5)" in capsys.readouterr().err


def test_simuler_les_risques_gives_the_sheets_of_planae_risk(tmp_path):
    path = example_file(tmp_path, "graphiste")
    out = compute_file(path, simulated=True)
    fake = FakeExcel(openpyxl.load_workbook(path))
    ribbon.simulate_risks(XlBook(fake.book))
    assert not [a for a in fake.alerts if a[3] == "critical"], fake.alerts
    _compare_outputs(fake, openpyxl.load_workbook(out), [s.name for s in schema.RISK_SHEETS])
    prompt = fake.alerts[-1][0]
    assert prompt.startswith(f"Simulation : {DRAWS} tirages") and "« Risques »" in prompt
    assert fake.active_sheet == "Risques"


def _risk(name: str, simulated: bool = True):
    data = example_data(name)
    plan = build_plan(data)
    return plan, data, risk_report(parse_assumptions(data), RiskInputs(), simulated=simulated,
                                   draws=DRAWS)


def _titles(prs) -> list[str]:
    return [next((s.text_frame.text for s in slide.shapes if s.name == "Titre"), "")
            for slide in prs.slides]


def test_the_deck_gets_a_scenarios_and_risks_part():
    plan, data, report = _risk("bijoux")
    without = _titles(build_deck(plan, data["narrative"]))
    prs = build_deck(plan, data["narrative"], risk=report)
    titles = _titles(prs)
    assert len(titles) == len(without) + 2  # the scenarios' slide and the risk slide
    assert "Scénarios : pessimiste, réaliste, optimiste" in titles
    i = titles.index("Risque de trésorerie")
    assert "Scénarios et risques" in "\n".join(
        s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame)
    slide = prs.slides[i]
    charts = {s.name: s.chart for s in slide.shapes if s.has_chart}
    fan = charts["Éventail de trésorerie"]
    p10, inner, outer = (list(s.values) for s in fan.plots[0].series)
    s = report.simulation
    assert p10 == pytest.approx(list(s.percentiles[0]))
    assert [a + b for a, b in zip(p10, inner)] == pytest.approx(list(s.percentiles[1]))
    tornado = charts["Facteurs décisifs"]
    assert list(tornado.plots[0].categories) == [x.label for x in s.sensitivities]
    assert overflows(prs) == []
    band = next(x.text_frame.text for x in slide.shapes if x.name == "Verdict")
    assert band.startswith("Trésorerie négative au moins un mois : ")
    # scenarios only (no simulation): the table slide, not the risk slide
    plan, data, report = _risk("bijoux", simulated=False)
    titles = _titles(build_deck(plan, data["narrative"], risk=report))
    assert "Risque de trésorerie" not in titles and len(titles) == len(without) + 1
