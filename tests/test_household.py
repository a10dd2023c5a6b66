"""The household beside the business (forecast/household.py): the choice between ARE and ARCE,
the tax by civil year with and without the versement libératoire, the tax paid month by month
and the drawings the business must provide. Figures computed by hand, written here."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from forecast.activity import Activity
from forecast.assumptions import ARCE, ARE, Founder, InvalidAssumptions, parse_assumptions
from forecast.household import (household, nearest_whole, tax_years, unemployment,
                                unpaid_drawings)
from forecast.household_tables import (Comparison, Outcome, advice, household_table,
                                       if_it_stops)
from forecast.french import euros
from forecast.income_tax import tax_rules
from forecast.plan import build_plan
from forecast.rules import load_rules
from forecast.timeline import month_starts
from forecast.unemployment import unemployment_rules
from plans import example, simple_plan

D = dt.date
START = D(2026, 1, 1)
MONTHS = month_starts(START)


@pytest.fixture(scope="module")
def rules():
    return tax_rules(), unemployment_rules(), load_rules()


def _run(rules, founder, services=1000.0, vl=False, typed=0.0):
    tax, ft, business = rules
    n = len(MONTHS)
    return household(tax, ft, business, founder, Activity.BNC, START, vl, MONTHS,
                     np.zeros(n), np.full(n, services), np.full(n, typed))


def test_arce_is_paid_into_the_business_in_two_halves(rules):
    """40 €/day, 518 days: 12 059.04 € (service-public's example), 6 029.52 € at the start and
    in the seventh month; no ARE for the household."""
    h = _run(rules, Founder(are_daily=40, are_days=518, choice=ARCE))
    assert h.arce[0] == h.arce[6] == 6029.52
    assert h.arce.sum() == pytest.approx(12059.04)
    assert not h.are.any()


def test_are_kept_is_the_households(rules):
    """1 000 € of BNC receipts a month, 34 % allowance: 660 € counted; (30 × 40 − 0.7 × 660) / 40
    = 18.45 -> 19 days = 760 €, less 3 % × 70 € × 19 = 39.90 €: 720.10 € a month, until 60 %
    of 20 720 € (12 432 €) is paid: 16 months of 760 €, then 272 € (6.8 days, 257.72 € net)."""
    h = _run(rules, Founder(are_daily=40, are_days=518, reference_daily_wage=70, choice=ARE))
    assert list(h.are[:16]) == pytest.approx([720.10] * 16)
    assert h.are[16] == pytest.approx(257.72)
    assert not h.are[17:].any()
    assert not h.arce.any()


def test_without_rights_there_is_no_option(rules):
    tax, ft, business = rules
    n = len(MONTHS)
    assert unemployment(ft, business, Founder(), Activity.BNC, MONTHS, np.zeros(n),
                        np.zeros(n)) is None


SINGLE = Founder(other_income=1500, monthly_needs=2000)


def test_tax_with_and_without_versement_liberatoire(rules):
    """A single person, 1 500 € a month of other income (18 000 € a year), 12 000 € of BNC
    receipts (7 920 € after 34 %). Barème of 2025's income (the latest) for 2026:
    without VL: 11 % × (25 920 − 11 600) = 1 575.20 €, décote 897 − 45.25 % × 1 575.20 =
    184.22 €: 1 391 €. With VL: 2.2 % × 12 000 = 264 € + the tax on 18 000 € at the rate of
    25 920 €: 1 575.20 × 18/25.92 = 1 093.89 €, décote 402.02 €: 692 €; 956 € in all."""
    y = _run(rules, SINGLE).years[0]
    assert (y.year, y.months) == (2026, 12)
    assert y.micro_income == pytest.approx(7920)
    assert y.cost_without_vl == 1391
    assert y.vl == pytest.approx(264)
    assert y.with_vl.due == 692
    assert y.cost_with_vl == pytest.approx(956)
    assert y.vl_allowed is None  # RFR not given


def test_tax_paid_and_drawings_month_by_month(rules):
    """Micro share of 1 391 €: 1 391 × 7 920 / 25 920 = 425.03 €, the rest (965.97 €) withheld
    at source, 80.50 € a month. 2026: nothing else; drawings 2 000 + 80.50 − 1 500 = 580.50 €.
    September 2027: + acompte 35.42 € (425.03/12) + a quarter of the 2026 solde (106.26 €):
    222.17 €. September 2028: 80.50 + 35.42 + the 2027 solde 425.03 − 4 × 35.42 = 283.35 €
    (≤ 300 €, at once): 399.27 €."""
    h = _run(rules, SINGLE)
    assert h.tax_paid[0] == pytest.approx(80.4977, abs=1e-4)
    assert h.drawings[0] == pytest.approx(580.4977, abs=1e-4)
    sept_2027, sept_2028 = MONTHS.index(D(2027, 9, 1)), MONTHS.index(D(2028, 9, 1))
    assert h.tax_paid[sept_2027] == pytest.approx(222.1736, abs=1e-4)
    assert h.tax_paid[sept_2028] == pytest.approx(399.2685, abs=1e-4)
    assert h.drawings[sept_2028] == pytest.approx(2000 + 399.2685 - 1500, abs=1e-4)


def test_with_the_versement_liberatoire_only_the_other_income_is_taxed_at_source(rules):
    """VL opted: the 692 € are withheld over the year (57.67 € a month), no acompte, no solde;
    the 264 € of VL are the business's (paid with the contributions)."""
    h = _run(rules, SINGLE, vl=True)
    assert list(h.tax_paid) == pytest.approx([692 / 12] * 36)


def test_disposable_income(rules):
    """ARE + drawings + other income − tax paid: with a budget it equals the needs."""
    h = _run(rules, SINGLE)
    assert list(h.disposable) == pytest.approx([2000] * 36)


def test_typed_drawings_less_the_are_without_a_budget(rules):
    """No budget: the drawings typed (1 500 €) less the ARE (720.10 €): 779.90 € a month."""
    h = _run(rules, Founder(are_daily=40, are_days=518, reference_daily_wage=70, choice=ARE),
             typed=1500)
    assert h.drawings[0] == pytest.approx(779.90)
    assert h.drawings[20] == 1500


def _years(rules, founder, services=1000.0, are=0.0, arce=0.0):
    tax, _, business = rules
    n = len(MONTHS)
    return tax_years(tax, business, founder, Activity.BNC, MONTHS, np.zeros(n),
                     np.full(n, services), np.full(n, are), np.full(n, arce))


def test_without_a_budget_the_household_pays_its_tax_all_the_same(rules):
    """The household pays its tax at source with or without a budget: the same 80.50 € withheld
    a month, 222.17 € in September 2027, as with the budget above; only the drawings do not
    depend on it (none typed: none). Computing the cash alone leaves it out."""
    h = _run(rules, Founder(other_income=1500))
    assert h.years[0].cost_without_vl == 1391
    assert h.tax_paid[0] == pytest.approx(80.4977, abs=1e-4)
    assert h.tax_paid[MONTHS.index(D(2027, 9, 1))] == pytest.approx(222.1736, abs=1e-4)
    assert not h.drawings.any()
    tax, ft, business = rules
    n = len(MONTHS)
    cash = household(tax, ft, business, Founder(other_income=1500), Activity.BNC, START, False,
                     MONTHS, np.zeros(n), np.full(n, 1000.0), np.zeros(n), cash_only=True)
    assert cash.years == () and not cash.tax_paid.any()


def test_vl_condition_from_the_rfr(rules):
    """RFR of 2024 of 30 000 € for one part: above 29 315 €, no VL in 2026."""
    y = _years(rules, Founder(rfr_two_years_before=30000))[0]
    assert y.vl_allowed is False


def test_arce_is_taxed_as_wages(rules):
    """The ARCE (12 059.04 €, both halves in 2026) is taxable less 10 %: 18 000 + 10 853.14 =
    28 853.14 €; 11 % × 17 253.14 = 1 897.84 €, décote 897 − 858.77 = 38.23 €: 1 860 €."""
    h = _run(rules, Founder(other_income=1500, are_daily=40, are_days=518, choice=ARCE))
    y = _years(rules, SINGLE, services=0, arce=h.arce)[0]
    assert y.taxable == pytest.approx(28853.136)
    assert y.cost_without_vl == 1860


def test_an_arce_typed_without_rights_is_the_household_s_too(rules):
    """No rights given, 6 000 € of ARCE typed on Financement (3 000 € in January and July):
    the household receives it and is taxed on it less 10 %: 18 000 + 5 400 = 23 400 €;
    11 % × 11 800 = 1 298 €, décote 897 − 587.35 = 309.66 €: 988 €."""
    tax, ft, business = rules
    n = len(MONTHS)
    typed = np.zeros(n)
    typed[[0, 6]] = 3000
    h = household(tax, ft, business, SINGLE, Activity.BNC, START, False, MONTHS, np.zeros(n),
                  np.zeros(n), np.zeros(n), typed)
    assert h.arce.sum() == 6000
    assert h.years[0].taxable == pytest.approx(23400)
    assert h.years[0].cost_without_vl == 988


# --- the « Revenus du foyer » tables and the advice ----------------------------------------------

def test_household_table_by_civil_year(rules):
    h = _run(rules, SINGLE)
    t = household_table(h)
    assert t.columns == ("2026", "2027", "2028")
    assert t.value("autres_revenus", 0) == pytest.approx(18000)
    assert t.value("impot_sans_vl", 0) == 1391
    assert t.value("impot_avec_vl", 0) == pytest.approx(956)
    assert t.value("moins_cher", 0) == "avec"
    assert t.value("revenu_disponible", 1) == pytest.approx(24000)  # the needs, 12 × 2 000 €
    assert t.value("vl_permis", 0) == "RFR non saisi"


def test_a_partial_year_says_how_many_months(rules):
    tax, ft, business = rules
    months = month_starts(D(2026, 4, 1))
    n = len(months)
    h = household(tax, ft, business, SINGLE, Activity.BNC, D(2026, 4, 1), False, months,
                  np.zeros(n), np.full(n, 1000.0), np.zeros(n))
    assert household_table(h).columns == ("2026 (9 mois)", "2027", "2028", "2029 (3 mois)")


def test_a_truncated_last_year_has_no_tax(rules):
    """From April 2026 the plan ends in March 2029: 2029's tax (on income mostly after the plan)
    is not computed, and its months withhold at 2028's pace. 2028 as 2026 in the case above:
    1 391 €, of which 425.03 € for the micro income; withheld (1 391 − 425.03)/12 = 80.50 € a
    month, plus January–August's acompte on 2027's micro income (the same 425.03 €/12 =
    35.42 €): 115.92 € in January 2029."""
    tax, ft, business = rules
    months = month_starts(D(2026, 4, 1))
    n = len(months)
    h = household(tax, ft, business, SINGLE, Activity.BNC, D(2026, 4, 1), False, months,
                  np.zeros(n), np.full(n, 1000.0), np.zeros(n))
    assert [y.truncated for y in h.years] == [False, False, False, True]
    assert h.tax_paid[months.index(D(2029, 1, 1))] == pytest.approx(115.9167, abs=1e-4)
    t = household_table(h)
    assert t.value("impot_sans_vl", 2) == 1391
    assert t.value("impot_sans_vl", 3) is None and t.value("moins_cher", 3) is None
    assert t.value("autres_revenus", 3) == pytest.approx(4500)


def test_a_truncated_year_pays_as_the_nearest_whole_year():
    """The one rule the tax paid and the sheet's assumptions follow: the nearest whole year, the
    later of two as near; none whole, the nearest year itself."""
    def years(*spec):
        return tuple(SimpleNamespace(year=y, truncated=t) for y, t in spec)
    assert nearest_whole(years((2026, True), (2027, False), (2028, False)), 2026) == 2027
    assert nearest_whole(years((2027, False), (2028, False), (2029, True)), 2029) == 2028
    assert nearest_whole(years((2027, False), (2028, True), (2029, False)), 2028) == 2029
    assert nearest_whole(years((2026, True), (2027, True)), 2025) == 2026


def test_without_a_budget_the_needs_are_not_shown(rules):
    h = _run(rules, Founder(other_income=1500))
    t = household_table(h)
    assert t.line("besoins").values == (None, None, None)


def _outcome(option, received, lowest, rights=0.0):
    return Outcome(option, received, lowest, D(2026, 9, 1), rights, np.array([lowest]))


def test_advice_keeps_cash_above_the_minimum():
    best, why = advice(_outcome(ARE, 14000, -2500), _outcome(ARCE, 12059, 800), 500)
    assert best == ARCE
    assert why.startswith("L'ARCE garde la trésorerie de l'entreprise au-dessus du minimum")


def test_advice_otherwise_the_larger_sum():
    best, why = advice(_outcome(ARE, 14000, 900, 207.2), _outcome(ARCE, 12059, 2500), 500)
    assert best == ARE
    assert "1\u202f941\u202f€ de plus" in why and "207 jours" in why


def test_what_each_option_leaves_if_the_business_stops(rules):
    """40 €/day, 518 days from January 2026. ARE kept: 19 days a month (the case above), so
    518 − 6 × 19 = 404 days (16 160 €) at the end of June, 518 − 310.8 = 207.2 days (8 288 €)
    at the plan's end. ARCE: the first half of 12 432 € stands for 155.4 days: 362.6 days
    (14 504 €) if it stops before July 2026, when the second half (6 029.52 €) is paid; then
    207.2 days."""
    h = _run(rules, Founder(are_daily=40, are_days=518, reference_daily_wage=70, choice=ARCE))
    c = Comparison(_outcome(ARE, 14000, 900), _outcome(ARCE, 12059.04, 2500), ARCE, ARCE, "")
    are, arce = if_it_stops(h, c)
    assert are.endswith(f"404\u202fjours de droits ({euros(16160)}) fin juin 2026, "
                        f"207\u202fjours de droits ({euros(8288)}) à la fin du plan.")
    assert arce == (f"Avec l'ARCE : un arrêt avant juillet 2026 fait perdre le second versement "
                    f"({euros(6030)}) et laisse 363\u202fjours de droits ({euros(14504)}) ; plus "
                    f"tard, 207\u202fjours de droits ({euros(8288)}).")


def test_advice_without_acre():
    assert advice(_outcome(ARE, 14000, 900), None, 500)[0] == ARE


# --- in the plan --------------------------------------------------------------------------------
RIGHTS = {"are_daily": 40, "are_days": 518, "reference_daily_wage": 70}


GRAPHIST_RIGHTS = {"are_daily": 46.23, "are_days": 223, "reference_daily_wage": 81,
                   "choice": "arce"}


def test_the_plan_gives_revenus_foyer_and_are_arce():
    """The graphic designer with rights of 46.23 € a day, 223 days: (46.23 × 223) × 0.60 =
    6 185.57 €, less 3 % (185.57 €): 6 000.00 €, in two halves, into the business (the 6 000 €
    the example types on Financement)."""
    data = example("graphiste")
    data["founder"] |= GRAPHIST_RIGHTS
    plan = build_plan(data)
    out = plan.to_json()
    assert out["are_arce"]["arce"]["total_percu"] == 6000.0
    assert out["are_arce"]["choix"] == "arce"
    assert out["revenus_foyer"][0]["periode"] == "2026"
    assert out["revenus_foyer"][0]["arce"] == 6000.0
    assert plan.forecast.funds.arce[0] == plan.forecast.funds.arce[6] == 3000.0
    said = [line.label for line in plan.tables["hypotheses_foyer"].lines]
    assert any("un couple imposé en commun, 2,5 parts de quotient familial, 2\u202f100\u202f€ "
               "par mois d'autres revenus" in text for text in said)
    assert said[-2].startswith("8. 2029 : le plan s'arrête en février 2029")
    assert said[-2].endswith("autres revenus est celle de 2028.")  # the nearest whole year
    assert build_plan(example("bijoux")).to_json()["are_arce"] is None
    assert build_plan(example("graphiste")).to_json()["are_arce"] is None  # no rights typed


def test_the_other_option_is_the_plan_computed_again_with_it():
    """The graphic designer choosing ARCE: the comparison's ARE is the business's cash of the
    same plan with ARE chosen, month by month, and the other way round; the ARCE's first half,
    3 000 € paid into the business in the first month, puts ARCE's cash above ARE's."""
    data = example("graphiste")
    data["founder"] |= GRAPHIST_RIGHTS
    chosen = build_plan(data)
    data["founder"]["choice"] = "are"
    other = build_plan(data)
    for plan, option in ((chosen, "arce"), (other, "are")):
        c = plan.comparison
        assert list(c.are.cash) == list(other.forecast.cash.balance)
        assert list(c.arce.cash) == list(chosen.forecast.cash.balance)
        assert c.chosen == option
    assert chosen.comparison.arce.cash[0] - chosen.comparison.are.cash[0] == \
        pytest.approx(3000.0, abs=1e-6)


def test_arce_without_acre_is_blocking_and_not_paid():
    data = simple_plan(start_date="2026-01-01") | {"founder": RIGHTS | {"choice": "arce"}}
    plan = build_plan(data)
    assert "arce_sans_acre" in {a.code for a in plan.alerts if a.severity == "bloquant"}
    assert not plan.forecast.funds.arce.any()
    assert plan.to_json()["are_arce"]["arce"] is None


def _rule_keys(plan) -> set[str]:
    return {line.key for line in plan.tables["regles"].lines}


def test_only_the_arce_the_plan_shows_lists_its_rules():
    """« Règles appliquées » lists the ARCE's rules only when the plan pays or shows an ARCE:
    the ARE kept without ACRE (no ARCE granted, the 6 000 € typed on Financement replaced by
    the rights) reads none of them; the ARCE chosen with ACRE reads all three."""
    data = simple_plan(start_date="2026-01-01") | {"founder": RIGHTS | {"choice": "are"},
                                                     "financing": {"arce": 6000}}
    kept = _rule_keys(build_plan(data))
    assert "are.jours_par_mois" in kept
    assert not {key for key in kept if key.startswith("arce.")}
    data["project"]["acre"] = True
    data["founder"]["choice"] = "arce"
    assert {"arce.part_des_droits", "arce.retenue_retraite",
            "arce.mois_second_versement"} <= _rule_keys(build_plan(data))


def test_an_arce_typed_beside_the_rights_is_said_replaced_or_not_counted():
    """6 000 € of ARCE typed on Financement with rights of 40 € × 518 days: with the ARCE chosen
    (and ACRE) the plan pays 12 059.04 € computed from the rights instead; with the ARE kept it
    pays none (the two options exclude each other); without ACRE the blocking alert says it."""
    data = simple_plan(start_date="2026-01-01", acre=True) | {
        "founder": RIGHTS | {"choice": "arce"}, "financing": {"arce": 6000}}

    def said(choice):
        data["founder"]["choice"] = choice
        return [a.message for a in build_plan(data).alerts if a.code == "arce_saisie"]
    assert said("arce") == ["L'ARCE saisie sur la feuille Financement (6\u202f000\u202f€) est "
                            "remplacée par celle calculée à partir de vos droits "
                            "(12\u202f059\u202f€)."]
    assert said("are") == ["L'ARCE saisie sur la feuille Financement (6\u202f000\u202f€) n'est "
                           "pas comptée : vous avez choisi l'ARE maintenue (feuille Porteur de "
                           "projet), qui ne se cumule pas avec l'ARCE."]
    data["project"]["acre"] = False
    assert said("arce") == []


def test_the_budget_sets_the_drawings():
    """Needs 2 000 €, other income 500 €: the business pays 1 500 € a month (no tax: 6 000 €
    of other income a year is under the 0 % bracket, the micro income's tax is paid from
    September of the next year)."""
    data = simple_plan(start_date="2026-01-01") | {
        "founder": {"monthly_needs": 2000, "other_income": 500}}
    f = build_plan(data).forecast
    assert list(f.funds.drawings[:12]) == [1500] * 12


def test_unpaid_drawings_month_by_month():
    """1 500 € of drawings a month; cash at the month's end with every drawing paid: 500 €,
    −700 €, −2 500 €, −1 000 €. The second month 700 € cannot be paid; the third the cash with
    those 700 € kept is −1 800 €: the whole 1 500 €; the fourth, −1 000 + 2 200 > 0: paid."""
    out = unpaid_drawings(np.full(4, 1500.0), np.array([500.0, -700.0, -2500.0, -1000.0]))
    assert list(out) == [0, 700, 1500, 0]


def test_drawings_the_business_cannot_pay():
    data = simple_plan(start_date="2026-01-01") | {"founder": {"monthly_needs": 3000}}
    alerts = {a.code: a for a in build_plan(data).alerts}
    assert alerts["foyer_prelevements"].severity == "attention"
    assert alerts["foyer_prelevements"].path == ("founder", "monthly_needs")


def test_the_household_month_by_month():
    """Needs of 3 000 € a month and rights to ARE, without ACRE: the sheet's monthly block
    shows the drawings the business cannot pay (the alert quotes their total) and the ARE kept,
    no ARCE lines."""
    data = simple_plan(start_date="2026-01-01") | {
        "founder": {"monthly_needs": 3000} | RIGHTS | {"choice": "are"}}
    plan = build_plan(data)
    t = plan.tables["foyer_mois"]
    assert [line.key for line in t.lines] == [
        "besoins", "autres_revenus", "are", "impot_paye", "prelevements", "tresorerie",
        "non_verses", "options", "are_mensuelle", "droits_are", "tresorerie_are"]
    assert t.columns[0] == "janvier 2026" and len(t.columns) == 36
    unpaid = sum(t.line("non_verses").values)
    alert = next(a for a in plan.alerts if a.code == "foyer_prelevements")
    assert f"il manque {euros(unpaid)} en tout" in alert.message
    assert "foyer_mois" not in plan.to_json()


@pytest.mark.parametrize("founder, path, message", [
    (RIGHTS, ("founder", "choice"), "choisissez"),
    ({"choice": "ARE maintenue"}, ("founder", "are_daily"), "saisissez l'allocation"),
    ({"couple": "oui", "parts": 1}, ("founder", "parts"), "au moins 2 parts"),
    ({"choice": "chômage"}, ("founder", "choice"), "n'est pas une valeur permise"),
])
def test_founder_inputs_are_checked(founder, path, message):
    with pytest.raises(InvalidAssumptions) as e:
        parse_assumptions(simple_plan(start_date="2026-01-01") | {"founder": founder})
    assert [p.path for p in e.value.problems] == [path]
    assert message in e.value.problems[0].message
    assert str(e.value).startswith("Porteur de projet — ")


def test_an_existing_activity_pays_its_acomptes_from_the_plan_s_first_month():
    """Services (BIC, 50 % allowance) since May 2021, 2 000 € a month, the plan from January
    2026; a single person with 1 500 € a month of other income. Each year: 12 000 € of micro
    income + 18 000 € = 30 000 €; 11 % × (29 579 − 11 600) + 30 % × 421 = 2 103.99 €, no
    décote: 2 104 €, of which 2 104 × 12/30 = 841.60 € for the micro income. The acomptes run
    on the years before the plan taken as 2026: 70.13 € a month from January, beside 105.20 €
    withheld ((2 104 − 841.60)/12): 175.33 € every month, and no solde."""
    data = simple_plan(start_date="2021-05-03", plan_start="2026-01-01") | {
        "founder": {"monthly_needs": 2000, "other_income": 1500}}
    data["offers"][0]["unit_price"] = 2000
    plan = build_plan(data)
    assert list(plan.forecast.household.tax_paid) == pytest.approx([175.3333] * 36, abs=1e-4)
    said = " ".join(line.label for line in plan.tables["hypotheses_foyer"].lines)
    assert "Activité existante (depuis le 03/05/2021)" in said


def test_without_a_budget_both_tables_show_the_tax_paid():
    """The case above without a budget: the household pays the same 175.33 € a month (2 104 € a
    year) at source; the monthly table and the yearly one both say so, and the income left is
    18 000 − 2 104 = 15 896 € a year (no drawings typed)."""
    data = simple_plan(start_date="2021-05-03", plan_start="2026-01-01") | {
        "founder": {"other_income": 1500}}
    data["offers"][0]["unit_price"] = 2000
    plan = build_plan(data)
    monthly, yearly = plan.tables["foyer_mois"], plan.tables["revenus_foyer"]
    assert list(monthly.line("impot_paye").values) == pytest.approx([175.3333] * 36, abs=1e-4)
    assert list(yearly.line("impot_paye").values) == pytest.approx([2104] * 3)
    assert list(yearly.line("revenu_disponible").values) == pytest.approx([15896] * 3)


def test_an_existing_activity_has_no_are_nor_arce_to_compute():
    with pytest.raises(InvalidAssumptions, match="depuis la création"):
        parse_assumptions(simple_plan(start_date="2021-05-03", plan_start="2026-01-01")
                          | {"founder": RIGHTS | {"choice": "are"}})


def test_a_wrong_start_date_is_the_only_problem_said():
    """Rights are judged by the start date: a date that cannot be read says so alone."""
    with pytest.raises(InvalidAssumptions) as e:
        parse_assumptions(simple_plan(start_date="31/02/2026")
                          | {"founder": RIGHTS | {"choice": "are"}})
    assert [p.path for p in e.value.problems] == [("project", "start_date")]


def test_rights_before_april_2025_are_refused_on_their_cell():
    with pytest.raises(InvalidAssumptions, match="01/04/2025"):
        parse_assumptions(simple_plan(start_date="2025-01-01")
                          | {"founder": RIGHTS | {"choice": "are"}})


def _slide_titles(data) -> list[str]:
    from report.deck import build_deck
    prs = build_deck(build_plan(data), data.get("narrative"), D(2026, 11, 30))
    return [next((sh.text_frame.text for sh in slide.shapes if sh.has_text_frame
                  and sh.text_frame.text.strip()), "") for slide in prs.slides]


def test_the_deck_has_the_founder_first_and_the_households_income():
    titles = _slide_titles(example("graphiste"))
    assert titles.index("Le porteur de projet") == 3  # after the cover, Sommaire, key figures
    assert "Revenus du porteur et de son foyer" in titles
    assert 20 <= len(titles) <= 40
    plain = _slide_titles(example("bijoux"))
    assert "Le porteur de projet" not in plain
    assert "Revenus du porteur et de son foyer" not in plain
