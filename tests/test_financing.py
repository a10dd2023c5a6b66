"""The solver: the smallest loan keeping cash at or above the minimum, or else the apport."""
import copy
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forecast.financing as financing
from forecast.assumptions import InvalidAssumptions, Loan, parse_assumptions
from forecast.engine import compute
from forecast.french import euros
from forecast.financing import (PRECISION, TOLERANCE, apply_need, cash_per_euro,
                                financing_need)
from forecast.plan import build_plan
from plans import example, plans, simple_plan


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
    assert data["financing"]["loans"] == []  # the plan typed is left as it was
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
    assert "qui s'ajoute à l'apport saisi (4\u202f500\u202f€)" in need.message
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
    """1e15 units a month is refused by the validation (the quantities' ceiling); the solver
    on its own still ends at once."""
    data = simple_plan(minimum_cash=1000)
    data["charges"] = [{"label": "Loyer", "monthly_amount": 1e6}]
    a = parse_assumptions(data)
    data["offers"][0]["quantities"] = [1e15] * 12
    with pytest.raises(InvalidAssumptions, match="doit être au plus 10 000 000"):
        parse_assumptions(data)
    huge = replace(a.offers[0], quantities=(1e15,) * 12)
    need = financing_need(replace(a, offers=(huge,)))
    assert need.kind == "aucun"


def rent_only(minimum_cash: float, apport: float = 0) -> dict:
    """No turnover and 250 000 € of rent a month: cash falls to −9 000 000 € in 36 months, and
    with no CAF no loan can be repaid, so the apport must bring the minimum + 9 000 000 €."""
    data = simple_plan(minimum_cash=minimum_cash)
    data["offers"][0]["quantities"] = [0] * 12
    data["charges"] = [{"label": "Loyer", "monthly_amount": 250_000}]
    data["financing"] = {"apport": apport}
    return data


@pytest.mark.parametrize("minimum, apport, proposed, short", [
    (1_000_000, 0, 10_000_000, 0),  # exactly the largest apport the inputs take
    (1_000_001, 0, 10_000_000, 1),  # 1 € more: the most possible, and 1 € missing
    (1_000_000, 10, 9_999_990, 0),  # the apport typed counts
    (1_000_011, 20, 9_999_980, 11),
    (10_000_000, 10_000_000, 0, 9_000_000),  # the apport typed is already the largest
])
def test_the_apport_proposed_is_never_above_what_the_inputs_take(minimum, apport, proposed,
                                                                 short):
    data = rent_only(minimum, apport)
    need = financing_need(parse_assumptions(data))
    assert (need.kind, need.amount, need.short) == ("apport", proposed, short)
    parse_assumptions(apply_need(data, need))  # what « Équilibrer » writes is a valid input
    if not short:
        assert f"Apport supplémentaire nécessaire : {euros(proposed)} au démarrage" in \
            need.message
    elif not proposed:
        assert "l'apport saisi est déjà au plus grand montant possible" in need.message
    else:
        assert f"le plus possible est d'ajouter {euros(proposed)} à l'apport" in need.message
    if short:
        assert "ne peut pas être équilibré" in need.message
        assert f"{euros(short)} sous le minimum au plus bas" in need.message
        assert build_plan(data).tables["besoin_financement"].value("solution", 0) == \
            "Apport supplémentaire (insuffisant)"


def test_a_loan_above_what_the_inputs_take_is_not_proposed():
    # 10 000 000 € of equipment in month 1 (cash −10 000 000 €), then 500 000 € of services a
    # month: a new loan at 0 % over 120 months, released in month 1, must bring the minimum
    # + 10 000 000 €, which the loan's amount can hold only for a minimum of 0 €
    data = simple_plan()
    data["offers"][0].update(unit_price=500_000, quantities=[0] + [1] * 11)
    data["investments"] = [{"label": "Atelier", "amount": 10_000_000, "month": 1, "years": 10}]
    data["financing"] = {"new_loan_rate": 0, "new_loan_months": 120}
    need = financing_need(parse_assumptions(data))
    assert (need.kind, need.amount, need.short) == ("emprunt", 10_000_000, 0)
    data["project"]["minimum_cash"] = 1
    need = financing_need(parse_assumptions(data))
    assert (need.kind, need.amount, need.short) == ("apport", 10_000_000, 1)
    assert "il faudrait emprunter 10\u202f000\u202f001\u202f€" in need.message


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
    balanced = apply_need(data, need)  # never past the inputs' bound: it parses
    assert cash_with(balanced).min() >= minimum - need.short - TOLERANCE
    if need.short:  # the most possible
        assert balanced["financing"]["apport"] == financing.MAX_AMOUNT
        return
    if need.kind == "emprunt":
        index = need.loan_index if need.loan_index is not None else -1
        balanced["financing"]["loans"][index]["amount"] = need.amount - PRECISION
    else:
        balanced["financing"]["apport"] -= PRECISION
    if need.amount >= PRECISION:
        assert cash_with(balanced).min() < minimum - TOLERANCE
