"""Every warning rule: a plan that triggers it, and the clean plan that does not."""
import copy

import pytest

from forecast.plan import build_plan


def clean_plan() -> dict:
    """A plan inside every range: 3 000 € of services a month at 60 % gross margin; 1 % of
    income tax, near the barème's 0,7 % for a single person (126 € on 18 000 € after the
    allowance, décote applied)."""
    return {
        "project": {"name": "Propre", "activity": "services_bic", "start_date": "2025-01-01",
                    "cfe": 300, "minimum_cash": 1000, "tax_rate": 0.01},
        "offers": [{"name": "Séance", "kind": "service", "unit_price": 100, "unit_cost": 40,
                    "quantities": [30] * 12}],
        "charges": [
            {"label": "Loyer", "category": "Loyer et charges locatives", "monthly_amount": 500},
            {"label": "Publicité", "category": "Marketing et communication",
             "monthly_amount": 150}],
        "operations": {"drawings_monthly": 300},
        "investments": [{"label": "Matériel", "amount": 2000, "month": 1, "years": 3}],
        "financing": {"apport": 5000, "loans": [  # 70 % of the equipment: what banks lend
            {"label": "Prêt", "amount": 1400, "rate": 0.04, "months": 36}]},
    }


def codes(data) -> set[str]:
    return {a.code for a in build_plan(data).alerts}


def test_the_clean_plan_raises_only_information():
    plan = build_plan(clean_plan())
    assert {a.severity for a in plan.alerts} == {"info"}
    assert codes(clean_plan()) == {"cfe", "hypothese"}  # 2027 is computed with 2026 rules


def offer(d):
    return d["offers"][0]


