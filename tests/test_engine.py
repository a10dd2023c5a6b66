"""The engine on plans small enough to compute by hand."""
import datetime as dt

import numpy as np
import pytest

from forecast.assumptions import Loan, parse_assumptions
from forecast.engine import compute
from forecast.micro import acre_end
from forecast.plan import build_plan
from forecast.rules import load_rules
from forecast.schedule import delay, loan_schedule
from plans import simple_plan


def run(data):
    return compute(parse_assumptions(data))


def test_contributions_are_charged_in_the_month_cashed_and_paid_on_urssafs_due_dates():
    # 1 000 € of services (BIC) a month in 2025, at 21.2 % (CSS D613-4): 212 € a month
    f = run(simple_plan())
    assert f.levies.cotisations[:12].tolist() == [212.0] * 12
    assert f.levies.cfp[:12] == pytest.approx([1.0] * 12)  # CFP commerçant 0.1 %
    assert f.levies.tfc[:12].tolist() == [0.0] * 12  # 0.044 % of 1 000 € rounds to 0 €
    # started in January: January to April are paid with the first due date, 31 May (URSSAF,
    # « premières déclarations »), 4 × 213 €; then each month the month after
    assert f.levies.paid[:4].tolist() == [0] * 4
    assert f.levies.paid[4] == pytest.approx(4 * 213.0)
    assert f.levies.paid[5] == pytest.approx(213.0)
    assert f.balances.social_debt[11] == pytest.approx(213.0)


def test_quarterly_declaration_charges_each_month_and_pays_after_the_quarter():
    f = run(simple_plan(declaration="trimestrielle"))
    # round(3 000 × 21.2 %) = 636 € a quarter, 212 € for each month's 1 000 €
    assert f.levies.cotisations[:6] == pytest.approx([212.0] * 6)
    # the start quarter and the next are paid together at the end of July: 2 × (636 + 3 € CFP
    # 0.1 % + 1 € TFC 0.044 % of 3 000 €, 1.32 € rounded); then the third quarter in October
    assert f.levies.paid[:6].tolist() == [0] * 6
    assert f.levies.paid[6] == pytest.approx(2 * 640.0)
    assert f.levies.paid[9] == pytest.approx(640.0)


def test_acre_halves_the_rate_until_the_end_of_the_third_quarter_after_the_start():
    assert acre_end(load_rules(), dt.date(2025, 1, 15)) == dt.date(2025, 12, 31)
    assert acre_end(load_rules(), dt.date(2025, 5, 2)) == dt.date(2026, 3, 31)
    f = run(simple_plan(acre=True))
    assert f.levies.cotisations[:12].tolist() == [106.0] * 12  # 10.6 % (URSSAF, ACRE 2025)
    assert f.levies.cotisations[12:15].tolist() == [212.0] * 3
    assert any(e.code == "acre_fin" and e.day == dt.date(2025, 12, 31) for e in f.events)


def test_acre_for_an_activity_started_from_july_2026_keeps_75_percent_of_the_rate():
    f = run(simple_plan(acre=True, start_date="2026-07-01"))
    assert f.levies.cotisations[0] == 159.0  # 21.2 % × 75 % = 15.9 %


def test_customer_delay_spreads_receipts_over_the_following_months():
    assert delay(np.array([300.0, 0, 0, 0]), 45).tolist() == [0, 150, 150, 0]
    assert delay(np.array([300.0, 0, 0, 0]), 0).tolist() == [300, 0, 0, 0]
    data = simple_plan()
    data["offers"][0]["payment_days"] = 60
    f = run(data)
    assert f.cash_in.total[:3].tolist() == [0, 0, 1000]
    assert f.balances.receivables[35] == pytest.approx(2000)  # the last two months still owed
    assert f.levies.cotisations[0] == 0  # nothing cashed in, nothing due


