"""The household beside the business (forecast/household.py): the choice between ARE and ARCE,
the tax by civil year with and without the versement libératoire, the tax paid month by month
and the drawings the business must provide. Figures computed by hand, written here."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from forecast.activity import Activity
from forecast.assumptions import ARCE, ARE, Founder
from forecast.household import household, tax_years, unemployment
from forecast.household_tables import Outcome, advice, household_table
from forecast.income_tax import tax_rules
from forecast.rules import load_rules
from forecast.timeline import month_starts
from forecast.unemployment import unemployment_rules

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


def test_without_a_budget_the_tax_is_left_to_the_tables(rules):
    """The tax changes what the business pays only through the budget: without one the engine
    does not compute it (the « Revenus du foyer » tables do)."""
    h = _run(rules, Founder(other_income=1500))
    assert h.years == () and not h.tax_paid.any()
    assert _years(rules, SINGLE)[0].cost_without_vl == 1391


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


# --- the « Revenus du foyer » tables and the advice ----------------------------------------------

def test_household_table_by_civil_year(rules):
    h = _run(rules, SINGLE)
    t = household_table(h, h.years)
    assert t.columns == ("2026", "2027", "2028")
    assert t.value("autres_revenus", 0) == pytest.approx(18000)
    assert t.value("impot_sans_vl", 0) == 1391
    assert t.value("impot_avec_vl", 0) == pytest.approx(956)
    assert t.value("moins_cher", 0) == "avec versement libératoire"
    assert t.value("revenu_disponible", 1) == pytest.approx(24000)  # the needs, 12 × 2 000 €
    assert t.value("vl_permis", 0) == "RFR non saisi"


def test_a_partial_year_says_how_many_months(rules):
    tax, ft, business = rules
    months = month_starts(D(2026, 4, 1))
    n = len(months)
    h = household(tax, ft, business, SINGLE, Activity.BNC, D(2026, 4, 1), False, months,
                  np.zeros(n), np.full(n, 1000.0), np.zeros(n))
    assert household_table(h, h.years).columns == ("2026 (9 mois)", "2027", "2028", "2029 (3 mois)")


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


def test_advice_without_acre():
    assert advice(_outcome(ARE, 14000, 900), None, 500)[0] == ARE
