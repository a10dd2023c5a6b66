"""Accounting identities on random plans: they hold for every input, not just the examples."""
import numpy as np
from hypothesis import HealthCheck, given, settings

from forecast.plan import build_plan
from forecast.schedule import by_year, year_ends
from plans import plans

CENT = 0.005


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_identities_hold_for_any_plan(data):
    plan = build_plan(data)
    f, t = plan.forecast, plan.tables

    for series in f.series.values():
        assert np.isfinite(series).all()
    for key in ("cotisations", "cfp", "tfc", "vl", "cfe", "levies_paid", "income_tax"):
        assert (f[key] >= -CENT).all(), key
    assert (f["stock"] >= -CENT).all()

    bilan = t["bilan"]
    for y in range(3):
        assert abs(bilan.value("total_actif", y) - bilan.value("total_passif", y)) < CENT * 10
    # the cash plan closes on the balance sheet's cash
    closing = t["tresorerie"].line("tresorerie_fin").values
    assert np.allclose([closing[11], closing[23], closing[35]],
                       bilan.line("tresorerie").values, atol=CENT)
    # each month: opening + receipts - payments = closing
    cash = t["tresorerie"]
    for m in range(36):
        assert abs(cash.value("tresorerie_debut", m) + cash.value("encaissements", m)
                   - cash.value("decaissements", m) - cash.value("tresorerie_fin", m)) < CENT
    # the 3-year financing plan's cash change is the cash plan's
    opening = np.concatenate([[f.assumptions.project.opening_cash], year_ends(f["cash"])[:-1]])
    change = year_ends(f["cash"]) - opening
    assert np.allclose(t["plan_de_financement"].line("variation_tresorerie").values, change,
                       atol=0.01)
    # monthly turnover sums to the P&L's, and the offers sum to the total
    income = t["compte_de_resultat"]
    assert np.allclose(by_year(f["turnover"]), income.line("chiffre_affaires").values)
    offers = [l for l in income.lines if l.key.startswith("ca_offre_")]
    assert np.allclose(np.sum([l.values for l in offers], axis=0),
                       income.line("chiffre_affaires").values, atol=0.01)
    # the P&L flows into equity
    equity = year_ends(f["equity"])
    flows = (f.assumptions.project.opening_cash + np.cumsum(
        by_year(f["apport"] + f["grants"] + f["result"] - f["drawings"] - f["vl"])))
    assert np.allclose(equity, flows, atol=0.01)
