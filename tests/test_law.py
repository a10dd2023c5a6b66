"""French law, round 2, on plans small enough to compute by hand: the VAT franchise since 2025,
VAT once liable, contributions in the month they belong to, the first URSSAF payment, CFE as
levied, the initial financing plan, an existing micro-entrepreneur, and the break-even.

Every expected figure is worked out in the comment above it from the rule's text (cited), never
read from the engine's output.
"""
import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from forecast.assumptions import parse_assumptions
from forecast.engine import compute
from forecast.plan import build_plan
from forecast.rules import DatedValue, Rules, load_rules
from plans import simple_plan

D = dt.date
PENDING = "issue 9: waits for the law's implementation on the restructured engine"


def pending(test):
    return pytest.mark.xfail(strict=True, reason=PENDING)(test)


def plan(data):
    return build_plan(data)


def services(price: float, start: str = "2025-01-01", **project) -> dict:
    """services_bic, one service at `price` € a month, from `start`."""
    data = simple_plan(start_date=start, **project)
    data["offers"][0]["unit_price"] = price
    return data


def monthly(p, table: str, line: str) -> list[float]:
    return list(p.tables[table].line(line).values)


def month_of(p, day: dt.date) -> int:
    return p.forecast.months.index(day)


# --- 1. The VAT franchise as in force from 1 January 2025 (CGI art. 293 B) ---------------------

def test_seuil_majore_crossed_vat_from_the_day_not_from_the_first_of_the_month():
    # 4 000 € of services a month from January 2025. End of October: 40 000 € (over the base
    # threshold, 37 500 €, since October). November takes the year to 44 000 €, over the seuil
    # majoré (41 250 €): VAT is due from the operation crossing it, i.e. on the 44 000 − 41 250 =
    # 2 750 € of November beyond the threshold (operations spread evenly over the month):
    # 20 % × 2 750 = 550 €, not 800 € (the whole month, the rule before 2025).
    p = plan(services(4000))
    vat = p.forecast.turnover.vat
    assert vat[9] == 0                       # October 2025: still under franchise
    assert vat[10] == pytest.approx(550)     # November 2025
    assert vat[11] == pytest.approx(800)     # December 2025
    assert vat[12] == pytest.approx(800)     # 2026: 2025 over the base threshold
    # the crossing day: 1 250 € of the month's 4 000 € before it, 1 250 / 4 000 × 30 days =
    # 9.4 days, so during the 10th of November
    majore = [e for e in p.forecast.events if e.code == "tva_majore"]
    assert majore[0].day == D(2025, 11, 10)
    assert "10 novembre 2025" in majore[0].message


def test_base_threshold_crossed_ends_the_franchise_on_1_january_without_tolerance():
    # 3 200 € a month in 2025: 38 400 €, over 37 500 € (crossed in December: 35 200 € at the end
    # of November) but under 41 250 €. From 2025 there is no second year of tolerance: VAT from
    # 1 January 2026 on every operation, 20 % × 3 200 = 640 € a month.
    p = plan(services(3200))
    vat = p.forecast.turnover.vat
    assert vat[:12].sum() == 0
    assert vat[12:24] == pytest.approx([640] * 12)
    base = [e for e in p.forecast.events if e.code == "tva_base"][0]
    assert base.day == D(2025, 12, 1)
    assert "1er janvier 2026" in base.message
    assert "se répète" not in base.message  # the two-year tolerance is gone
    assert any(e.code == "tva_debut" and e.day == D(2026, 1, 1) for e in p.forecast.events)


def test_the_2025_franchise_is_judged_with_the_2025_thresholds():
    # 3 200 € a month in 2024: 38 400 €, over the 2024 base threshold (36 800 €) but under its
    # seuil majoré (39 100 €): no VAT in 2024. The 2025 franchise is judged on 2024's turnover
    # against the 2025 threshold, 37 500 € (CGI 293 B as in force on 1 January 2025): over it,
    # so VAT from 1 January 2025 (the 2024 rule's tolerance year does not apply).
    p = plan(services(3200, start="2024-01-01"))
    vat = p.forecast.turnover.vat
    assert vat[:12].sum() == 0
    assert vat[12] == pytest.approx(640)


def test_in_2024_the_seuil_majore_still_taxes_the_whole_month():
    # 4 000 € a month in 2024: 40 000 € at the end of October, over the 2024 seuil majoré
    # (39 100 €). Before 2025, VAT was due from the first day of the month of the crossing
    # (CGI 293 B, II, 2, version 2023-2024): the whole of October, 20 % × 4 000 = 800 €.
    p = plan(services(4000, start="2024-01-01"))
    vat = p.forecast.turnover.vat
    assert vat[8] == 0
    assert vat[9] == pytest.approx(800)


