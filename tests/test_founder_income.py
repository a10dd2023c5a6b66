"""ARE kept or ARCE taken (forecast/unemployment.py) and the household's income tax with its
payment calendar (forecast/income_tax.py), each rule on a case computed by hand, the figures
written here; the dated data (forecast/data/chomage.toml, impot_revenu.toml) against the official
figures."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from forecast.activity import Activity
from forecast.income_tax import (decote, gross_tax, household_tax, micro_income, payments,
                                 salary_like, scale, tax_rules, vl_allowed)
from forecast.rules import RulesError, load_rules
from forecast.timeline import month_starts
from forecast.unemployment import (Rights, arce, arce_rights_left, counted_income,
                                   indemnified_days, kept_are, unemployment_rules)

D = dt.date


@pytest.fixture(scope="module")
def tax():
    return tax_rules()


@pytest.fixture(scope="module")
def ft():
    return unemployment_rules()


@pytest.fixture(scope="module")
def business():
    return load_rules()


# --- the data against the official figures -----------------------------------------------------

OFFICIAL = [
    # file, key, day, value, where it is published
    ("ir", "ir.bareme.limite_1", D(2024, 1, 1), 11497, "CGI 197 (LF 2025), revenus 2024"),
    ("ir", "ir.bareme.limite_2", D(2024, 6, 1), 29315, "CGI 197 (LF 2025)"),
    ("ir", "ir.bareme.limite_3", D(2024, 1, 1), 83823, "CGI 197 (LF 2025)"),
    ("ir", "ir.bareme.limite_4", D(2024, 1, 1), 180294, "CGI 197 (LF 2025)"),
    ("ir", "ir.bareme.limite_1", D(2025, 1, 1), 11600, "LF 2026, amendement n° 3370"),
    ("ir", "ir.bareme.limite_2", D(2025, 1, 1), 29579, "LF 2026"),
    ("ir", "ir.bareme.limite_3", D(2025, 1, 1), 84577, "LF 2026"),
    ("ir", "ir.bareme.limite_4", D(2025, 12, 31), 181917, "LF 2026"),
    ("ir", "ir.bareme.taux_1", D(2025, 1, 1), 0.11, "CGI 197"),
    ("ir", "ir.bareme.taux_2", D(2025, 1, 1), 0.30, "CGI 197"),
    ("ir", "ir.bareme.taux_3", D(2025, 1, 1), 0.41, "CGI 197"),
    ("ir", "ir.bareme.taux_4", D(2025, 1, 1), 0.45, "CGI 197"),
    ("ir", "ir.quotient_familial.plafond_demi_part", D(2024, 1, 1), 1791, "CGI 197 I 2"),
    ("ir", "ir.quotient_familial.plafond_demi_part", D(2025, 1, 1), 1807, "LF 2026"),
    ("ir", "ir.decote.seuil_personne_seule", D(2024, 1, 1), 889, "CGI 197 I 4 a"),
    ("ir", "ir.decote.seuil_couple", D(2024, 1, 1), 1470, "CGI 197 I 4 a"),
    ("ir", "ir.decote.seuil_personne_seule", D(2025, 1, 1), 897, "LF 2026"),
    ("ir", "ir.decote.seuil_couple", D(2025, 1, 1), 1483, "LF 2026"),
    ("ir", "ir.decote.taux", D(2025, 1, 1), 0.4525, "CGI 197 I 4 a : 45,25 %"),
    ("ir", "ir.minimum_de_recouvrement", D(2025, 1, 1), 61, "CGI 1657 1 bis"),
    ("ir", "ir.micro.abattement_minimum", D(2025, 1, 1), 305, "CGI 50-0, 102 ter"),
    ("ir", "ir.salaires.deduction_forfaitaire", D(2025, 1, 1), 0.10, "CGI 83 3°"),
    ("ir", "pas.mois_nouvelle_base", D(2025, 1, 1), 9, "BOI-IR-PAS-20-10-20-10 § 10"),
    ("ir", "pas.solde.premier_mois", D(2025, 1, 1), 9, "CGI 1663 B"),
    ("ir", "pas.solde.prelevements", D(2025, 1, 1), 4, "CGI 1663 B"),
    ("ir", "pas.solde.seuil_fractionnement", D(2025, 1, 1), 300, "CGI 1663 B"),
    ("ir", "pas.remboursement.mois", D(2025, 1, 1), 7, "hypothèse : remboursements fin juillet"),
    ("ft", "are.jours_par_mois", D(2025, 4, 1), 30, "convention 15/11/2024 : 30 jours"),
    ("ft", "are.participation_retraite", D(2025, 4, 1), 0.03, "3 % du SJR"),
    ("ft", "are.cumul.part_remuneration", D(2025, 4, 1), 0.70, "70 % des rémunérations"),
    ("ft", "are.cumul.part_des_droits", D(2025, 4, 1), 0.60, "60 % des droits restants"),
    ("ft", "arce.part_des_droits", D(2025, 4, 1), 0.60, "60 % du reliquat"),
    ("ft", "arce.retenue_retraite", D(2025, 4, 1), 0.03, "service-public F15252 : 3 %"),
    ("ft", "arce.mois_second_versement", D(2025, 4, 1), 6, "second versement à 6 mois"),
]


@pytest.mark.parametrize("file, key, day, value, where", OFFICIAL)
def test_official_values(tax, ft, file, key, day, value, where):
    assert (tax if file == "ir" else ft).value(key, day) == value, where


def test_every_value_has_a_source_and_a_unit(tax, ft):
    for rules in (tax, ft):
        for p in rules.parameters.values():
            assert p.label and all(v.source for v in p.values), p.key


def test_income_years_past_the_data(tax):
    """The barème of 2026's income is not published (30 November 2026): the data stop at 2025's
    income, and a later year gets the latest barème (the plan says so)."""
    assert tax.covered_until == D(2025, 12, 31)
    assert tax.value("ir.bareme.limite_1", D(2026, 1, 1)) == 11600


# --- ARCE ----------------------------------------------------------------------------------

def test_arce_service_public_example(ft):
    """service-public.fr F15252: 40 €/day, 518 days left -> (40 × 518) × 0.60 = 12 432 €, with
    the 3 % deduction 12 059 € (to the cent: 12 432 − 372.96 = 12 059.04), in two halves. The
    example's creation (November 2024) predates the rules planae applies; the 60 % and the 3 %
    are the same on 1 June 2025."""
    a = arce(ft, D(2025, 6, 1), Rights(40, 518))
    assert (a.capital, a.gross, a.deduction, a.amount) == (20720, 12432, 372.96, 12059.04)
    assert (a.first, a.second, a.second_month) == (6029.52, 6029.52, 6)


def test_arce_odd_cent_goes_to_the_second_half(ft):
    # 33.33 × 100 = 3 333 ; × 0.6 = 1 999.80 ; 3 % = 59.994 -> 59.99 ; 1 939.81 = 969.90 + 969.91
    a = arce(ft, D(2026, 1, 1), Rights(33.33, 100))
    assert (a.gross, a.deduction, a.amount) == (1999.8, 59.99, 1939.81)
    assert (a.first, a.second) == (969.9, 969.91)


def test_rules_before_april_2025_are_refused(ft):
    with pytest.raises(RulesError, match="01/04/2025"):
        arce(ft, D(2025, 3, 1), Rights(40, 518))


def test_arce_rights_left_if_the_business_stops(ft):
    """518 days at 40 €: each half of the gross ARCE (6 216 €) stands for 155.4 days."""
    a = arce(ft, D(2026, 1, 1), Rights(40, 518))
    left = arce_rights_left(Rights(40, 518), a, 12)
    assert left[:6] == pytest.approx([362.6] * 6)
    assert left[6:] == pytest.approx([207.2] * 6)


# --- ARE kept --------------------------------------------------------------------------------

@pytest.mark.parametrize("income, sjr, days", [
    (0, 0, 30),  # a whole month: 30 days
    (600, 70, 20),  # (30 × 40 − 0.7 × 600) / 40 = 19.5 -> 20 days (rounded up)
    (2000, 70, 0),  # 1 200 − 1 400 < 0: no day
    (1500, 0, 4),  # (1 200 − 1 050) / 40 = 3.75 -> 4 days, no reference wage given
    (1500, 55, 3),  # cap: 55 × 30 = 1 650 − 1 500 = 150 € of room -> 3 days (not 4)
])
def test_indemnified_days(ft, income, sjr, days):
    assert indemnified_days(ft, D(2026, 1, 1), 40, income, sjr) == days


def test_kept_are_month_by_month(ft):
    """40 €/day, SJR 70 €, 518 days. Month 1 without income: 30 days = 1 200 €, less 3 % of
    70 € a day (63 €) = 1 137 €; month 2 with 600 € counted: 20 days = 800 € − 42 € = 758 €;
    month 3 with 2 000 €: nothing."""
    months = month_starts(D(2026, 3, 1))[:3]
    are = kept_are(ft, months, Rights(40, 518, 70), np.array([0.0, 600.0, 2000.0]))
    assert list(are.days) == [30, 20, 0]
    assert list(are.gross) == [1200, 800, 0]
    assert list(are.participation) == [63, 42, 0]
    assert list(are.paid) == [1137, 758, 0]
    assert list(are.rights_left) == [488, 468, 468]


def test_kept_are_stops_at_60_percent_of_the_rights(ft):
    """518 days × 40 € = 20 720 €; while the business runs at most 60 %: 12 432 €. Ten months
    of 30 days pay 12 000 €; the eleventh 432 € (10.8 days); then nothing. If the business
    stopped then, 518 − 310.8 = 207.2 days would come back."""
    months = month_starts(D(2026, 1, 1))[:12]
    are = kept_are(ft, months, Rights(40, 518), np.zeros(12))
    assert are.ceiling == 12432
    assert list(are.gross[:10]) == [1200] * 10
    assert are.gross[10] == pytest.approx(432)
    assert are.gross[11] == 0
    assert are.rights_left[-1] == pytest.approx(207.2)


def test_income_counted_is_turnover_after_the_allowance():
    # 1 000 € of sales (71 % allowance) and 1 000 € of BNC services (34 %): 290 + 660 = 950 €
    out = counted_income(np.array([1000.0]), np.array([1000.0]), np.array([0.71]),
                         np.array([0.34]))
    assert out[0] == pytest.approx(950)


# --- income tax --------------------------------------------------------------------------------

def test_scale_2024_income(tax):
    """30 000 € for one part, revenus 2024: 11 % of (29 315 − 11 497) = 1 959.98 €, 30 % of
    (30 000 − 29 315) = 205.50 €: 2 165.48 €."""
    assert scale(tax, 2024, 30000) == pytest.approx(2165.48)


def test_scale_2025_income(tax):
    """Revenus 2025: 11 % of (29 579 − 11 600) = 1 977.69 €, 30 % of 421 € = 126.30 €."""
    assert scale(tax, 2025, 30000) == pytest.approx(2103.99)
    assert household_tax(tax, 2025, 30000, 1, False).due == 2104


def test_single_without_decote(tax):
    t = household_tax(tax, 2024, 30000, 1, False)
    assert (t.decote, t.due) == (0, 2165)


def test_decote(tax):
    """20 000 € alone, revenus 2024: 11 % of 8 503 € = 935.33 €; décote 889 − 45.25 % × 935.33
    = 465.76 €; tax 469.57 € -> 470 €."""
    t = household_tax(tax, 2024, 20000, 1, False)
    assert t.droits == pytest.approx(935.33)
    assert t.decote == pytest.approx(465.763175)
    assert t.due == 470


def test_decote_never_above_the_tax(tax):
    # 15 000 €: 385.33 € of tax, a décote of 714.64 € is cut to 385.33 €: nothing due
    assert decote(tax, 2024, 385.33, False) == pytest.approx(385.33)
    assert household_tax(tax, 2024, 15000, 1, False).due == 0


def test_minimum_collected(tax):
    """17 224 €: 629.97 € − décote 603.94 € = 26.03 €, under 61 €: not collected;
    17 700 €: 682.33 € − 580.25 € = 102.08 € -> 102 €."""
    assert household_tax(tax, 2024, 17224, 1, False).due == 0
    assert household_tax(tax, 2024, 17700, 1, False).due == 102


def test_family_quotient_without_cap(tax):
    """A couple with two children (3 parts), 60 000 €: 3 × tax(20 000) = 2 805.99 €; without
    the children 2 × 2 165.48 − 3 582 = 748.96 €: the quotient stands."""
    assert gross_tax(tax, 2024, 60000, 3, True) == pytest.approx(2805.99)


def test_family_quotient_cap(tax):
    """150 000 €, 3 parts: 3 × 8 165.48 = 24 496.44 €; two parts: 2 × 15 665.48 = 31 330.96 €,
    less 2 half-parts × 1 791 € = 27 748.96 €, the higher: the advantage is capped."""
    assert gross_tax(tax, 2024, 150000, 3, True) == pytest.approx(27748.96)
    assert household_tax(tax, 2024, 150000, 3, True).due == 27749


def test_versement_liberatoire_sets_the_rate_of_the_other_income(tax):
    """20 000 € of other income and 10 000 € of micro income under the VL: the scale on
    30 000 € (2 165.48 €) × 20/30 = 1 443.65 €; décote 889 − 653.25 = 235.75 €: 1 208 €."""
    t = household_tax(tax, 2024, 20000, 1, False, vl_income=10000)
    assert t.droits == pytest.approx(1443.6533, abs=1e-4)
    assert t.due == 1208


@pytest.mark.parametrize("sales, services, income", [
    (0, 30000, 19800),  # BNC: 34 % allowance
    (400, 0, 95),  # sales: 71 % = 284 €, under the 305 € minimum
    (200, 0, 0),  # the allowance never exceeds the turnover
])
def test_micro_income(tax, business, sales, services, income):
    activity = Activity.BNC if services else Activity.VENTE
    assert micro_income(tax, business, activity, 2024, sales, services) == pytest.approx(income)


def test_are_taxed_as_wages(tax):
    assert salary_like(tax, 2025, 10000) == pytest.approx(9000)


@pytest.mark.parametrize("rfr, parts, allowed", [
    (29315, 1, True), (29316, 1, False), (58000, 2, True)])
def test_vl_condition(business, rfr, parts, allowed):
    """CGI art. 151-0: for 2026, the RFR of 2024 at most 29 315 € per part."""
    assert vl_allowed(business, 2026, rfr, parts) is allowed


# --- when the tax is paid ---------------------------------------------------------------------

def _by_month(months, cash):
    return {f"{d:%Y-%m}": round(v, 2) for d, v in zip(months, cash) if abs(v) > 1e-9}


def test_payment_calendar(tax):
    """Start 1 April 2026; micro share of the tax 1 200 € (2026), 2 400 € (2027), 2 000 € (2028)
    + 1 600 €. 2026: no acompte. 2027: solde 2026 (1 200 € > 300 €) in four 300 € Sept–Dec,
    acomptes 100 € (1 200/12) Sept–Dec. 2028: acomptes 100 € Jan–Aug, 200 € Sept–Dec; solde 2027
    (2 400 − 400 = 2 000 €) in four 500 €. 2029: acomptes 200 €."""
    months = month_starts(D(2026, 4, 1))
    cash = payments(tax, months, D(2026, 4, 1), {2026: 1200, 2027: 2400, 2028: 3600})
    expected = {f"2027-{m:02d}": 400 for m in range(9, 13)}
    expected |= {f"2028-{m:02d}": 100 for m in range(1, 9)}
    expected |= {f"2028-{m:02d}": 700 for m in range(9, 13)}
    expected |= {f"2029-{m:02d}": 200 for m in range(1, 4)}
    assert _by_month(months, cash) == expected


def test_payment_calendar_with_spontaneous_acomptes(tax):
    """Acomptes declared from the start (CGI art. 204 K): 1 200 € over the 9 months of 2026
    (133.33 €). 2027 until August: no declared income yet, so again the year's own tax, 2 400 €
    / 12 = 200 €; from September 100 € on 2026's income: 2 000 € paid for 2027, solde 400 €
    (> 300 €) in four 100 € from September 2028, beside that month's 200 € acompte (2 400/12)."""
    months = month_starts(D(2026, 4, 1))
    cash = payments(tax, months, D(2026, 4, 1), {2026: 1200, 2027: 2400, 2028: 3600},
                    spontaneous=True)
    got = _by_month(months, cash)
    assert got["2026-04"] == got["2026-12"] == 133.33
    assert got["2027-01"] == got["2027-08"] == 200
    assert got["2027-09"] == 100
    assert got["2028-08"] == 100
    assert got["2028-09"] == got["2028-12"] == 300
    assert sum(cash[:9]) == pytest.approx(1200)


