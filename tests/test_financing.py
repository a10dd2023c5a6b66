"""The solver: the smallest loan keeping cash at or above the minimum, or else the apport."""
import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import forecast.financing as financing
from forecast.assumptions import Loan, parse_assumptions
from forecast.engine import compute
from forecast.financing import (PRECISION, TOLERANCE, apply_need, cash_per_euro,
                                financing_need)
from forecast.plan import build_plan
from plans import example, plans, simple_plan


INPUT_BOUND = 1e7  # € : the largest apport or loan the inputs accept


def cash_with(data) -> np.ndarray:
    return compute(parse_assumptions(data)).cash.balance


@pytest.mark.parametrize("name, minimum", [("graphiste", 15_000), ("bijoux", 12_000),
                                           ("bijoux", 30_000)])
def test_smallest_loan_keeps_cash_above_minimum_and_one_euro_less_does_not(name, minimum):
    data = example(name)
    data["project"]["minimum_cash"] = minimum
    need = financing_need(parse_assumptions(data))
    assert need.kind == "emprunt" and need.loan_index == 0
    typed = data["financing"]["loans"][0]
    assert f"remplace celui de « {typed['label']} » saisi" in need.message
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
    assert "48 mois à 6,00\u202f%" in need.message
    assert "c'est un nouvel emprunt, qui s'ajoute aux financements saisis" in need.message


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
    assert "qui s'ajoute à l'apport saisi (3\u202f000\u202f€)" in need.message
    assert len(runs) == 1  # answered from the plan's own forecast, no search
    balanced = apply_need(data, need)
    assert cash_with(balanced).min() >= data["project"]["minimum_cash"] - 0.005
    balanced["financing"]["apport"] -= PRECISION
    assert cash_with(balanced).min() < data["project"]["minimum_cash"]


def test_the_plan_asks_the_solver_without_computing_again(monkeypatch):
    data = example("bijoux")
    data["project"]["minimum_cash"] = 12_000
    monkeypatch.setattr(financing, "compute", lambda *a, **k: pytest.fail("computed again"))
    assert build_plan(data).need.kind == "emprunt"


def test_repayments_that_dig_the_cash_get_an_apport_at_once():
    # short in the first months, and a 12-month loan at 25 % costs more than it brings by the
    # end: the loan that fills the start empties the end (a search adding 1 € would never stop)
    data = simple_plan(opening_cash=0, minimum_cash=500)
    data["charges"] = [{"label": "Loyer", "monthly_amount": 700}]
    data["offers"][0]["payment_days"] = 60
    data["financing"] = {"loans": [{"label": "Prêt", "amount": 0, "rate": 0.25, "months": 12}]}
    need = financing_need(parse_assumptions(data))
    assert need.kind == "apport"
    assert "ses remboursements le creusent" in need.message


def test_a_huge_quantity_does_not_hang_the_solver():
    data = simple_plan(minimum_cash=1000)
    data["offers"][0]["quantities"] = [1e15] * 12
    data["charges"] = [{"label": "Loyer", "monthly_amount": 1e6}]
    need = financing_need(parse_assumptions(data))
    assert need.kind == "aucun"


def with_bank_loan(data: dict, amount: float, months: int, rate: float, deferral: int) -> dict:
    out = copy.deepcopy(data)
    out["financing"]["loans"] = [{"label": "Banque", "kind": "banque", "amount": amount,
                                  "rate": rate, "months": months, "deferral": deferral,
                                  "month": 1}] + out["financing"]["loans"]
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, st.floats(0, 200_000), st.integers(2, 120), st.floats(0, 0.15),
       st.integers(0, 12))
def test_cash_is_affine_in_the_loan_amount(data, amount, months, rate, deferral):
    """The solver's assumption: cash with a loan of L = cash without + L × its per-euro effect."""
    deferral = min(deferral, months - 1)
    loan = Loan("Banque", 1.0, rate, months, deferral)
    without = compute(parse_assumptions(with_bank_loan(data, 0.0, months, rate, deferral)))
    with_loan = compute(parse_assumptions(with_bank_loan(data, amount, months, rate, deferral)))
    expected = without.cash.balance + amount * cash_per_euro(loan, 36)
    assert np.allclose(with_loan.cash.balance, expected, atol=1e-6, rtol=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_the_proposal_is_the_smallest_to_the_euro_on_random_plans(data):
    need = financing_need(parse_assumptions(data))
    minimum = data["project"]["minimum_cash"]
    if need.kind == "aucun":
        assert compute(parse_assumptions(data)).cash.balance.min() >= minimum - TOLERANCE
        return
    assume(need.amount <= INPUT_BOUND)
    balanced = apply_need(data, need)
    assert cash_with(balanced).min() >= minimum - TOLERANCE
    if need.kind == "emprunt":
        index = need.loan_index if need.loan_index is not None else -1
        balanced["financing"]["loans"][index]["amount"] = need.amount - PRECISION
    else:
        balanced["financing"]["apport"] -= PRECISION
    if need.amount >= PRECISION:
        assert cash_with(balanced).min() < minimum - TOLERANCE