def test_creation_year_annualised_over_the_base_threshold_ends_the_franchise_next_year():
    # Started on 1 October 2025 at 3 200 € a month: 9 600 € in 92 days of 2025, annualised
    # 9 600 × 365 / 92 = 38 087 € > 37 500 €: VAT from 1 January 2026 (no tolerance year).
    p = plan(services(3200, start="2025-10-01"))
    vat = p.forecast.turnover.vat
    assert vat[:3].sum() == 0
    assert vat[3] == pytest.approx(640)


def test_creation_year_seuil_majore_prorated_bofip_example():
    # BOI-TVA-DECLA-40-10-10 §§ 285-290 (1 July 2026), CGI art. 293 D, III: in the creation year
    # the thresholds are adjusted to its days of activity. Sales started on 12 June 2026:
    # 203 days to 31 December, seuil majoré 93 500 × 203 / 365 = 52 001,37 €. 10 000 € HT a
    # month from June: 50 000 € at the end of October; November crosses it with 2 001,37 € of
    # its 10 000 € (6 of its 30 days: the 7th): 20 % × (10 000 − 2 001,37) = 1 599,73 € of
    # VAT in November, 2 000 € in December. Unprorated (93 500 €), 2026's 70 000 € would keep
    # the franchise the whole year.
    data = simple_plan(start_date="2026-06-12", activity="vente")
    data["offers"][0].update(kind="vente", unit_price=10_000)
    f = plan(data).forecast
    assert f.turnover.vat[:5].tolist() == [0] * 5
    assert f.turnover.vat[5] == pytest.approx(1599.73, abs=0.005)
    assert f.turnover.vat[6] == pytest.approx(2000)
    majore = next(e for e in f.events if e.code == "tva_majore")
    assert majore.day == D(2026, 11, 7)
    assert majore.threshold == pytest.approx(52_001.37, abs=0.005)
    assert "52 001 €, proratisé pour l'année de création" in majore.message.replace("\u202f", " ")


def test_creation_year_services_thresholds_prorated_from_2025_not_in_2024():
    # Services started on 1 July 2025, 4 000 € a month: 184 days, base threshold
    # 37 500 × 184 / 365 = 18 904,11 € (crossed in November: 20 000 €), seuil majoré
    # 41 250 × 184 / 365 = 20 794,52 €, crossed in December with 794,52 € of its 4 000 €
    # (0,199 × 31 days: the 7th): 20 % × 3 205,48 = 641,10 € of VAT in December 2025.
    f = plan(services(4000, start="2025-07-01")).forecast
    assert f.turnover.vat[:5].sum() == 0
    assert f.turnover.vat[5] == pytest.approx(641.10, abs=0.005)
    events = {e.code: e for e in f.events}
    assert events["tva_base"].day == D(2025, 11, 1)
    assert events["tva_base"].threshold == pytest.approx(18_904.11, abs=0.005)
    assert events["tva_majore"].day == D(2025, 12, 7)
    # Started on 1 July 2024, before the rule: the 2024 seuil majoré (39 100 €) whole, never
    # reached by 2024's 24 000 €; 2025 liable from 1 January (24 000 × 366 / 184 = 47 739 €
    # annualised, over 37 500 €): 800 € a month.
    f = plan(services(4000, start="2024-07-01")).forecast
    assert f.turnover.vat[:6].sum() == 0
    assert f.turnover.vat[6] == pytest.approx(800)


def with_rule(key: str, value: float):
    """The rules data with `key` set to `value` at every date (a law that would change)."""
    rules = load_rules()
    p = rules.param(key)
    values = tuple(DatedValue(v.start, value, "essai") for v in p.values)
    return Rules(rules.covered_until, {**rules.parameters, key: replace(p, values=values)})


def test_creation_year_judged_as_it_is_when_the_data_do_not_annualise_it():
    # The same start (1 October 2025, 3 200 € a month), the creation year not annualised:
    # 9 600 € <= 37 500 €, the franchise holds in 2026; 2026 makes 38 400 €, over the base
    # threshold in December (35 200 € at the end of November) but not the seuil majoré
    # (41 250 €): VAT from 1 January 2027, 640 € a month.
    f = compute(parse_assumptions(services(3200, start="2025-10-01")),
                with_rule("tva.franchise.annualisation_creation", 0))
    assert f.turnover.vat[:15].sum() == 0
    assert f.turnover.vat[15:27] == pytest.approx([640] * 12)


