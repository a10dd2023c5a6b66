"""The master check on top of every output sheet, the sums it reads, and the JSON's shape."""
from dataclasses import replace

from forecast.checks import wrong_sums
from forecast.plan import build_plan, master_check
from test_alerts import clean_plan

CLEAN = ("Contrôles ✔ : bilan équilibré · trésorerie conforme au plan de financement · totaux "
         "des tableaux justes · 0 alerte(s) bloquante(s), 0 point(s) d'attention (feuille "
         "Alertes)")


def with_line_negated(table, key):
    return replace(table, lines=tuple(replace(l, values=tuple(-v for v in l.values))
                                      if l.key == key else l for l in table.lines))


def test_the_master_check_of_a_clean_plan_reads_in_full():
    assert master_check(build_plan(clean_plan())) == CLEAN


def test_a_line_shown_with_the_wrong_sign_is_named_and_the_check_says_so():
    plan = build_plan(clean_plan())
    # the loan owed at each year's end (1 400 € over 36 months: never 0 before the end)
    bilan = with_line_negated(plan.tables["bilan"], "emprunts")
    wrong = [f"Bilan prévisionnel : Total passif (colonne {c})" for c in (1, 2, 3)]
    assert wrong_sums({"bilan": bilan}) == wrong  # a table missing is no reason to stop
    broken = replace(plan, tables={**plan.tables, "bilan": bilan})
    assert master_check(broken) == (
        "Contrôles ✖ : bilan équilibré · trésorerie conforme au plan de financement · TOTAUX "
        "FAUX : Bilan prévisionnel : Total passif (colonne 1), Bilan prévisionnel : Total "
        "passif (colonne 2), Bilan prévisionnel : Total passif (colonne 3) · 0 alerte(s) "
        "bloquante(s), 0 point(s) d'attention (feuille Alertes)")


def test_the_json_holds_the_tables_readme_lists_and_the_alerts_in_french_keys():
    plan = build_plan(clean_plan())
    out = plan.to_json()
    assert {"compte_de_resultat", "tresorerie", "bilan", "bfr", "amortissements",
            "plan_de_financement", "indicateurs", "alertes", "regles"} <= out.keys()
    assert not {"plan_de_financement_initial", "besoin_financement"} & out.keys()
    assert out["plan_de_financement"].keys() == {"initial", "annuel", "besoin"}
    data = clean_plan()
    data["project"]["minimum_cash"] = 100_000  # an alert: cash under the minimum
    plan = build_plan(data)
    alert = plan.to_json()["alertes"][0]
    assert alert.keys() == {"gravite", "sujet", "code", "message", "reference"}
    # the alert points at the apport: its reference names the input's place, not its sheet
    assert (alert["code"], alert["sujet"], alert["reference"]) == (
        "tresorerie_minimum", "Trésorerie", "Financement")
    line = plan.tables["alertes"].lines[0]  # the person's table: by code, severity in French
    assert (line.key, line.label, line.values[0], line.values[2]) == (
        "tresorerie_minimum", "Attention", "Trésorerie", "Financement")
    assert out["regles"][0].keys() == {"cle", "libelle", "valeur", "unite", "source"}