def test_loan_schedule_has_constant_instalments_and_repays_the_principal():
    s = loan_schedule(Loan("Prêt", 10_000, rate=0.06, months=12, month=1))
    payments = (s.interest + s.principal)[1:13]
    assert payments == pytest.approx([860.66] * 12, abs=0.01)  # annuity formula
    assert s.principal.sum() == pytest.approx(10_000)
    assert s.interest.sum() == pytest.approx(327.97, abs=0.01)
    assert s.outstanding[12] == pytest.approx(0)


def test_deferral_pays_interest_only():
    s = loan_schedule(Loan("Prêt", 12_000, rate=0.0, months=18, deferral=6, month=1))
    assert s.principal[1:7].tolist() == [0] * 6
    assert s.principal[7:19] == pytest.approx([1000] * 12)



def loan_plan() -> dict:
    """24 000 € at 0 % over 24 months, released in month 1, 1 000 € repaid a month from month 2:
    11 repaid by the first year's end, 23 by the second's. 3 600 € of equipment bought in
    month 1, depreciated over 3 years: 100 € a month."""
    data = simple_plan()
    data["financing"] = {"loans": [{"label": "Banque", "kind": "banque", "amount": 24_000,
                                    "rate": 0, "months": 24, "month": 1}]}
    data["investments"] = [{"label": "Matériel", "amount": 3600, "years": 3, "month": 1}]
    return data


def test_the_loans_schedule_by_plan_year_and_their_cover_as_a_ratio():
    plan = build_plan(loan_plan())
    schedule = plan.tables["echeancier"]
    assert schedule.columns == ("Année 1 (01/2025 – 12/2025)", "Année 2 (01/2026 – 12/2026)",
                                "Année 3 (01/2027 – 12/2027)")
    assert schedule.line("echeances").values == pytest.approx((11_000, 12_000, 1000))
    assert schedule.line("capital_restant").values == pytest.approx((13_000, 1000, 0))
    assert plan.tables["couverture_emprunts"].line("couverture").style == "times"


def test_the_bilan_shows_the_loan_owed_and_the_equipment_left_as_positive_amounts():
    bilan = build_plan(loan_plan()).tables["bilan"]
    assert bilan.line("emprunts").values == pytest.approx((13_000, 1000, 0))
    assert bilan.line("immobilisations_nettes").values == pytest.approx((2400, 1200, 0))

def test_stock_is_topped_up_to_its_days_of_cost():
    data = simple_plan(activity="vente")
    data["offers"] = [{"name": "Objet", "kind": "vente", "unit_price": 100, "unit_cost": 50,
                       "quantities": [10] * 12}]
    data["operations"] = {"initial_stock": 1000, "stock_days": 30}
    f = run(data)
    # 1 000 € bought at start, 500 € of it sold in month 1; then 500 € bought each month
    assert f.purchases.bought[:3].tolist() == [1000, 500, 500]
    assert f.balances.stock[:3].tolist() == [500, 500, 500]
    assert f.purchases.materials[:12].sum() == pytest.approx(6000)


def test_vat_franchise_lost_the_day_the_seuil_majore_is_crossed():
    data = simple_plan()
    data["offers"][0]["unit_price"] = 4000
    f = run(data)
    codes = {e.code: e.day for e in f.events}
    # 2025 services thresholds: 37 500 € (base) crossed in October, 41 250 € on 10 November
    # (1 250 € of November's 4 000 € before it: 9.4 of its 30 days)
    assert codes["tva_base"] == dt.date(2025, 10, 1)
    assert codes["tva_majore"] == dt.date(2025, 11, 10)
    # 20 % added on top of the price, from the crossing: 20 % × (44 000 − 41 250) in November
    assert f.turnover.vat[:12].tolist() == pytest.approx([0] * 10 + [550, 800])
    assert f.turnover.vat[12] == 800  # and due in 2026 too: 2025 crossed the base threshold


def test_vat_with_prices_kept_lowers_turnover():
    data = simple_plan(vat_prices_kept=True)
    data["offers"][0]["unit_price"] = 4800
    f = run(data)
    assert f.turnover.total[10] == pytest.approx(4000)
    assert f.turnover.vat[10] == pytest.approx(800)


