"""The financers' reading: their rules as data with sources, applied to plans computed by hand,
alerts saying which rule the plan breaks and by how much."""
from __future__ import annotations

import openpyxl
import pytest

from forecast.assumptions import InvalidAssumptions
from forecast.financers import (MEASURES, Measured, Reading, default_financers, read_plan)
from forecast.plan import build_plan
from plans import simple_plan
from workbook.jobs import build_example


def _rule(key: str):
    return next(r for r in default_financers().rules if r.key == key)


def test_every_rule_has_its_financer_a_measure_and_a_source():
    f = default_financers()
    for rule in f.rules:
        assert rule.financer in f.labels and rule.measure in MEASURES
        assert rule.bound in ("min", "max") and rule.nature in ("règle", "usage")
        assert rule.severity in ("bloquant", "attention", "info")
        # a published rule cites its text; a usage says it has none (or cites where it is read)
        assert "https://" in rule.source or "sans texte" in rule.source, rule.key
    # hand-checked against Code monétaire et financier art. R518-61 (décret 2022-124)
    assert (_rule("adie_montant").value, _rule("adie_duree").value) == (12000, 60)
    assert "R518-61" in _rule("adie_montant").source
    assert _rule("banque_apport").value == 0.30 and _rule("banque_apport").nature == "usage"


def _plan(**financing) -> dict:
    """1 000 € of services a month; 10 000 € of equipment bought at the start."""
    data = simple_plan(name="Lecture des financeurs")
    data["investments"] = [{"label": "Matériel", "amount": 10000, "month": 1, "years": 5}]
    data["financing"] = financing
    return data


def _readings(plan) -> dict:
    return {line.key: line.values for line in plan.tables["lecture_financeurs"].lines}


def test_bank_rules_by_hand():
    # needs at the start: the 10 000 € of equipment (no set-up cost, no BFR — clients pay cash —,
    # no safety cash); own funds: 1 000 € of apport and 1 000 € of honour loan = 20 %, under
    # the usual 30 %: 30 % × 10 000 − 2 000 = 1 000 € missing. The 8 000 € bank loan is 80 %
    # of the 10 000 € invested, above the usual 70 %: 1 000 € too many.
    plan = build_plan(_plan(apport=1000, loans=[
        {"label": "Banque", "kind": "banque", "amount": 8000, "rate": 0.05, "months": 60},
        {"label": "Honneur", "kind": "honneur", "amount": 1000, "rate": 0, "months": 36}]))
    assert plan.tables["plan_de_financement_initial"].value("total_besoins", 0) == 10000
    r = _readings(plan)
    assert r["banque_apport"][2:4] == ("20\u202f%", "Non respectée : il manque 1\u202f000\u202f€")
    assert r["banque_part_investissements"][2:4] == ("80\u202f%",
                                                     "Non respectée : 1\u202f000\u202f€ de trop")
    assert r["initiative_levier"][2:4] == ("8,0\u202ffois", "Respectée")
    assert r["initiative_part"][2:4] == ("10\u202f%", "Respectée")
    alerts = {a.code: a for a in plan.alerts if a.code.startswith("financeur_")}
    assert set(alerts) == {"financeur_banque_apport", "financeur_banque_part_investissements"}
    apport = alerts["financeur_banque_apport"]
    assert apport.severity == "attention" and apport.path == ("financing", "apport")
    assert apport.message.startswith("Banque (prêt professionnel) — Apport du créateur")
    assert "il manque 1\u202f000\u202f€" in apport.message and "usage, sans texte" in apport.message
    assert alerts["financeur_banque_part_investissements"].severity == "info"
    assert alerts["financeur_banque_apport"].topic.label == "Financeurs"


def test_debt_cover_reading_equals_the_cover_table():
    plan = build_plan(_plan(apport=4000, loans=[
        {"label": "Banque", "kind": "banque", "amount": 6000, "rate": 0.05, "months": 24}]))
    cover = plan.tables["couverture_emprunts"]
    ratios = [v for v in cover.line("couverture").values if v is not None]
    r = _readings(plan)["banque_couverture"]
    assert r[2] == f"{min(ratios):.1f}\u202ffois".replace(".", ",")
    assert r[3] == ("Respectée" if min(ratios) >= 1 else r[3])


def test_only_the_financers_approached_are_read():
    plan = build_plan(_plan(apport=5000))  # no loan, no ARCE: nobody to read
    assert plan.tables["lecture_financeurs"].lines == ()
    plan = build_plan(_plan(apport=5000, arce=3000))  # ARCE without ACRE: France Travail
    r = _readings(plan)
    assert list(r) == ["arce_acre"] and r["arce_acre"][3] == "Non respectée : condition non " \
                                                             "remplie"
    alert = next(a for a in plan.alerts if a.code == "financeur_arce_acre")
    assert alert.severity == "bloquant" and alert.path == ("project", "acre")
    data = _plan(apport=5000, arce=3000)
    data["project"]["acre"] = True
    assert _readings(build_plan(data))["arce_acre"][3] == "Respectée"


def test_a_microcredit_over_the_legal_ceiling_says_by_how_much():
    over = Reading(_rule("adie_montant"), Measured(15000))
    assert over.met is False and over.verdict == "Non respectée : 3\u202f000\u202f€ de trop"
    long = Reading(_rule("adie_duree"), Measured(72))
    assert long.verdict == "Non respectée : 12\u202fmois de trop"
    assert Reading(_rule("adie_duree"), None).verdict == "Sans objet pour ce plan"


def test_edited_thresholds_drive_the_reading_and_bad_ones_are_located():
    data = _plan(apport=1000, loans=[
        {"label": "Banque", "kind": "banque", "amount": 8000, "rate": 0.05, "months": 60}])
    data["financer_rules"] = [{"key": "banque_apport", "value": 0.05},
                              {"key": "banque_part_investissements", "value": "90 %"}]
    r = _readings(build_plan(data))
    assert r["banque_apport"][1:4] == ("au moins 5\u202f%", "10\u202f%", "Respectée")
    assert r["banque_part_investissements"][1] == "au plus 90\u202f%"
    data["financer_rules"] = [{"key": "banque_apport", "value": "beaucoup"}]
    with pytest.raises(InvalidAssumptions) as e:
        build_plan(data)
    assert [p.path for p in e.value.problems] == [("financer_rules", 0, "value")]


def test_read_plan_with_financers_picked():
    plan = build_plan(_plan(apport=1000, loans=[
        {"label": "Banque", "kind": "banque", "amount": 8000, "rate": 0.05, "months": 60}]))
    keys = [r.rule.key for r in read_plan(plan.forecast, picked={"initiative"})]
    assert keys == [r.key for r in default_financers().rules if r.financer == "initiative"]


def test_the_workbook_shows_the_reading(tmp_path):
    data = _plan(apport=1000, loans=[
        {"label": "Banque", "kind": "banque", "amount": 8000, "rate": 0.05, "months": 60}])
    path = build_example(data, tmp_path / "plan.xlsx")
    ws = openpyxl.load_workbook(path)["Lecture des financeurs"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=8)]
    assert rows[0][1:7] == ["Lecture des financeurs sollicités", "Règle", "Attendu", "Plan",
                            "Verdict", "Nature"]
    assert rows[1][1] == "Banque (prêt professionnel)" and rows[1][4] == "10\u202f%"
    assert rows[1][5] == "Non respectée : il manque 2\u202f000\u202f€"
