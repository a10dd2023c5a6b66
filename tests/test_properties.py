"""Accounting identities on random plans: they hold for every input, not just the examples."""
import numpy as np
from hypothesis import HealthCheck, given, settings

from forecast.checks import wrong_sums
from forecast.plan import build_plan, master_check
from plans import plans

CENT = 0.005


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_identities_hold_for_any_plan(data):
    plan = build_plan(data)
    f, t = plan.forecast, plan.tables
    by_year, year_ends = f.timeline.by_year, f.timeline.year_ends

    for series in f.arrays().values():
        assert np.isfinite(series).all()
    for key, series in (("cotisations", f.levies.cotisations), ("cfp", f.levies.cfp),
                        ("tfc", f.levies.tfc), ("vl", f.levies.vl), ("cfe", f.cfe.paid),
                        ("levies_paid", f.levies.paid), ("income_tax", f.pnl.income_tax)):
        assert (series >= -CENT).all(), key
    assert (f.balances.stock >= -CENT).all()

    assert wrong_sums(t) == []  # every total equals its lines, in every column
    check = master_check(plan)
    for part in ("bilan équilibré", "trésorerie conforme", "totaux des tableaux justes"):
        assert part in check
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
    opening = np.concatenate([[f.assumptions.project.opening_cash],
                              year_ends(f.cash.balance)[:-1]])
    change = year_ends(f.cash.balance) - opening
    assert np.allclose(t["plan_de_financement"].line("variation_tresorerie").values, change,
                       atol=0.01)
    # monthly turnover sums to the P&L's, and the offers sum to the total
    income = t["compte_de_resultat"]
    assert np.allclose(by_year(f.turnover.total), income.line("chiffre_affaires").values)
    offers = [l for l in income.lines if l.key.startswith("ca_offre_")]
    assert np.allclose(np.sum([l.values for l in offers], axis=0),
                       income.line("chiffre_affaires").values, atol=0.01)
    # the P&L flows into equity
    equity = year_ends(f.balances.equity)
    flows = (f.assumptions.project.opening_cash + np.cumsum(
        by_year(f.funds.apport + f.funds.grants + f.pnl.result - f.funds.drawings - f.levies.vl)))
    assert np.allclose(equity, flows, atol=0.01)
    # levies charged = paid + owed (the social debt)
    assert np.allclose(np.cumsum(f.levies.charged), np.cumsum(f.levies.paid)
                       + f.balances.social_debt, atol=0.01)
    # VAT invoiced less VAT deductible = paid + owed − credit, each month; in the bilan
    vat = f.vat
    for series in (vat.paid, vat.owed, vat.credit, vat.invoiced, vat.accrued):
        assert (series >= -CENT).all()
    assert np.allclose(np.cumsum(vat.invoiced - vat.accrued),
                       np.cumsum(vat.paid) + vat.owed - vat.credit, atol=0.01)
    assert (np.cumsum(vat.collected) <= np.cumsum(vat.invoiced) + CENT).all()
    assert np.allclose(bilan.line("tva_due").values, year_ends(vat.owed), atol=CENT)
    assert np.allclose(bilan.line("credit_tva").values, year_ends(vat.credit), atol=CENT)
