"""Scenarios and the Monte Carlo simulation: the same engine and law on every draw, exact
without uncertainty, a probability known in closed form, reproducible from its seed."""
from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pytest

from forecast.assumptions import VAT_RATES, InvalidAssumptions, parse_assumptions
from forecast.drivers import Drivers
from forecast.engine import compute
from forecast.financing import financing_need
from forecast.risk_inputs import NONE, Range, RiskInputs, Shock, Uncertainty, parse_risk
from forecast.risk_report import risk_json, simulation_tables
from forecast.scenarios import scenarios, scenarios_table, shocked
from forecast.simulation import (Draws, alone, cash_paths, draw, late_start, pooled,
                                 simulate, triangular)
from plans import example, simple_plan
from test_batch import CENT, assert_batch_equals_single_runs, two_offer_plan


def law_heavy() -> list:
    """Quarterly, ACRE, CFE, stock; the second crosses the VAT thresholds and the ceiling."""
    return [parse_assumptions(two_offer_plan(40, 45, 800)),
            parse_assumptions(two_offer_plan(250, 37.5, 1200))]


def typed_with(data: dict, s: Shock) -> dict:
    """The plan a person would type to get the shock `s` (no delayed start)."""
    out = copy.deepcopy(data)
    for o in out["offers"]:
        if o.get("quantities"):
            o["quantities"] = [q * (1 + s.volumes) for q in o["quantities"]]
        else:
            o["annual_volume"] *= 1 + s.volumes
        o["unit_price"] *= 1 + s.prices
        o["payment_days"] = o.get("payment_days", 0) + s.payment_days
    for c in out.get("charges", []):
        c["monthly_amount"] *= 1 + s.charges
    return out


# --- scenarios ---------------------------------------------------------------------------

SHOCK = Shock(volumes=-0.2, prices=0.1, payment_days=15, charges=0.05)


@pytest.mark.parametrize("data", [two_offer_plan(250, 37.5, 1200), example("bijoux")])
def test_a_shock_is_the_plan_typed_with_it(data):
    a = parse_assumptions(data)
    moved = compute(a, drivers=shocked(Drivers.of(a), SHOCK))
    assert_batch_equals_single_runs(moved, [compute(parse_assumptions(typed_with(data, SHOCK)))])


def test_scenarios_side_by_side():
    data = example("graphiste")
    a = parse_assumptions(data)
    risk = RiskInputs(pessimistic=replace(SHOCK, start_delay=0))
    cases = scenarios(a, risk)
    table = scenarios_table(cases)
    assert table.column_keys == ("pessimiste", "realiste", "optimiste")
    plan = compute(a)
    low = int(np.argmin(plan.cash.balance))
    assert table.value("chiffre_affaires_annee_1", 1) == pytest.approx(plan.timeline.by_year(
        plan.turnover.total)[0])
    assert table.value("tresorerie_min", 1) == pytest.approx(plan.cash.balance[low])
    assert table.value("volumes", 0) == -0.2 and table.value("volumes", 1) == 0
    assert table.value("prix", 0) == 0.1 and table.value("delai_clients", 0) == 15
    # the pessimistic case is the plan typed with its shocks, solver included
    typed = parse_assumptions(typed_with(data, risk.pessimistic))
    need = financing_need(typed)
    assert table.value("montant_financement", 0) == need.amount
    assert table.value("tresorerie_min", 0) == pytest.approx(compute(typed).cash.balance.min())
    assert table.value("chiffre_affaires_annee_1", 0) < table.value("chiffre_affaires_annee_1", 1)
    assert table.value("chiffre_affaires_annee_1", 2) > table.value("chiffre_affaires_annee_1", 1)


def test_the_shocked_cases_run_on_the_draw_axis_equal_their_single_runs():
    a = parse_assumptions(two_offer_plan(250, 37.5, 1200))
    risk = RiskInputs()
    pessimistic, realistic, optimistic = scenarios(a, risk)
    for case, shock in ((pessimistic, risk.pessimistic), (optimistic, risk.optimistic)):
        single = compute(a, drivers=shocked(Drivers.of(a), shock))
        drawn = case.forecast.arrays()
        assert drawn.keys() == single.arrays().keys()
        for name, series in single.arrays().items():
            assert drawn[name].shape == series.shape, name
            assert np.allclose(drawn[name], series, atol=CENT, rtol=0), name
    assert realistic.forecast.cash.balance.tolist() == compute(a).cash.balance.tolist()