def test_where_the_law_keeps_a_tolerance_year_one_year_over_the_base_keeps_the_franchise():
    # The rule of 2023-2024 (CGI 293 B, I, version 2023-2024) as if it applied from 2025: 3 200 €
    # a month from January 2025, 38 400 € a year, over the base threshold (37 500 €), under the
    # seuil majoré (41 250 €). 2026: 2025 over the base but 2024 not (no activity): the franchise
    # holds. 2027: 2026 and 2025 both over the base: VAT from 1 January 2027, 640 € a month.
    # The rule in force from 2025 ends it on 1 January 2026 (test above).
    f = compute(parse_assumptions(services(3200)),
                with_rule("tva.franchise.tolerance_deux_ans", 1))
    assert f.turnover.vat[:24].sum() == 0
    assert f.turnover.vat[24:36] == pytest.approx([640] * 12)


def test_prices_kept_the_crossing_month_is_taxed_from_the_crossing_on():
    # Prices kept at 4 800 € a month (TTC once liable). End of August 2025: 38 400 €. In September
    # the untaxed operations take the year to 41 250 € (2 850 €); the other 4 800 − 2 850 =
    # 1 950 € are TTC: HT 1 950 / 1.2 = 1 625 €, VAT 325 €. September's turnover HT:
    # 2 850 + 1 625 = 4 475 €. October: HT 4 000 €, VAT 800 €.
    p = plan(services(4800, vat_prices_kept=True))
    f = p.forecast
    assert f.turnover.total[8] == pytest.approx(4475)
    assert f.turnover.vat[8] == pytest.approx(325)
    assert f.turnover.total[9] == pytest.approx(4000)
    assert f.turnover.vat[9] == pytest.approx(800)


# --- 2. VAT once liable: rates, collected, deductible, the payment calendar -------------------

def _food_shop() -> dict:
    data = simple_plan(activity="vente", start_date="2025-01-01")
    data["offers"] = [{"name": "Épicerie", "kind": "vente", "unit_price": 10_000,
                       "unit_cost": 0, "quantities": [1] * 12, "vat_rate": 0.055}]
    return data


def test_a_reduced_rate_offer_and_goods_taxed_at_delivery():
    # Sales of food at 5,5 % (CGI art. 278-0 bis), 10 000 € a month from January 2025. End of
    # September: 90 000 € (over 85 000 €), October takes it to 100 000 € > 93 500 €: VAT on
    # the 6 500 € beyond, 5,5 % × 6 500 = 357,50 €, due at delivery (CGI art. 269, 2, a), so
    # collected in October although customers pay at 30 days. November: 550 €.
    data = _food_shop()
    data["offers"][0]["payment_days"] = 30
    f = plan(data).forecast
    assert f.turnover.vat[9] == pytest.approx(357.5)
    assert f.vat.collected[9] == pytest.approx(357.5)
    assert f.vat.collected[10] == pytest.approx(550)


def _liable_from_2026(**project) -> dict:
    """3 200 € of services a month from January 2025, paid at 30 days: 38 400 € in 2025, so VAT
    from 1 January 2026; software at 120 € a month TTC (20 % VAT inside, 100 € HT)."""
    data = services(3200, **project)
    data["offers"][0]["payment_days"] = 30
    data["charges"] = [{"label": "Logiciel", "category": "Télécom et logiciels",
                        "monthly_amount": 120, "vat_rate": 0.20}]
    return data