def test_regime_ceiling_is_prorated_in_the_creation_year():
    data = simple_plan(start_date="2026-07-01")
    data["offers"][0]["unit_price"] = 7200
    f = run(data)
    crossing = [e for e in f.events if e.code == "plafond_depasse"]
    # 83 600 € × 184 / 365 days = 42 143,56 €, crossed in the sixth month (43 200 €)
    assert crossing[0].threshold == pytest.approx(42_143.56, abs=0.01)
    assert crossing[0].day == dt.date(2026, 12, 1)
    # 2027 crossed too: the regime ends on 1 January 2028
    assert any(e.code == "sortie_micro" and e.day == dt.date(2028, 1, 1) for e in f.events)


def test_cfe_none_in_creation_year_half_the_next_then_full():
    f = run(simple_plan(start_date="2025-03-01", cfe=500))
    december = {d.year: f.cfe.paid[m] for m, d in enumerate(f.months) if d.month == 12}
    assert december == {2025: 0, 2026: 250, 2027: 500}


def test_cfe_not_due_under_5000_euros_of_turnover():
    data = simple_plan(start_date="2025-03-01", cfe=500)
    data["offers"][0]["unit_price"] = 400  # 4 800 € a year
    assert run(data).cfe.paid.sum() == 0


def test_years_beyond_the_data_are_stated():
    f = run(simple_plan(start_date="2026-06-01"))
    assert any("2027" in n and "hypothèse" in n for n in f.notes)
    f = run(simple_plan(start_date="2024-01-01"))
    assert not any("règles de" in n for n in f.notes)


def test_break_even_and_payback_on_the_simple_plan():
    data = simple_plan()
    data["charges"] = [{"label": "Loyer", "monthly_amount": 300}]
    data["investments"] = [{"label": "PC", "amount": 1200, "month": 1, "years": 0}]
    plan = build_plan(data)
    ind = plan.tables["indicateurs"]
    # fixed 3 600 € + 1 200 € expensed; variable 21.2 % + 0.1 % CFP of 12 000 €
    assert ind.value("charges_fixes", 0) == pytest.approx(4800)
    assert ind.value("seuil_rentabilite", 0) == pytest.approx(4800 / (1 - 0.213), abs=0.01)
    assert ind.value("point_mort_mois", 0) == "juillet 2025"  # 7 000 € ≥ 6 099 € in July
    # 487 € a month before investing (1 000 − 300 − 213): 1 200 € recovered in month 3
    assert ind.value("retour_investissement", 0) == 3


def test_creation_year_turnover_is_annualised_for_the_next_years_franchise():
    # started 1 October 2025 at 3 300 € a month: 9 900 € in 2025, under its seuil majoré
    # prorated (41 250 × 92 / 365 = 10 397,26 €); 9 900 × 365 / 92 = 39 277 € once annualised,
    # over the 2026 base threshold for services (37 500 €): VAT due from 1 January 2026
    data = simple_plan(start_date="2025-10-01")
    data["offers"][0]["unit_price"] = 3300
    f = run(data)
    assert f.turnover.vat[:3].tolist() == [0, 0, 0]
    assert f.turnover.vat[3] == pytest.approx(660)
    assert any(e.code == "tva_debut" and e.day == dt.date(2026, 1, 1) for e in f.events)


def test_an_arce_chosen_without_acre_is_not_granted():
    data = simple_plan(start_date="2025-06-01", acre=True)
    data["founder"] = {"are_daily": 40, "are_days": 518, "choice": "ARCE"}
    # 60 % of 40 € × 518 days = 12 432 €, less 3 % for pensions (372,96 €)
    assert run(data).funds.arce.sum() == pytest.approx(12_059.04)
    data["project"]["acre"] = False  # France Travail pays the ARCE to a creator with ACRE
    assert not run(data).funds.arce.any()