def test_a_delayed_start_sells_nothing_in_its_first_months_and_charges_run():
    a = parse_assumptions(example("bijoux"))
    late = compute(a, drivers=shocked(Drivers.of(a), Shock(start_delay=2)))
    plan = compute(a)
    assert late.turnover.total[:2].tolist() == [0, 0]
    assert late.turnover.total[2] == pytest.approx(plan.turnover.total[0])
    assert late.fixed.total.tolist() == plan.fixed.total.tolist()


# --- the draws ---------------------------------------------------------------------------

def test_triangular_law_by_hand():
    r = Range(-0.2, 0.2)  # symmetric: F(0) = 1/2; F(x) = (x + 0.2)² / 0.08 below 0
    u = np.array([0.0, 0.125, 0.5, 0.875, 1.0])
    assert triangular(u, r) == pytest.approx([-0.2, -0.1, 0.0, 0.1, 0.2])
    assert triangular(u, Range(0, 0)).tolist() == [0] * 5


def test_draws_stay_in_their_ranges_and_the_delay_has_its_probability():
    u = Uncertainty(delay_probability=0.3, delay_months=2)
    d = draw(u, 20_000, 7)
    assert d.shock.volumes.min() >= -0.25 and d.shock.volumes.max() <= 0.10
    assert d.shock.payment_days.min() >= 0 and d.shock.payment_days.max() <= 30
    assert set(np.unique(d.shock.start_delay)) == {0, 1, 2}
    assert (d.shock.start_delay > 0).mean() == pytest.approx(0.3, abs=0.015)
    # log-normal noise of mean 1 and standard deviation 15 %
    assert d.noise.mean() == pytest.approx(1, abs=0.002)
    assert d.noise.std() == pytest.approx(0.15, abs=0.002)


@pytest.mark.parametrize("a", law_heavy() + [parse_assumptions(example("graphiste"))])
def test_without_uncertainty_every_draw_is_the_plan_to_the_cent(a):
    none = draw(NONE, 50, 1)
    batch = compute(a, drivers=shocked(Drivers.of(a), none.shock, none.noise))
    assert batch.cash.balance.shape == (50, 36)
    assert_batch_equals_single_runs(batch, [compute(a)] * 50)
    s = simulate(a, RiskInputs(uncertainty=NONE), draws=200)
    plan = compute(a).cash.balance
    assert np.abs(s.percentiles - plan).max() < CENT
    assert s.below_zero.tolist() == (plan < -CENT).astype(float).tolist()
    assert {x.span for x in s.sensitivities} == {0.0}


def test_each_draw_of_a_batch_equals_its_own_single_run():
    """Every draw goes through the same law as one plan: the VAT franchise lost in some draws."""
    a = parse_assumptions(two_offer_plan(120, 37.5, 1200))
    d = draw(Uncertainty(volumes=Range(-0.8, 0.5), delay_probability=0.5), 12, 3)
    base = Drivers.of(a)
    batch = compute(a, drivers=shocked(base, d.shock, d.noise))
    singles = []
    for i in range(d.n):
        one = d.rows(slice(i, i + 1))
        single = shocked(base, Shock(**{k: v[0] for k, v in vars(one.shock).items()}),
                         one.noise[0])
        singles.append(compute(a, drivers=single))
    liable = [s.turnover.franchise.liable.any() for s in singles]
    assert any(liable) and not all(liable)
    assert_batch_equals_single_runs(batch, singles)


def twenty_offers(prices_kept: bool) -> dict:
    """20 offers: both kinds, VAT rates of 20, 5,5 and 0 %, three payment delays (six groups
    of a kind, a rate and a delay), their own unit costs, growth and monthly profiles; the
    turnover loses the VAT franchise in some draws only."""
    data = two_offer_plan(100, 30, 1200)
    data["offers"] = [
        {"name": f"Offre {i + 1}", "kind": ("vente", "service")[i % 2],
         "unit_price": 10 + 6 * i, "unit_cost": (2 + 2 * i) * (i % 4 > 0),
         "vat_rate": VAT_RATES[i % 3 * 2], "payment_days": (0, 37.5, 45)[i % 3],
         "quantities": [1 + (m * (i + 3)) % 7 + (m > 5) * (i % 4) for m in range(12)],
         "growth_y2": 0.15 * (i % 4), "growth_y3": -0.1 * (i % 2)}
        for i in range(20)]
    data["project"]["vat_prices_kept"] = prices_kept
    return data