def test_services_vat_is_due_when_cashed_and_paid_under_the_simplified_regime():
    # From January 2026, 640 € of VAT invoiced a month, due when the customer pays (CGI art.
    # 269, 2, c): collected February to December 2026, 11 × 640 = 7 040 €; deductible 20 € a
    # month (120 − 100), 240 € (CGI art. 271). VAT due for 2026: 7 040 − 240 = 6 800 €.
    # Régime réel simplifié (CGI ann. II art. 242 sexies): no instalment in 2026 (no annual return
    # yet); the 2026 return, filed in May 2027, pays 6 800 €; it fixes the 2027 instalments,
    # 55 % × 6 800 = 3 740 € in July and 40 % × 6 800 = 2 720 € in December 2027.
    p = plan(_liable_from_2026())
    f = p.forecast
    assert f.vat.collected[12] == 0 and f.vat.collected[13] == pytest.approx(640)
    assert f.vat.deductible[12:24] == pytest.approx([20] * 12)
    paid = monthly(p, "tresorerie", "tva")
    assert sum(paid[:28]) == 0                   # nothing before May 2027
    assert paid[28] == pytest.approx(6800)       # May 2027
    assert paid[30] == pytest.approx(3740)       # July 2027
    assert paid[35] == pytest.approx(2720)       # December 2027
    assert sum(paid) == pytest.approx(6800 + 3740 + 2720)
    # Bilan at the end of 2026: the 2026 VAT due (6 800 €) and the VAT of December's invoice,
    # not due before it is cashed (640 €). End of 2027: 2027 due 12 × 640 − 240 = 7 440 €, less
    # the instalments 6 460 € = 980 €, plus December 2027's 640 € = 1 620 €.
    bilan = p.tables["bilan"]
    assert bilan.value("tva_due", 1) == pytest.approx(7440)
    assert bilan.value("tva_due", 2) == pytest.approx(1620)
    # charges are HT once VAT is recovered: 12 × 120 € in 2025, 12 × 100 € in 2026
    income = p.tables["compte_de_resultat"]
    assert income.value("charges_externes", 0) == pytest.approx(1440)
    assert income.value("charges_externes", 1) == pytest.approx(1200)


def test_instalments_are_based_on_vat_before_the_vat_on_fixed_assets():
    # The same plan and a 12 000 € TTC van bought in January 2026 (20 %: 2 000 € of VAT, 10 000 €
    # HT capitalised). 2026 due: 7 040 − 240 − 2 000 = 4 800 €, paid in May 2027; the
    # instalments' base is the VAT due before the VAT on fixed assets, 6 800 €: 3 740 € and
    # 2 720 € (BOI-TVA-DECLA-20-20-30-20).
    data = _liable_from_2026()
    data["investments"] = [{"label": "Fourgon", "amount": 12_000, "month": 13, "years": 5,
                            "vat_rate": 0.20}]
    p = plan(data)
    paid = monthly(p, "tresorerie", "tva")
    assert paid[28] == pytest.approx(4800)
    assert paid[30] == pytest.approx(3740)
    assert paid[35] == pytest.approx(2720)
    # depreciation on the HT amount: 10 000 € over 60 months from January 2026
    assert p.tables["compte_de_resultat"].value("dotations", 1) == pytest.approx(2000)


def test_monthly_returns_pay_the_month_after_and_carry_a_credit_forward():
    # With monthly returns (an option), January 2026: 0 € collected, 20 € deductible and the
    # van's 2 000 €: a 2 020 € credit, carried forward. February: 640 − 20 − 2 020 = −1 400;
    # March: −780; April: −160; May: 640 − 20 − 160 = 460 €, paid in June; then 620 € a month.
    data = _liable_from_2026(vat_monthly=True)
    data["investments"] = [{"label": "Fourgon", "amount": 12_000, "month": 13, "years": 5,
                            "vat_rate": 0.20}]
    p = plan(data)
    paid = monthly(p, "tresorerie", "tva")
    assert paid[12:18] == pytest.approx([0, 0, 0, 0, 0, 460])
    assert paid[18] == pytest.approx(620)
    # a credit at a year end is an asset: none left at the end of 2026
    assert p.tables["bilan"].value("credit_tva", 1) == 0


def test_a_credit_at_year_end_is_an_asset_of_the_bilan():
    # Monthly returns; the van bought in December 2026 instead: December's return: 640 € collected
    # − 20 − 2 000 = −1 380 €, a credit at the end of 2026 (asset); the VAT of December's
    # invoice, 640 €, is owed once cashed (liability).
    data = _liable_from_2026(vat_monthly=True)
    data["investments"] = [{"label": "Fourgon", "amount": 12_000, "month": 24, "years": 5,
                            "vat_rate": 0.20}]
    bilan = plan(data).tables["bilan"]
    assert bilan.value("credit_tva", 1) == pytest.approx(1380)
    assert bilan.value("tva_due", 1) == pytest.approx(640)


def test_insurance_carries_no_recoverable_vat_by_default():
    # Insurance is exempt from VAT (CGI art. 261 C): its category's default recoverable rate is
    # 0 %: 50 € a month stays a 50 € cost in 2026, no VAT deducted.
    data = _liable_from_2026()
    data["charges"] = [{"label": "RC pro", "category": "Assurances", "monthly_amount": 50}]
    p = plan(data)
    assert p.forecast.vat.deductible.sum() == 0
    assert p.tables["compte_de_resultat"].value("charges_externes", 1) == pytest.approx(600)


# --- 3 and 4. Contributions in the month cashed in; the first URSSAF payment ------------------

