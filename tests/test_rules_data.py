"""The law as data: every parameter has a unit, several data files merge, a value keyed by the
start date needs it, and a plan lists the parameters it read (« Règles appliquées »)."""
import datetime as dt

import pytest

from forecast.plan import build_plan
from forecast.rules import DATA_DIR, RulesError, load_rules
from plans import simple_plan

D = dt.date


def test_every_parameter_of_every_data_file_has_a_unit_and_sources():
    files = sorted(DATA_DIR.glob("*.toml"))
    not_law = ("benchmarks.toml", "financers.toml")  # usual ranges and financers' rules
    rules = load_rules(*[f for f in files if f.name not in not_law])
    assert {"cotisations.bnc", "arce.part_des_droits", "ir.decote.taux"} <= set(rules.parameters)
    for p in rules.parameters.values():
        assert p.unit and all(v.source.strip() for v in p.values), p.key


def test_a_file_without_units_or_a_key_twice_is_refused(tmp_path):
    bad = tmp_path / "sans_unite.toml"
    bad.write_text('covered_until = 2026-12-31\n[parameters."x"]\nlabel = "X"\n'
                   'values = [{ from = 2024-01-01, value = 1, source = "s" }]\n', "utf-8")
    with pytest.raises(RulesError, match="unité"):
        load_rules(bad)
    twice = tmp_path / "double.toml"
    twice.write_text('covered_until = 2025-12-31\n[parameters."pass"]\nlabel = "PASS"\n'
                     'unit = "€"\nvalues = [{ from = 2024-01-01, value = 1, source = "s" }]\n',
                     "utf-8")
    with pytest.raises(RulesError, match="déjà définis"):
        load_rules(DATA_DIR / "rules.toml", twice)


def test_merged_rules_are_covered_until_the_earliest_file():
    both = load_rules(DATA_DIR / "rules.toml", DATA_DIR / "impot_revenu.toml")
    assert both.covered_until == min(load_rules().covered_until,
                                     load_rules(DATA_DIR / "impot_revenu.toml").covered_until)


def test_the_data_cover_from_the_first_day_every_parameter_has_a_value(tmp_path):
    two = tmp_path / "deux.toml"
    two.write_text('covered_until = 2026-12-31\n'
                   '[parameters."a"]\nlabel = "A"\nunit = "€"\n'
                   'values = [{ from = 2020-01-01, value = 1, source = "s" }]\n'
                   '[parameters."b"]\nlabel = "B"\nunit = "€"\n'
                   'values = [{ from = 2025-07-01, value = 1, source = "s" },'
                   ' { from = 2023-01-01, value = 2, source = "s" }]\n', "utf-8")
    rules = load_rules(two)
    assert rules.covered_from == D(2023, 1, 1)  # b's first value, the latest first date
    rules.check_year(2023)
    rules.check_year(2026)
    for year in (2022, 2027):
        with pytest.raises(RulesError, match=f"Année {year} .* du 01/01/2023 au 31/12/2026"):
            rules.check_year(year)
    # the regime's data: the PASS, the versement libératoire's ceiling and the CFE's brackets
    # are known from 2024 — a parameter whose values start later moves every plan's first day
    assert load_rules().covered_from == D(2024, 1, 1)


def test_acre_coefficient_is_selected_by_the_start_date():
    rules = load_rules()
    # turnover of 2027 for an activity started in June 2026: 50 % (started before July 2026)
    assert rules.value("acre.coefficient", D(2027, 1, 1), start=D(2026, 6, 1)) == 0.5
    assert rules.value("acre.coefficient", D(2026, 8, 1), start=D(2026, 7, 1)) == 0.75
    with pytest.raises(RulesError, match="date de début"):
        rules.value("acre.coefficient", D(2026, 8, 1))


def test_the_plan_lists_the_rules_it_applied_with_value_and_source():
    plan = build_plan(simple_plan(acre=True))  # services BIC from 1 January 2025
    table = plan.tables["regles"]
    keys = {line.key for line in table.lines}
    assert {"cotisations.services_bic", "acre.coefficient", "cfp.commercant",
            "tfc.cci.services", "plafond.services"} <= keys
    assert "cotisations.bnc" not in keys and "cotisations.vente" not in keys
    rate = table.line("cotisations.services_bic")
    assert rate.values[0] == "21,2\u202f% depuis le 01/10/2022"
    assert rate.values[1] == "taux" and "D613-4" in rate.values[2]
    assert table.line("acre.coefficient").values[0] == "50\u202f% depuis le 01/01/2020"
    # the services ceiling read for 2025 and 2026: both values, each from its date
    ceiling = next(r for r in plan.to_json()["regles"] if r["cle"] == "plafond.services")
    assert ceiling["valeur"] == ("77\u202f700\u202f€ depuis le 01/01/2023 ; "
                                 "83\u202f600\u202f€ depuis le 01/01/2026")
    assert ceiling["unite"] == "€" and "CGI art. 50-0" in ceiling["source"]


def test_a_plan_computed_again_lists_the_same_rules():
    """The rules remember the values they looked up (the engine reads the same ones month
    after month, plan after plan): a value found again is noted again, so a second plan still
    lists all the law it read."""
    first = build_plan(simple_plan(acre=True)).tables["regles"]
    again = build_plan(simple_plan(acre=True)).tables["regles"]
    assert len(first.lines) > 10
    assert [line.values for line in again.lines] == [line.values for line in first.lines]


def test_the_founders_unemployment_and_income_tax_rules_are_listed_with_their_sources():
    data = simple_plan(start_date="2025-06-01", acre=True)
    data["founder"] = {"monthly_needs": 1500, "are_daily": 40, "are_days": 300, "choice": "ARE"}
    plan = build_plan(data)
    table = plan.tables["regles"]
    keys = {line.key for line in table.lines}
    assert {"are.jours_par_mois", "are.cumul.part_remuneration", "ir.bareme.taux_1",
            "ir.decote.taux", "pas.solde.premier_mois",
            "arce.part_des_droits"} <= keys  # with ACRE, the ARCE shown beside the ARE
    # the income tax's second bracket: 11 % (CGI art. 197, I, 1); ARE: 70 % of the earnings
    # counted (France Travail's rule of the cumul), both in the JSON as on the sheet
    regles = {r["cle"]: r for r in plan.to_json()["regles"]}
    assert regles["ir.bareme.taux_1"]["valeur"] == "11\u202f% depuis le 01/01/2024"
    assert "CGI art. 197" in regles["ir.bareme.taux_1"]["source"]
    assert regles["are.cumul.part_remuneration"]["valeur"].startswith("70\u202f% depuis")
    assert "chômage" in regles["are.cumul.part_remuneration"]["source"]
    data = simple_plan(start_date="2025-06-01")
    keys = {line.key for line in build_plan(data).tables["regles"].lines}
    assert not {"arce.mois_second_versement", "are.jours_par_mois"} & keys
    # without a founder typed, Revenus du foyer still computes the household's tax (one part, no
    # other income): the rules it read are listed too
    assert {"ir.bareme.taux_1", "pas.solde.premier_mois"} <= keys
    data["financing"] = {"arce": 6000}  # typed: its second half's month is a rule
    keys = {line.key for line in build_plan(data).tables["regles"].lines}
    assert "arce.mois_second_versement" in keys