@pytest.mark.parametrize("prices_kept", [False, True])
@pytest.mark.parametrize("late", [0.0, 0.4])
def test_the_offers_pooled_give_every_draw_the_cash_of_the_offers_one_by_one(prices_kept, late):
    """Pooling the offers by kind, VAT rate and delay (`pooled`) is exact: the same cash to the
    euro, the levies being rounded to the euro by declaration (a float difference may round a
    half euro the other way)."""
    a = parse_assumptions(twenty_offers(prices_kept))
    assert len(pooled(a)[0].offers) == 6 + 6  # sold by group, bought by kind and rate
    x = Uncertainty(volumes=Range(-0.5, 0.6), delay_probability=late, delay_months=3)
    d = draw(x, 300, 8)
    one_by_one = compute(a, drivers=shocked(Drivers.of(a), d.shock, d.noise))
    liable = one_by_one.turnover.franchise.liable.any(axis=-1)
    assert liable.any() and not liable.all()
    assert (d.shock.start_delay > 0).any() == (late > 0)
    assert np.abs(cash_paths(a, d) - one_by_one.cash.balance).max() < 1


# --- a probability known in closed form ------------------------------------------------

def charges_only_plan() -> dict:
    """10 000 € in the bank, 1 000 € of charges a month, nothing sold: cash at the end of
    month m is 10 000 − 1 000 × m × (1 + x), x the overrun of the charges."""
    data = simple_plan(opening_cash=10_000)
    data["offers"][0]["quantities"] = [0] * 12
    data["charges"] = [{"label": "Loyer", "monthly_amount": 1000}]
    return data


def test_probability_of_a_deficit_in_closed_form():
    """x triangular on [0, 1] with its mode at 0: P(x > t) = (1 − t)². Cash is negative at
    month m when x > 10/m − 1: month 5 never, month 6 with 1/9, month 7 with 16/49, month 8
    with 9/16, from month 10 always (x > 0 almost surely)."""
    a = parse_assumptions(charges_only_plan())
    u = replace(NONE, charges=Range(0.0, 1.0))
    n = 20_000
    s = simulate(a, RiskInputs(uncertainty=u), draws=n, seed=11)
    expected = {5: 0.0, 6: 1 / 9, 7: 16 / 49, 8: 9 / 16, 10: 1.0, 36: 1.0}
    for month, p in expected.items():
        tolerance = 4 * np.sqrt(p * (1 - p) / n) + 1e-12
        assert abs(s.below_zero[month - 1] - p) <= tolerance, month
    # the lowest cash is at month 36: 10 000 − 36 000 (1 + x); 5 % of x above 1 − √0.05,
    # so the cushion is 26 000 + 36 000 × (1 − √0.05) = 53 950 €, give or take sampling
    assert s.apport == pytest.approx(53_950, abs=500)


def test_the_cushion_brings_the_risk_under_five_percent_exactly():
    data = charges_only_plan()
    risk = RiskInputs(uncertainty=replace(NONE, charges=Range(0.0, 1.0)))
    s = simulate(parse_assumptions(data), risk, draws=2000, seed=5)
    for extra, under in ((s.apport, True), (s.apport - 1, False)):
        more = copy.deepcopy(data)
        more["financing"] = {"apport": extra}
        again = simulate(parse_assumptions(more), risk, draws=2000, seed=5)
        assert (again.ever_below_zero < 0.05) is under
    assert s.loan > s.apport  # a loan is repaid from month 2: it must be larger


# --- reproducible -----------------------------------------------------------------------

def test_same_seed_same_result_and_another_seed_another():
    a = parse_assumptions(example("bijoux"))
    risk = RiskInputs(uncertainty=Uncertainty(volumes=Range(-0.6, 0.1)))
    first, again = (risk_json(simulate(a, risk, draws=500, seed=42)) for _ in range(2))
    assert first == again
    other = risk_json(simulate(a, risk, draws=500, seed=43))
    assert other["p10"] != first["p10"]