def _bnc_quarterly() -> dict:
    """BNC, 1 000 € a month cashed in from 1 March 2025, quarterly declarations."""
    data = services(1000, start="2025-03-01", activity="bnc", declaration="trimestrielle")
    return data


def test_quarterly_contributions_are_charged_in_the_months_cashed_in():
    # BNC contributions 24,6 % in 2025, 25,6 % in 2026 (CSS D613-4): 246 € then 256 € a month.
    # Plan year 1 runs March 2025 – February 2026: 10 × 246 + 2 × 256 = 2 972 € (not the 10
    # months of the quarters declared by then). At its end, January and February 2026 are
    # accrued, not yet declared: 2 × (256 + 2 € CFP 0,2 %) = 516 € of social debt.
    p = plan(_bnc_quarterly())
    income, bilan = p.tables["compte_de_resultat"], p.tables["bilan"]
    assert income.value("cotisations_sociales", 0) == pytest.approx(2972)
    assert income.value("cotisations_sociales", 2) == pytest.approx(12 * 256)
    assert bilan.value("dettes_sociales_fiscales", 0) == pytest.approx(516)


def test_first_quarterly_payment_covers_the_start_quarter_and_the_next():
    # URSSAF, « premières déclarations »: the start quarter (March alone) and the next (April to
    # June) are declared together, paid at the end of July 2025: 246 + 738 € of contributions
    # and 2 + 6 € of CFP = 992 €. Then each quarter the month after: October 744 €, January
    # 2026 744 €, April 2026 3 × 256 + 6 = 774 €.
    paid = monthly(plan(_bnc_quarterly()), "tresorerie", "cotisations_versees")
    assert sum(paid[:4]) == 0
    assert paid[4] == pytest.approx(992)   # July 2025
    assert paid[7] == pytest.approx(744)   # October 2025
    assert paid[10] == pytest.approx(744)  # January 2026
    assert paid[13] == pytest.approx(774)  # April 2026


def test_first_monthly_payment_comes_with_the_fourth_months_declaration():
    # URSSAF's table: activity started in March → first due date 31 July, for March to June.
    # Services BIC 1 000 € a month in 2026: 212 € (21,2 %) + 1 € CFP (0,1 %) + TFC 0,044 %
    # (0,44 €, rounded to 0 € per declaration) = 213 € a month; March to June, 852 €, paid in
    # July 2026; July's in August. At the end of plan year 1 (February 2027) February is owed.
    p = plan(services(1000, start="2026-03-01"))
    paid = monthly(p, "tresorerie", "cotisations_versees")
    assert sum(paid[:4]) == 0
    assert paid[4] == pytest.approx(852)
    assert paid[5] == pytest.approx(213)
    assert p.tables["bilan"].value("dettes_sociales_fiscales", 0) == pytest.approx(213)


# --- 5. CFE as levied (CGI art. 1478, 1467 A, 1647 D, 1452) ------------------------------------

def _december_cfe(p) -> dict[int, float]:
    f = p.forecast
    return {d.year: float(f.cfe.paid[m]) for m, d in enumerate(f.months) if d.month == 12}


def test_cfe_reference_turnover_is_the_creation_year_for_the_two_years_after():
    # Started in January 2026 at 400 € a month (4 800 € in 2026), six times more from 2027
    # (2 400 € a month). CFE 2027 and 2028 are judged on the creation year, 2026 (CGI 1478 II,
    # 1467 A): 4 800 € ≤ 5 000 €, no minimum contribution (CGI 1647 D) in either year, although
    # 2027 brought 28 800 €.
    data = services(400, start="2026-01-01", cfe=500)
    data["offers"][0]["growth_y2"] = 5
    assert _december_cfe(plan(data)) == {2026: 0, 2027: 0, 2028: 0}


def test_cfe_typed_amount_halved_the_first_year_it_is_due():
    # 3 000 € a month from January 2026: CFE 0 in 2026 (creation), 500 € × 50 % = 250 € in
    # 2027 (CGI 1478 II), 500 € in 2028.
    p = plan(services(3000, start="2026-01-01", cfe=500))
    assert _december_cfe(p) == {2026: 0, 2027: 250, 2028: 500}
    cfe = next(a.message for a in p.alerts if a.code == "cfe")
    assert "aucune l'année de création (2026), base réduite de 50\u202f% l'année suivante" in cfe


