"""Each warning's threshold pinned at its boundary (just inside, just over), and figures of
depreciation, stock, ARCE and the income-tax estimate computed by hand in the test."""
import pytest

from forecast.assumptions import parse_assumptions
from forecast.engine import compute
from forecast.plan import build_plan
from plans import simple_plan
from test_alerts import clean_plan, codes, offer


def lowest_cash(data) -> float:
    return float(compute(parse_assumptions(data)).cash.balance.min())


@pytest.mark.parametrize("above, alert", [(0.004, False), (0.006, True)])
def test_cash_minimum_alert_tolerates_half_a_cent(above, alert):
    data = clean_plan()
    data["project"]["minimum_cash"] = lowest_cash(data) + above
    assert ("tresorerie_minimum" in codes(data)) is alert


@pytest.mark.parametrize("apport, alert", [(900.0, False), (899.99, True)])
def test_apport_under_30_percent_of_the_launch_needs(apport, alert):
    # needs: 2 000 € of equipment in month 1 + 1 000 € of safety cash (customers pay at once,
    # so no launch working capital): 3 000 €, 30 % of it 900 €, brought as the apport alone
    data = clean_plan()
    data["project"]["opening_cash"] = 0
    data["financing"]["apport"] = apport
    plan = build_plan(data)
    assert plan.tables["plan_de_financement_initial"].value("total_besoins", 0) == 3000
    assert ("apport_faible" in {a.code for a in plan.alerts}) is alert


def test_the_first_arce_instalment_counts_in_the_apport():
    data = clean_plan()
    data["project"]["opening_cash"] = 0
    data["financing"].update(apport=0, arce=1800)  # 900 € at the start: 30 % of 3 000 €
    assert "apport_faible" not in codes(data)


@pytest.mark.parametrize("cost, alert", [(100.0, False), (100.01, True)])
def test_price_under_cost(cost, alert):
    data = clean_plan()
    offer(data).update(unit_cost=cost)  # sold 100 €
    assert ("prix_sous_cout" in codes(data)) is alert


@pytest.mark.parametrize("last, alert", [(1.0, False), (1.00001, True)])
def test_seasonality_must_sum_to_twelve(last, alert):
    data = clean_plan()
    offer(data).update(quantities=None, annual_volume=360, seasonality=[1] * 11 + [last])
    assert ("saisonnalite" in codes(data)) is alert


@pytest.mark.parametrize("months, alert", [(36, False), (37, True)])
def test_loan_longer_than_the_life_of_what_it_finances(months, alert):
    data = clean_plan()  # equipment depreciated over 3 years: 36 months
    data["financing"]["loans"][0]["months"] = months
    assert ("emprunt_trop_long" in codes(data)) is alert


@pytest.mark.parametrize("price, alert", [(250.0, False), (249.99, True)])
def test_annual_turnover_benchmark_low_end(price, alert):
    data = clean_plan()  # 80 units at 250 €: 20 000 €, the low end of the usual range
    offer(data).update(unit_price=price, unit_cost=price * 0.4, quantities=[10] * 8 + [0] * 4)
    assert ("repere_ca_annuel" in codes(data)) is alert


@pytest.mark.parametrize("extra, alert", [(0.0, False), (0.01, True)])
def test_drawings_above_the_income_left(extra, alert):
    data = clean_plan()
    plan = build_plan(data)
    income = plan.tables["compte_de_resultat"].line("revenu_disponible").values
    data["operations"]["drawings_monthly"] = min(income) / 12 + extra
    assert ("prelevements" in codes(data)) is alert


@pytest.mark.parametrize("start, alert", [("2025-12-31", False), ("2026-01-01", True)])
def test_acre_reserved_to_some_publics_for_activities_started_from_2026(start, alert):
    data = simple_plan(acre=True, start_date=start)
    assert ("acre_eligibilite" in codes(data)) is alert


@pytest.mark.parametrize("monthly, alert", [(250.0, False), (249.99, True)])
def test_marketing_budget_low_end_counts_the_marketing_charges_only(monthly, alert):
    data = clean_plan()  # 4 months of 250 € in year 1: 1 000 €, the low end of the range
    data["charges"][1].update(monthly_amount=monthly, first_month=9)
    assert ("repere_budget_marketing" in codes(data)) is alert
    data["charges"][1].update(category="Autres charges externes", monthly_amount=5000)
    assert "repere_budget_marketing" in codes(data)  # not a marketing charge: no budget


# --- figures computed by hand ------------------------------------------------------------

def test_depreciation_straight_line_from_the_month_of_purchase():
    data = simple_plan()
    data["investments"] = [{"label": "Four", "amount": 3600, "month": 4, "years": 3}]
    table = build_plan(data).tables["amortissements"]
    # 3 600 € over 36 months: 100 € a month from month 4 (9 months in year 1)
    assert table.line("investissement_1").values == (900.0, 1200.0, 1200.0)
    assert table.line("valeur_nette").values == (2700.0, 1500.0, 300.0)
    data["investments"] = [{"label": "Logiciel", "amount": 1200, "month": 1, "years": 1}]
    table = build_plan(data).tables["amortissements"]
    assert table.line("investissement_1").values == (1200.0, 0.0, 0.0)  # 100 € a month


def test_stock_topped_up_to_the_months_cost_and_never_sold_back():
    data = simple_plan(activity="vente")
    data["offers"] = [{"name": "Bol", "kind": "vente", "unit_price": 30, "unit_cost": 10,
                       "quantities": [10, 30, 20] + [0] * 9}]
    data["operations"] = {"initial_stock": 500, "stock_days": 30}
    f = compute(parse_assumptions(data))
    # month 1: 100 € sold from the 500 € bought at the start, 400 € left (target 100 €);
    # month 2: 300 € sold, target 300 €: buy 200 €; month 3: 200 € sold, target 200 €: buy
    # 100 €; month 4: nothing sold, target 0 €: the 200 € left stay (never sold back)
    assert f.purchases.bought[:4].tolist() == [500, 200, 100, 0]
    assert f.balances.stock[:4].tolist() == [400, 300, 200, 200]


def test_arce_paid_in_two_halves_the_second_six_months_later():
    data = simple_plan()
    data["financing"] = {"apport": 1000, "arce": 6000}
    apport = compute(parse_assumptions(data)).funds.apport
    assert apport[0] == 4000 and apport[6] == 3000
    assert apport.sum() == 7000


def test_income_tax_estimate_applies_each_kind_its_allowance():
    data = simple_plan(activity="vente", tax_rate=0.1)
    data["offers"] = [
        {"name": "Objet", "kind": "vente", "unit_price": 2000, "unit_cost": 0,
         "quantities": [1] * 12},
        {"name": "Réparation", "kind": "service", "unit_price": 1000, "unit_cost": 0,
         "quantities": [1] * 12}]
    table = build_plan(data).tables["compte_de_resultat"]
    # 10 % × (24 000 € × (1 − 71 %) + 12 000 € × (1 − 50 %)) = 10 % × 12 960 € = 1 296 €
    assert table.value("impot_revenu", 0) == pytest.approx(1296)
