"""The solver: the smallest loan keeping cash at or above the minimum, or else the apport."""
import numpy as np
import pytest

import forecast.financing as financing
from forecast.assumptions import parse_assumptions
from forecast.engine import compute
from forecast.financing import PRECISION, apply_need, financing_need
from plans import example


def cash_with(data) -> np.ndarray:
    return compute(parse_assumptions(data)).cash.balance


@pytest.mark.parametrize("name, minimum", [("graphiste", 15_000), ("bijoux", 12_000),
                                           ("bijoux", 30_000)])
def test_smallest_loan_keeps_cash_above_minimum_and_one_euro_less_does_not(name, minimum):
    data = example(name)
    data["project"]["minimum_cash"] = minimum
    need = financing_need(parse_assumptions(data))
    assert need.kind == "emprunt" and need.loan_index == 0
    balanced = apply_need(data, need)
    assert balanced["financing"]["loans"][0]["amount"] == need.amount
    assert cash_with(balanced).min() >= minimum - 0.005
    balanced["financing"]["loans"][0]["amount"] = need.amount - PRECISION
    assert cash_with(balanced).min() < minimum


def test_a_new_loan_at_the_typed_terms_when_none_exists():
    data = example("bijoux")
    data["financing"]["loans"] = []
    data["financing"].update(new_loan_rate=0.06, new_loan_months=48)
    data["project"]["minimum_cash"] = 20_000
    need = financing_need(parse_assumptions(data))
    assert need.kind == "emprunt" and need.loan_index is None
    assert (need.loan.rate, need.loan.months) == (0.06, 48)
    balanced = apply_need(data, need)
    assert cash_with(balanced).min() >= 20_000 - 0.005
    assert "48 mois à 6,00 %" in need.message


def test_no_financing_needed_when_cash_stays_above():
    data = example("graphiste")
    data["financing"]["loans"] = data["financing"]["loans"][1:]  # no bank loan
    need = financing_need(parse_assumptions(data))
    assert need.kind == "aucun" and need.amount == 0


def test_a_plan_losing_money_every_month_gets_an_apport_and_a_clear_message(monkeypatch):
    data = example("graphiste")
    for o in data["offers"]:
        o["unit_price"] = 1.0
    runs = []
    real = financing.compute
    monkeypatch.setattr(financing, "compute", lambda *a, **k: runs.append(1) or real(*a, **k))
    need = financing_need(parse_assumptions(data))
    assert need.kind == "apport"
    assert "Aucun emprunt ne peut équilibrer ce plan" in need.message
    assert len(runs) <= 2  # answered from the runs with and without the loan, no search
    balanced = apply_need(data, need)
    assert cash_with(balanced).min() >= data["project"]["minimum_cash"] - 0.005
    balanced["financing"]["apport"] -= PRECISION
    assert cash_with(balanced).min() < data["project"]["minimum_cash"]