def test_cfe_estimated_from_the_minimum_base_bracket_when_no_amount_is_typed():
    # No amount typed. Reference turnover 2026: 36 000 €, in the bracket 32 600 – 100 000 €
    # whose minimum base lies between 247 and 2 477 € (2026 table, CGI 1647 D): middle 1 362 €,
    # times the national average rate 26,50 % (DGFiP) = 360,93 €; halved in 2027: 180,47 €.
    p = plan(services(3000, start="2026-01-01"))
    cfe = _december_cfe(p)
    assert cfe[2027] == pytest.approx(180.465, abs=0.01)
    assert cfe[2028] == pytest.approx(360.93, abs=0.01)
    assert any(a.code == "cfe_estimation" for a in p.alerts)


def test_artisan_working_alone_pays_no_cfe():
    # CGI art. 1452, 1°: an artisan working alone (or with apprentices) is exempt when ticked.
    data = services(3000, start="2026-01-01", activity="services_artisan", cfe=500,
                    cfe_artisan_exempt=True)
    assert sum(_december_cfe(plan(data)).values()) == 0


def test_cfe_creation_year_turnover_is_brought_to_twelve_months():
    # Started 1 July 2026 at 500 € a month: 3 000 € in 184 days, 3 000 × 365 / 184 = 5 951 €
    # over twelve months (CGI 1647 D), more than 5 000 €: the 2027 CFE is due, 400 € × 50 %.
    p = plan(services(500, start="2026-07-01", cfe=400))
    assert _december_cfe(p)[2027] == 200


# --- 6. The initial financing plan ------------------------------------------------------------

def test_initial_plan_holds_every_launch_need_and_resource_of_the_first_three_months():
    # Launch period: the first three months. Needs: PC 1 500 € (month 1) + van 20 000 € (month
    # 2) = 21 500 €; set-up costs 800 €; initial stock 3 000 € (bought before opening); safety
    # cash 2 000 €. Resources: opening cash 1 000, apport 4 000, honour loan 5 000 (month 1),
    # bank loan 15 000 (month 2), grant 2 000 (month 3), ARCE 6 000 (both instalments, the
    # grant being decided at the start) = 33 000 €.
    data = services(3000, start="2026-01-01", opening_cash=1000, minimum_cash=2000)
    data["operations"] = {"initial_stock": 3000, "supplier_days": 60}
    data["investments"] = [
        {"label": "PC", "amount": 1500, "month": 1, "years": 3},
        {"label": "Fourgon", "amount": 20_000, "month": 2, "years": 5},
        {"label": "Immatriculation et site", "amount": 800, "month": 1, "years": 0},
    ]
    data["financing"] = {
        "apport": 4000, "arce": 6000,
        "loans": [{"label": "Prêt d'honneur", "kind": "honneur", "amount": 5000,
                   "months": 48, "month": 1},
                  {"label": "Banque", "kind": "banque", "amount": 15_000, "rate": 0.045,
                   "months": 60, "month": 2}],
        "grants": [{"label": "Aide région", "amount": 2000, "month": 3}],
    }
    p = plan(data)
    initial = p.tables["plan_de_financement_initial"]
    v = {line.key: line.values[0] for line in initial.lines if line.style != "section"}
    assert v["investissements"] == 21_500
    assert v["frais_demarrage"] == 800
    assert v["stock_initial"] == 3000
    assert v["tresorerie_securite"] == 2000
    assert v["emprunts_bancaires"] == 15_000
    assert v["prets_honneur"] == 5000
    assert v["subventions"] == 2000
    assert v["arce"] == 6000
    assert v["total_ressources"] == 33_000
    # the stock bought before opening is paid at once, not at the suppliers' 60 days
    assert monthly(p, "tresorerie", "fournisseurs")[0] == pytest.approx(3000)


# --- 7. An existing micro-entrepreneur ------------------------------------------------------

def test_an_existing_micro_entrepreneur_plans_from_a_later_month():
    # Activity started on 3 May 2021, plan from January 2026, 2 000 € of services a month: no
    # creation-year rule applies (no first-declaration delay, no CFE exemption nor reduction).
    # January 2026: 2 000 × 21,2 % = 424 € + CFP 2 € + TFC 0,044 % = 0,88 → 1 € = 427 €, paid
    # in February; the typed CFE, 300 €, in December 2026.
    data = services(2000, start="2021-05-03", plan_start="2026-01-01", cfe=300)
    p = plan(data)
    assert p.forecast.months[0] == D(2026, 1, 1)
    assert monthly(p, "tresorerie", "cotisations_versees")[1] == pytest.approx(427)
    assert _december_cfe(p)[2026] == 300
    # the CFE's message states the rule of an established business, not the creation's
    cfe = next(a.message for a in p.alerts if a.code == "cfe")
    assert cfe.startswith("CFE : due si le chiffre d'affaires de référence (l'avant-dernière "
                          "année)")
    assert "création" not in cfe