def test_small_solde_in_one_payment_and_refund(tax):
    """Solde 2026 of 240 € (≤ 300 €): once, in September 2027, with the 20 € acompte
    (240/12). 2027's share (50 €) under the acomptes paid (4 × 20 €): 30 € refunded in July
    2028 (the month planae assumes), beside that month's 20 € acompte: −10 €; then 4.17 € a
    month (50/12) from September, and no solde."""
    months = month_starts(D(2026, 4, 1))
    got = _by_month(months, payments(tax, months, D(2026, 4, 1), {2026: 240, 2027: 50}))
    assert got["2027-09"] == 260
    assert got["2027-10"] == 20
    assert got["2028-06"] == got["2028-08"] == 20
    assert got["2028-07"] == -10
    assert got["2028-09"] == 4.17


def test_solde_of_exactly_300_is_paid_once(tax):
    """CGI art. 1663 B splits a solde *above* 300 €: 300 € is paid once; 301 € in four."""
    months = month_starts(D(2026, 4, 1))
    once = _by_month(months, payments(tax, months, D(2026, 4, 1), {2026: 300}))
    four = _by_month(months, payments(tax, months, D(2026, 4, 1), {2026: 301}))
    assert once["2027-09"] == 300 + 25 and once["2027-10"] == 25
    assert four["2027-09"] == round(301 / 4 + 301 / 12, 2)


def test_draws_give_the_single_runs(ft, tax):
    """A leading axis of draws (a simulation) computes each draw as its single run."""
    months = month_starts(D(2026, 3, 1))[:3]
    incomes = np.array([[0.0, 600.0, 2000.0], [1500.0, 0.0, 600.0]])
    batch = kept_are(ft, months, Rights(40, 518, 70), incomes)
    for i, row in enumerate(incomes):
        single = kept_are(ft, months, Rights(40, 518, 70), row)
        assert np.array_equal(batch.paid[i], single.paid)
    taxable = np.array([20000.0, 150000.0])
    assert list(household_tax(tax, 2024, taxable, 3, True).due) == [
        household_tax(tax, 2024, 20000, 3, True).due, 27749]