CASES = {
    # coherence
    "tresorerie_minimum": lambda d: d["project"].update(minimum_cash=100_000),
    "prix_sous_cout": lambda d: offer(d).update(unit_cost=150),
    "saisonnalite": lambda d: offer(d).update(quantities=None, annual_volume=360,
                                              seasonality=[1] * 11 + [2]),
    "prelevements": lambda d: d["operations"].update(drawings_monthly=3000),
    "apport_faible": lambda d: d["financing"].update(apport=0),
    "apport_double": lambda d: d["project"].update(opening_cash=5000),
    "impot_taux_nul": lambda d: (d["project"].update(tax_rate=0),
                                 offer(d).update(unit_price=150)),  # taxed at the barème
    "impot_taux_ecart": lambda d: d["project"].update(tax_rate=0.3),
    "retour_long": lambda d: d["investments"][0].update(amount=100_000, years=10),
    "emprunt_trop_long": lambda d: d["financing"]["loans"][0].update(months=120),
    # law
    "tva_base": lambda d: offer(d).update(unit_price=110),  # 39 600 € > 37 500 €
    "tva_majore": lambda d: offer(d).update(unit_price=130),  # 46 800 € > 41 250 €
    "tva_debut": lambda d: offer(d).update(unit_price=110),  # base crossed 2025 and 2026
    "plafond_depasse": lambda d: offer(d).update(unit_price=250),  # 90 000 € > 77 700 €
    "sortie_micro": lambda d: offer(d).update(unit_price=250),
    "acre_fin": lambda d: d["project"].update(acre=True),
    "acre_plafond": lambda d: (d["project"].update(acre=True), offer(d).update(unit_price=400)),
    "vl_condition": lambda d: d["project"].update(versement_liberatoire=True),
    "cfe_estimation": lambda d: d["project"].update(cfe=0),
    # benchmarks (DOMAIN.md ranges)
    "repere_ca_annuel": lambda d: offer(d).update(unit_price=30, unit_cost=10),
    "repere_panier_moyen": lambda d: offer(d).update(unit_price=400, unit_cost=160,
                                                     quantities=[8] * 12),
    "repere_marge_brute": lambda d: offer(d).update(unit_cost=80),
    "repere_marge_nette": lambda d: d["charges"][0].update(monthly_amount=1500),
    "repere_cout_marchandises": lambda d: (d["project"].update(activity="vente"),
                                           offer(d).update(kind="vente", unit_cost=20)),
    "repere_matieres_premieres": lambda d: (d["project"].update(activity="vente_artisan"),
                                            offer(d).update(kind="vente", unit_cost=50)),
    "repere_main_oeuvre": lambda d: d["operations"].update(subcontracting_rate=0.3),
    "repere_budget_marketing": lambda d: d["charges"][1].update(monthly_amount=20),
    "repere_retour_investissement": lambda d: d["investments"][0].update(amount=30_000,
                                                                         years=10),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_triggers_and_clean_plan_does_not(code):
    data = copy.deepcopy(clean_plan())
    CASES[code](data)
    assert code in codes(data)
    assert code not in codes(clean_plan())


@pytest.mark.parametrize("code, path", [("retour_long", ("investments", None, "amount")),
                                        ("saisonnalite", ("offers", 0, "seasonality")),
                                        ("tresorerie_minimum", ("financing", "apport"))])
def test_an_alert_points_at_the_input_to_change(code, path):
    data = copy.deepcopy(clean_plan())
    CASES[code](data)
    assert next(a for a in build_plan(data).alerts if a.code == code).path == path


def test_the_same_savings_typed_twice_is_said():
    """5 000 € as opening cash and 5 000 € as apport: most likely the same savings — an
    attention alert on the opening cash; two different amounts are only information; the
    versement libératoire needs no household rate."""
    data = clean_plan()
    data["project"]["opening_cash"] = 5000
    alert = next(a for a in build_plan(data).alerts if a.code == "apport_double")
    assert alert.severity == "attention" and alert.path == ("project", "opening_cash")
    assert "comptés tous les deux" in alert.message
    data["project"]["opening_cash"] = 1200
    alert = next(a for a in build_plan(data).alerts if a.code == "apport_double")
    assert alert.severity == "info"
    data = clean_plan()
    data["project"].update(tax_rate=0, versement_liberatoire=True)
    assert "impot_taux_nul" not in codes(data)


def test_cfe_without_an_amount_is_an_estimate_to_replace():
    data = clean_plan()
    data["project"]["cfe"] = 0
    assert "cfe" not in codes(data) and "cfe_estimation" in codes(data)
    message = next(a.message for a in build_plan(data).alerts if a.code == "cfe_estimation")
    # the rate in French (a comma) and the article cited as written (a full stop)
    assert "(CGI art. 1647 D) au taux moyen national de 26,5\u202f%" in message


def test_alerts_say_what_to_do_and_where():
    data = clean_plan()
    offer(data).update(unit_cost=150)
    alert = next(a for a in build_plan(data).alerts if a.code == "prix_sous_cout")
    assert alert.severity == "bloquant"
    assert alert.path == ("offers", 0, "unit_price")
    assert "Relevez le prix" in alert.message


def test_cash_below_zero_is_blocking_and_names_the_months():
    data = clean_plan()
    data["operations"]["drawings_monthly"] = 3000
    alert = next(a for a in build_plan(data).alerts if a.code == "tresorerie_minimum")
    assert alert.severity == "bloquant"
    assert "Équilibrer le financement" in alert.message and "2025" in alert.message


def test_edited_benchmarks_replace_the_defaults():
    data = clean_plan()
    offer(data).update(unit_cost=80)  # 20 % gross margin
    assert "repere_marge_brute" in codes(data)
    data["benchmarks"] = [{"key": "marge_brute", "low": 0.15, "high": 0.9}]
    assert "repere_marge_brute" not in codes(data)


def test_blocking_alerts_come_first():
    data = clean_plan()
    offer(data).update(unit_cost=150, unit_price=110)
    severities = [a.severity for a in build_plan(data).alerts]
    assert severities == sorted(severities, key=("bloquant", "attention", "info").index)


def test_every_alert_has_a_french_topic():
    data = clean_plan()
    for code, trigger in CASES.items():
        data = copy.deepcopy(clean_plan())
        trigger(data)
        assert all(a.topic for a in build_plan(data).alerts)


def test_bad_benchmark_edits_are_problems_of_their_row():
    from forecast.assumptions import InvalidAssumptions
    data = clean_plan()
    data["benchmarks"] = [{"key": "ca_annuel", "low": "beaucoup", "high": 100},
                          {"key": "marge_brute", "low": "40 %", "high": 1.5}]
    with pytest.raises(InvalidAssumptions) as caught:
        build_plan(data)
    found = {p.path: str(p) for p in caught.value.problems}
    assert set(found) == {("benchmarks", 0, "low"), ("benchmarks", 1, "high")}
    assert "« beaucoup » n'est pas un nombre" in found[("benchmarks", 0, "low")]
    assert found[("benchmarks", 1, "high")].startswith("Repère n° 2")
    data["benchmarks"] = [{"key": "marge_brute", "low": "40 %", "high": "90 %"}]
    assert build_plan(data)  # « 40 % » typed as text is read as 0.4


def test_a_household_rate_left_at_0_gets_the_rate_of_its_scale():
    """A single person (1 part, no other income), BNC from 1 January 2025, 5 000 € cashed each
    month: 60 000 € a year, 39 600 € after the 34 % allowance. Barème of 2025's income (the
    latest, also used for 2026 and 2027): (29 579 − 11 600) × 11 % + (39 600 − 29 579) × 30 %
    = 1 977,69 + 3 006,30 = 4 983,99, 4 984 € (no décote that high): 4 984 / 39 600 = 12,6 %.
    Under the first bracket (10 000 € a year, 6 600 € after it) no tax: no alert."""
    data = {"project": {"name": "Conseil", "activity": "bnc", "start_date": "2025-01-01"},
            "offers": [{"name": "Mission", "kind": "service", "unit_price": 5000,
                        "quantities": [1] * 12}]}
    alert = next(a for a in build_plan(data).alerts if a.code == "impot_taux_nul")
    assert alert.severity == "info" and alert.path == ("project", "tax_rate")
    assert "environ 12,6\u202f% de son revenu après abattement" in alert.message
    data["offers"][0]["unit_price"] = 10_000 / 12
    assert "impot_taux_nul" not in codes(data)


def test_a_household_rate_far_from_its_scale_is_pointed_out():
    """The single person of the test above: 12,6 % at the barème. A rate of 30 % typed on
    Projet is 17,4 points off: the compte de résultat's tax would be more than twice the
    household's; 5 % is 7,6 points under it; 11 % is 1,6 points off, under the 2 points an
    average rate typed by hand to the point may miss by."""
    data = {"project": {"name": "Conseil", "activity": "bnc", "start_date": "2025-01-01",
                        "tax_rate": 0.3},
            "offers": [{"name": "Mission", "kind": "service", "unit_price": 5000,
                        "quantities": [1] * 12}]}
    alert = next(a for a in build_plan(data).alerts if a.code == "impot_taux_ecart")
    assert alert.severity == "info" and alert.path == ("project", "tax_rate")
    assert "au taux saisi sur la feuille Projet, 30,0\u202f%" in alert.message
    assert "environ 12,6\u202f% de son revenu après abattement" in alert.message
    data["project"]["tax_rate"] = 0.05  # 7,6 points under
    assert "impot_taux_ecart" in codes(data)
    data["project"]["tax_rate"] = 0.11
    assert "impot_taux_ecart" not in codes(data)
    data["project"].update(tax_rate=0.3, versement_liberatoire=True)
    assert "impot_taux_ecart" not in codes(data)