# --- 8. Small items -------------------------------------------------------------------------

def test_rates_keep_their_precision_in_json():
    data = services(1000, minimum_cash=50_000)
    data["financing"] = {"loans": [{"label": "Banque", "kind": "banque", "amount": 1000,
                                    "rate": 0.045, "months": 60}]}
    out = plan(data).to_json()
    assert out["plan_de_financement"]["besoin"]["taux"] == 0.045


def test_break_even_leaves_out_the_versement_liberatoire():
    # 1 000 € a month, rent 300 €: fixed 3 600 €. Variable: contributions 21,2 % + CFP 0,1 % =
    # 21,3 % (TFC rounds to 0 € a month); the versement libératoire (1,7 %) is income tax, not
    # an operating cost: threshold 3 600 / (1 − 0,213) = 4 574,33 €.
    data = services(1000, versement_liberatoire=True)
    data["charges"] = [{"label": "Loyer", "monthly_amount": 300}]
    ind = plan(data).tables["indicateurs"]
    assert ind.value("seuil_rentabilite", 0) == pytest.approx(4574.33, abs=0.01)


def test_break_even_month_and_days_come_from_the_same_cumulative():
    # Seasonal: nothing January to June 2025, 2 000 € a month from July. Fixed 3 600 €;
    # variable: 424 € of contributions, 2 € of CFP and TFC 0,88 → 1 € a month (rounded per
    # declaration), 6 × 427 = 2 562 € on 12 000 €, 21,35 %: threshold 3 600 / 0,7865 =
    # 4 577,24 €. Cumulative turnover: 2 000 € end of July, 4 000 € end of August: reached in
    # September, (4 577,24 − 4 000) / 2 000 = 0,2886 of its 30 days = 8,66 days in: 243 days
    # (January to August 2025) + 8,66 = 251,66 days — not 4 577 / 12 000 × 365 = 139 days.
    data = services(1000)
    data["offers"][0]["quantities"] = [0] * 6 + [2] * 6
    data["charges"] = [{"label": "Loyer", "monthly_amount": 300}]
    ind = plan(data).tables["indicateurs"]
    assert ind.value("seuil_rentabilite", 0) == pytest.approx(4577.24, abs=0.01)
    assert ind.value("point_mort_mois", 0) == "septembre 2025"
    assert ind.value("point_mort_jours", 0) == pytest.approx(251.66, abs=0.01)


# --- The law's building blocks on their own ---------------------------------------------------

from forecast import cfe as cfe_rules  # noqa: E402
from forecast import declarations, vat  # noqa: E402
from forecast.timeline import month_starts  # noqa: E402


def test_simplified_regime_pays_the_balance_in_may_and_instalments_in_july_and_december():
    # 2025 not liable; 2026: −20 € in January (deductions, nothing cashed yet), then 620 € a
    # month; 2027: 620 € a month. May 2027: the 2026 return, −20 + 11 × 620 = 6 800 €; July and
    # December 2027: 55 % and 40 % of it, 3 740 € and 2 720 €. Nothing else.
    months = month_starts(D(2025, 1, 1))
    net = [0.0] * 12 + [-20.0] + [620.0] * 23
    paid = vat.payments(load_rules(), months, np.array(net), np.zeros(36), monthly=False)
    expected = [0.0] * 36
    expected[28], expected[30], expected[35] = 6800, 3740, 2720
    assert paid == pytest.approx(expected)


def test_no_instalment_under_1000_euros_and_a_credit_lowers_the_next_payments():
    # 2026 VAT due 75 € a month, 900 € in all: under 1 000 €, no instalment in 2027, 900 € paid
    # in May 2027 (BOI-TVA-DECLA-20-20-30-20).
    months = month_starts(D(2026, 1, 1))
    paid = vat.payments(load_rules(), months, np.array([75.0] * 36), np.zeros(36), False)
    assert paid[16] == pytest.approx(900) and paid[18] == 0 and paid[23] == 0
    # monthly returns: −50 then 30 € a month: the credit is used up in the third month, which
    # pays 10 € (−50 + 3 × 30), the fourth 30 €.
    paid = vat.payments(load_rules(), months[:5], np.array([-50.0, 30, 30, 30, 30]),
                        np.zeros(5), True)
    assert paid == pytest.approx([0, 0, 0, 10, 30])