def test_json_shape():
    a = parse_assumptions(example("graphiste"))
    out = risk_json(simulate(a, RiskInputs(), draws=300, seed=1))
    assert out["tirages"] == 300 and out["graine"] == 1
    for key in ("probabilite_tresorerie_negative", "probabilite_sous_minimum", "p10", "p50",
                "p90", "mois"):
        assert len(out[key]) == 36, key
    assert all(lo <= mid <= hi for lo, mid, hi in zip(out["p10"], out["p50"], out["p90"]))
    assert isinstance(out["coussin_5_pourcent"], float)
    assert [x["facteur"] for x in out["sensibilites"]][:1] and len(out["sensibilites"]) == 6
    spans = [x["effet"] for x in out["sensibilites"]]
    assert spans == sorted(spans, reverse=True)


def test_only_the_uncertain_driver_moves_the_tornado():
    a = parse_assumptions(example("bijoux"))
    u = replace(NONE, volumes=Range(-0.5, 0.0))
    s = simulate(a, RiskInputs(uncertainty=u), draws=400, seed=2)
    first, *rest = s.sensitivities
    assert first.key == "volumes" and first.unfavourable < 0
    assert all(x.unfavourable == x.favourable == 0 for x in rest)
    tables = simulation_tables(s)
    assert tables["sensibilites"].lines[0].label == "Volumes vendus"


def test_chunks_do_not_change_the_result(monkeypatch):
    import forecast.simulation as simulation
    a = parse_assumptions(example("bijoux"))
    d = draw(Uncertainty(), 450, 9)
    whole = cash_paths(a, d)
    monkeypatch.setattr(simulation, "CELLS_PER_CHUNK", 1)  # chunks of 100 draws
    assert np.array_equal(cash_paths(a, d), whole)


# --- the person's settings --------------------------------------------------------------

def test_risk_settings_default_and_french_problems():
    assert parse_risk(None) == RiskInputs()
    risk = parse_risk({"pessimistic": {"volumes": "-30 %"}, "draws": 2000, "seed": 7,
                       "uncertainty": {"volumes": {"low": -0.4}}})
    assert risk.pessimistic.volumes == pytest.approx(-0.3)
    assert risk.pessimistic.prices == RiskInputs().pessimistic.prices
    assert risk.uncertainty.volumes == Range(-0.4, 0.10)
    with pytest.raises(InvalidAssumptions) as e:
        parse_risk({"uncertainty": {"volumes": {"low": 0.1}}, "draws": 10,
                    "optimistic": {"start_delay": 1.5}})
    messages = {p.path: str(p.message) for p in e.value.problems}
    assert messages == {
        ("risk", "uncertainty", "volumes", "low"): "doit être au plus 0\u202f% (saisi : 10\u202f%).",
        ("risk", "draws"): "doit être au moins 100 (saisi : 10).",
        ("risk", "optimistic", "start_delay"): "doit être un nombre entier (saisi : 1,5\u202fmois).",
    }


def test_each_driver_alone_at_evenly_spread_levels():
    x = Uncertainty(prices=Range(-0.2, 0.2), delay_probability=0.25, delay_months=2)
    noise = draw(x, 8, 4).noise
    prices = alone(x, "prices", noise)
    # levels 1/16, 3/16 … 15/16 of the symmetric triangular law: −0.2 + √(u × 0.08) below ½
    assert prices.shock.prices[:2, 0] == pytest.approx([-0.2 + np.sqrt(0.005),
                                                        -0.2 + np.sqrt(0.015)])
    assert not prices.shock.volumes.any() and (prices.noise == 1).all()
    # on time up to 3/4, then 1 month up to 7/8, then 2 months
    assert alone(x, "start_delay", noise).shock.start_delay[:, 0].tolist() == [
        0, 0, 0, 0, 0, 0, 1, 2]
    by_noise = alone(x, "noise", noise)
    assert np.array_equal(by_noise.noise, noise) and not by_noise.shock.prices.any()
    assert Draws.concat([prices, by_noise]).n == 16


def test_late_start_by_its_inverse_distribution():
    x = Uncertainty(delay_probability=0.2, delay_months=3)
    u = np.array([0.0, 0.79, 0.8, 0.866, 0.867, 0.999])
    assert late_start(u, x).tolist() == [0, 0, 1, 1, 2, 3]
    assert late_start(u, replace(x, delay_months=0)).tolist() == [0] * 6
