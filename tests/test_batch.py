"""The engine on a batch of draws: each draw equals the single run of the same plan."""
import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecast.assumptions import parse_assumptions
from forecast.drivers import Drivers
from forecast.engine import compute
from plans import plans, simple_plan

CENT = 0.005


def two_offer_plan(price: float, days: float, rent: float) -> dict:
    """Sales with stock and services, quarterly, ACRE, CFE: the law-heavy blocks all work."""
    data = simple_plan(activity="vente_artisan", declaration="trimestrielle", acre=True,
                       cfe=400, start_date="2025-05-01")
    data["offers"] = [
        {"name": "Objet", "kind": "vente", "unit_price": price, "unit_cost": price / 3,
         "quantities": [20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75], "growth_y2": 0.3,
         "payment_days": days},
        {"name": "Atelier", "kind": "service", "unit_price": price * 2, "unit_cost": 5,
         "quantities": [4] * 12, "payment_days": 30}]
    data["charges"] = [{"label": "Loyer", "monthly_amount": rent, "indexation": 0.02,
                        "first_month": 2}]
    data["operations"] = {"initial_stock": 1500, "stock_days": 45, "supplier_days": 30}
    return data


def assert_batch_equals_single_runs(batch, singles) -> None:
    arrays = batch.arrays()
    for i, single in enumerate(singles):
        for name, series in single.arrays().items():
            drawn = arrays[name]  # series not drawn (loans, thresholds) have no draw axis
            drawn = drawn[i] if drawn.ndim == series.ndim + 1 else drawn
            assert np.allclose(drawn, series, atol=CENT, rtol=0), (i, name)


def test_a_batch_of_two_plans_equals_their_single_runs_for_every_series():
    # the second plan's turnover crosses the VAT thresholds and the regime's ceiling
    plans_ = [parse_assumptions(two_offer_plan(40, 45, 800)),
              parse_assumptions(two_offer_plan(250, 37.5, 1200))]
    singles = [compute(a) for a in plans_]
    assert not singles[0].turnover.franchise.liable.any()
    assert singles[1].turnover.franchise.liable.any()
    assert singles[1].ceilings.crossed.any()
    batch = compute(plans_[0], drivers=Drivers.stack([Drivers.of(a) for a in plans_]))
    assert batch.cash.balance.shape == (2, 36)
    assert batch.events == () and batch.notes == ()
    assert_batch_equals_single_runs(batch, singles)


def test_a_delayed_start_is_no_activity_in_the_first_months_of_the_same_timeline():
    a = parse_assumptions(two_offer_plan(40, 45, 800))
    plain = Drivers.of(a)
    batch = compute(a, drivers=plain.delayed(np.array([[0], [3]])))
    late = compute(a, drivers=plain.delayed(3))
    assert late.turnover.total[:3].tolist() == [0, 0, 0]
    assert late.turnover.total[3] == compute(a).turnover.total[0]
    assert late.months == compute(a).months
    assert_batch_equals_single_runs(batch, [compute(a), late])


def variant(data: dict, volume: float, price: float, days: float, charges: float) -> dict:
    """The same plan, its drivers moved: what a simulation draws."""
    out = copy.deepcopy(data)
    for o in out["offers"]:
        o["quantities"] = [q * volume for q in o["quantities"]]
        o["unit_price"] *= price
        o["payment_days"] = days
    for c in out.get("charges", []):
        c["monthly_amount"] *= charges
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, st.floats(0, 3), st.floats(0.5, 2), st.floats(0, 120), st.floats(0.5, 1.5))
def test_batches_of_random_plans_equal_their_single_runs(data, volume, price, days, charges):
    plans_ = [parse_assumptions(data),
              parse_assumptions(variant(data, volume, price, days, charges))]
    batch = compute(plans_[0], drivers=Drivers.stack([Drivers.of(a) for a in plans_]))
    assert_batch_equals_single_runs(batch, [compute(a) for a in plans_])


def test_plan_years_of_a_batch_keep_its_draws():
    timeline = compute(parse_assumptions(simple_plan())).timeline
    draws = np.arange(72.0).reshape(2, 36)  # two draws of 36 months: 0 to 35, 36 to 71
    assert timeline.by_year(draws).tolist() == [[66, 210, 354], [498, 642, 786]]


def test_blocks_are_read_only():
    f = compute(parse_assumptions(simple_plan()))
    with pytest.raises(ValueError):
        f.cash.balance[0] = 0
    with pytest.raises(ValueError):
        f.turnover.by_offer[0][0] = 0