def test_vat_account_balances_invoiced_less_deducted_with_paid_owed_and_credit():
    # One service invoiced 1 000 € + 200 € VAT in month 1, cashed in month 2; 50 € of VAT on a
    # service bought in month 1, deductible when paid in month 2; monthly returns. Month 1:
    # nothing due; 200 € owed once cashed, 50 € to deduct once paid. Month 2: 200 − 50 = 150 €
    # due, paid in month 3.
    acc = vat.account(load_rules(), month_starts(D(2026, 1, 1))[:3],
                      np.array([200.0, 0, 0]), np.array([0.0, 200, 0]),
                      np.array([50.0, 0, 0]), np.array([0.0, 50, 0]), np.zeros(3), monthly=True)
    assert acc.paid == pytest.approx([0, 0, 150])
    assert acc.credit == pytest.approx([50, 0, 0])
    assert acc.owed == pytest.approx([200, 150, 0])


def test_cfe_estimate_is_the_middle_of_the_brackets_minimum_base_at_the_average_rate():
    # 2026 table (CGI 1647 D): up to 10 000 €, 247 – 589 €; 32 600 – 100 000 €, 247 – 2 477 €;
    # over 500 000 €, 247 – 7 669 €. Rate 26,50 %.
    rules = load_rules()
    assert cfe_rules.estimate(rules, 2026, 10_000) == pytest.approx((247 + 589) / 2 * 0.265)
    assert cfe_rules.estimate(rules, 2026, 36_000) == pytest.approx(1362 * 0.265)
    assert cfe_rules.estimate(rules, 2026, 600_000) == pytest.approx(3958 * 0.265)
    assert cfe_rules.reference_year(rules, D(2026, 3, 1), 2027) == 2026
    assert cfe_rules.reference_year(rules, D(2026, 3, 1), 2028) == 2026
    assert cfe_rules.reference_year(rules, D(2026, 3, 1), 2029) == 2027


@pytest.mark.parametrize("start, quarterly, first_paid, first_months", [
    # started in March, monthly: March to June paid in July (URSSAF's table)
    (D(2026, 3, 1), False, 4, (0, 1, 2, 3)),
    # started on 20 January, monthly: January to April, 31 May
    (D(2026, 1, 20), False, 4, (0, 1, 2, 3)),
    # started in March, quarterly: March (Q1) and Q2 paid in July
    (D(2025, 3, 1), True, 4, (0, 1, 2, 3)),
    # started in February, quarterly: Q1 (February, March) and Q2 paid in July
    (D(2026, 2, 1), True, 5, (0, 1, 2, 3, 4)),
])
def test_first_urssaf_declarations_wait_for_their_due_date(start, quarterly, first_paid,
                                                          first_months):
    periods = declarations.schedule(load_rules(), start, month_starts(start), quarterly)
    grouped = [m for p in periods if p.paid == first_paid for m in p.months]
    assert tuple(grouped) == first_months
    assert min(p.paid for p in periods if p.paid is not None) == first_paid
    after = [p for p in periods if p.paid is not None and p.paid > first_paid][0]
    assert after.paid == after.months[-1] + 1  # then the month after each period


def test_a_plan_starting_during_a_year_says_the_thresholds_count_from_its_first_month():
    # Plan from June 2026 of an activity of 2021, 4 000 € a month: June to December make
    # 28 000 €, under 37 500 €, so no VAT in 2026 — on the stated assumption that the months
    # of 2026 before June, not typed, count for nothing; 2027's 48 000 € cross the seuil
    # majoré (41 250 €) in November: 41 250 − 40 000 = 1 250 € of November under franchise.
    p = plan(services(4000, start="2021-05-03", plan_start="2026-06-01"))
    vat = p.forecast.turnover.vat
    assert vat[:7].sum() == 0
    assert vat[17] == pytest.approx(0.2 * (4000 - 1250))  # November 2027: 550 €
    assert any("se comptent à partir de juin 2026" in n for n in p.forecast.notes)
    january = plan(services(2000, start="2021-05-03", plan_start="2026-01-01"))
    assert not any("se comptent" in n for n in january.forecast.notes)


def test_an_activity_started_long_before_the_plan_pays_each_month_after():
    months = month_starts(D(2026, 1, 1))
    periods = declarations.schedule(load_rules(), D(2021, 5, 3), months, False)
    assert [(p.months, p.paid) for p in periods[:2]] == [((0,), 1), ((1,), 2)]
    assert periods[-1].paid is None  # the last month is paid after the plan
