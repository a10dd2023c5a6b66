"""The loans as a lender reads them: terms, the whole repayment schedule, and the cover of the
repayments by what the activity leaves once the owner is paid."""
from __future__ import annotations

import pytest

from forecast.assumptions import Loan
from forecast.examples import example_data
from forecast.lending import instalment
from forecast.plan import build_plan
from plans import simple_plan


def test_instalment_by_hand():
    # 5 000 € at 4,5 %: r = 0,00375 a month, 45 payments after 3 months of deferral:
    # 5 000 × 0,00375 / (1 − 1,00375^−45) = 18,75 / 0,155009 = 120,96 €
    assert instalment(Loan("Prêt", 5000, 0.045, 48, 3)) == pytest.approx(120.96, abs=0.005)
    assert instalment(Loan("Honneur", 4000, 0.0, 36, 6)) == pytest.approx(4000 / 30)


def _with_loans(*loans) -> dict:
    data = simple_plan()
    data["financing"] = {"loans": [dict(l) for l in loans]}
    return data


def test_schedule_runs_to_the_last_payment_beyond_the_forecast():
    # 12 000 € at 0 % over 12 months received in month 1: 1 000 € a month from month 2
    # (11 payments in year 1, the last in year 2), then a 10-year loan summed from year 6 on
    plan = build_plan(_with_loans(
        {"label": "Court", "amount": 12000, "rate": 0, "months": 12, "month": 1},
        {"label": "Long", "amount": 24000, "rate": 0, "months": 120, "month": 1}))
    t = plan.tables["echeancier"]
    assert len(t.columns) == 6 and t.columns[-1].startswith("Années 6 à 11")
    capital = t.line("capital").values
    # by hand: the short loan repays 11 000 € then 1 000 €; the long one 200 € a month from
    # month 2: 2 200 € in year 1, 2 400 € in each full year, 200 € in year 11
    assert capital[:5] == pytest.approx((13200, 3400, 2400, 2400, 2400))
    assert capital[5] == pytest.approx(24000 - 2200 - 4 * 2400)
    assert sum(capital) == pytest.approx(36000)
    assert t.line("capital_restant").values[-1] == pytest.approx(0)
    assert t.line("capital_restant").values[0] == pytest.approx(36000 - 13200)
    assert t.line("interets").values == pytest.approx((0,) * 6)


def test_loan_terms_equal_the_inputs():
    data = example_data("graphiste")
    plan = build_plan(data)
    t = plan.tables["emprunts"]
    assert list(t.columns) == [l["label"] for l in data["financing"]["loans"]]
    assert t.line("montant").values == (5000, 4000)
    assert t.line("duree").values == (48, 36) and t.line("differe").values == (3, 6)
    assert t.line("deblocage").values == ("mars 2026", "mars 2026")
    # whole interest of a loan = its payments − its capital
    payments = 3 * 5000 * 0.045 / 12 + 45 * instalment(Loan("", 5000, 0.045, 48, 3))
    assert t.line("cout_interets").values[0] == pytest.approx(payments - 5000, abs=0.01)
    assert t.line("cout_interets").values[1] == 0


@pytest.mark.parametrize("name", ["graphiste", "bijoux"])
def test_cover_reads_the_statements(name):
    plan = build_plan(example_data(name))
    cover, cr = plan.tables["couverture_emprunts"], plan.tables["compte_de_resultat"]
    yearly = plan.tables["plan_de_financement"]
    for y in range(3):
        caf = cr.value("resultat", y) + cr.value("dotations", y)
        available = caf - yearly.value("prelevements", y) - yearly.value("versement_liberatoire",
                                                                         y)
        assert cover.value("caf", y) == pytest.approx(caf)
        assert cover.value("caf_disponible", y) == pytest.approx(available)
        assert cover.value("remboursements", y) == pytest.approx(yearly.value("remboursements",
                                                                              y))
        assert cover.value("couverture", y) == pytest.approx(
            available / yearly.value("remboursements", y))
        assert cover.value("ebe", y) == pytest.approx(cr.value("ebe", y))
        assert cover.value("annuites", y) == pytest.approx(
            yearly.value("remboursements", y) + cr.value("charges_financieres", y))


def test_uncovered_year_says_what_is_missing():
    # 22 payments from month 2: years 1 and 2 only
    data = _with_loans({"label": "Prêt", "amount": 20000, "rate": 0.05, "months": 22})
    data["operations"] = {"drawings_monthly": 600}
    plan = build_plan(data)
    cover = plan.tables["couverture_emprunts"]
    missing = cover.value("remboursements", 0) - cover.value("caf_disponible", 0)
    assert missing > 0
    assert cover.value("verdict", 0) == f"Manque {round(missing):,}\u202f€".replace(",", "\u202f")
    assert cover.value("verdict", 2) == "Sans remboursement"
    assert cover.value("couverture", 2) is None
