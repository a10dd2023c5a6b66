"""Scenarios and simulation as the person reads them: their tables (sheets « Scénarios
comparés » and « Risques », deck), their JSON and the method told in plain French."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .assumptions import Assumptions
from .engine import Forecast, compute
from .french import euros, month_label, number, percent
from .risk_inputs import RISK_LEVEL, RiskInputs
from .rules import Rules
from .scenarios import scenarios, scenarios_table
from .tables import Line, Table, make_table

if TYPE_CHECKING:  # the simulation is imported when one is asked for, not on every compute
    from .simulation import Simulation

PERCENTILES = (("p10", "10e centile (1 tirage sur 10 fait moins bien)"),
               ("p50", "médiane (1 tirage sur 2 fait moins bien)"),
               ("p90", "90e centile (1 tirage sur 10 fait mieux)"))
MONTHLY_KEYS = ("probabilite_tresorerie_negative", "probabilite_sous_minimum",
                *(key for key, _ in PERCENTILES), "plan")


def monthly_table(s: Simulation) -> Table:
    """Month by month: the chance of a deficit and of going under the minimum, and the cash
    path's percentiles beside the plan as typed (the fan chart's data)."""
    lines = [
        Line("probabilite_tresorerie_negative", "Probabilité d'une trésorerie négative",
             tuple(s.below_zero), "percent"),
        Line("probabilite_sous_minimum",
             f"Probabilité d'être sous la trésorerie minimale ({euros(s.minimum_cash)})",
             tuple(s.below_minimum), "percent"),
        *(Line(key, f"Trésorerie fin de mois : {label}", tuple(values))
          for (key, label), values in zip(PERCENTILES, s.percentiles)),
        Line("plan", "Trésorerie fin de mois du plan saisi", tuple(s.plan_cash), "total"),
    ]
    return make_table("risque_mensuel", "Trésorerie simulée, mois par mois",
                      [month_label(m) for m in s.months], lines,
                      [f"{m:%Y-%m}" for m in s.months])


def _loan_text(s: Simulation) -> str:
    t = s.loan_terms
    return f"ou emprunt en plus au 1er mois ({t.months} mois à {percent(t.rate, 2)})"


def summary_table(s: Simulation) -> Table:
    share = percent(RISK_LEVEL, 0)
    lines = [
        Line("tirages", "Tirages (plans recalculés)", (number(s.draws),), "text"),
        Line("graine", "Graine du hasard (même graine, mêmes résultats)", (str(s.seed),), "text"),
        Line("probabilite_negative", "Probabilité que la trésorerie passe sous zéro au moins "
             "un mois", (s.ever_below_zero,), "percent"),
        Line("probabilite_sous_minimum", "Probabilité de passer sous la trésorerie minimale "
             "au moins un mois", (s.ever_below_minimum,), "percent"),
        *(Line(f"tresorerie_min_{key}", f"Trésorerie la plus basse : {label.split(' (')[0]}",
               (float(v),)) for (key, label), v in zip(PERCENTILES, s.lowest)),
        Line("tresorerie_min_plan", "Trésorerie la plus basse du plan saisi",
             (float(s.plan_cash.min()),)),
        Line("coussin", f"Coussin : apport en plus au démarrage (risque sous {share})",
             (s.apport,), "total"),
        Line("emprunt", _loan_text(s),
             (s.loan if s.loan is not None else "aucun emprunt ne suffit",),
             "total" if s.loan is not None else "text"),
    ]
    return make_table("risque_synthese", "Simulation des risques (Monte Carlo)", ["Résultat"],
                      lines, ["valeur"])


def sensitivity_table(s: Simulation) -> Table:
    """The tornado's data: each driver alone, its effect on the lowest cash."""
    lines = [Line(x.key, x.label, (x.unfavourable, x.favourable, x.span))
             for x in s.sensitivities]
    return make_table("sensibilites", "Effet de chaque facteur seul sur la trésorerie la plus "
                      "basse", ["Défavorable (10e centile)", "Favorable (90e centile)", "Écart"],
                      lines, ["defavorable", "favorable", "ecart"])


def fan_table(s: Simulation) -> Table:
    """The fan chart's data: stacked areas from the 10th percentile (drawn transparent) up to
    the median and up to the 90th percentile, and the minimum cash."""
    p10, p50, p90 = s.percentiles
    lines = [Line("base", "10e centile (base du graphique, non tracée)", tuple(p10)),
             Line("vers_mediane", "Du 10e centile à la médiane", tuple(p50 - p10)),
             Line("vers_p90", "De la médiane au 90e centile", tuple(p90 - p50)),
             Line("minimum", "Trésorerie minimale", (s.minimum_cash,) * len(s.months))]
    return make_table("eventail", "Données du graphique en éventail",
                      [f"{m:%m/%y}" for m in s.months], lines, [f"{m:%Y-%m}" for m in s.months])


def simulation_tables(s: Simulation) -> dict[str, Table]:
    return {t.key: t for t in (summary_table(s), sensitivity_table(s), monthly_table(s),
                               fan_table(s))}


def headline(s: Simulation) -> list[str]:
    """What the simulation says in three lines (the ribbon's message, the command line)."""
    return [f"Simulation : {number(s.draws)} tirages (graine {s.seed}).",
            f"Probabilité que la trésorerie passe sous zéro au moins un mois : "
            f"{percent(s.ever_below_zero)}.",
            f"Coussin (apport en plus au démarrage pour un risque sous {percent(RISK_LEVEL, 0)}) : "
            f"{euros(s.apport)}."]


def _cents(values) -> list[float]:
    return [round(float(v), 2) for v in values]


def risk_json(s: Simulation) -> dict:
    """The `risque` object of `planae risk --json` (README documents it)."""
    return {
        "tirages": s.draws,
        "graine": s.seed,
        "mois": [f"{m:%Y-%m}" for m in s.months],
        "probabilite_tresorerie_negative": [round(float(p), 6) for p in s.below_zero],
        "probabilite_sous_minimum": [round(float(p), 6) for p in s.below_minimum],
        **{key: _cents(v) for (key, _), v in zip(PERCENTILES, s.percentiles)},
        "probabilite_negative_au_moins_un_mois": round(s.ever_below_zero, 6),
        "coussin_5_pourcent": s.apport,
        "emprunt_5_pourcent": s.loan,
        "sensibilites": [{"facteur": x.label, "effet": round(x.span, 2),
                          "effet_defavorable": round(x.unfavourable, 2),
                          "effet_favorable": round(x.favourable, 2)} for x in s.sensitivities],
    }


@dataclass(frozen=True)
class RiskReport:
    """What the risk doors show: the scenarios side by side, and the simulation once run."""
    settings: RiskInputs
    scenarios: Table
    simulation: Simulation | None = None

    def to_json(self) -> dict:
        """`scenarios` (one object per case) and, once simulated, `risque`."""
        out = {"scenarios": self.scenarios.records()}
        if self.simulation is not None:
            out["risque"] = risk_json(self.simulation)
        return out


def risk_report(a: Assumptions, settings: RiskInputs, rules: Rules | None = None,
                simulated: bool = False, draws: int | None = None, seed: int | None = None,
                typed: Forecast | None = None) -> RiskReport:
    """The scenarios of `a`; with `simulated`, the simulation too (`draws` and `seed`
    override the settings). `typed` is the plan's own forecast when the caller has it."""
    typed = typed or compute(a, rules)
    table = scenarios_table(scenarios(a, settings, rules, typed))
    simulation = None
    if simulated:
        from .simulation import simulate
        simulation = simulate(a, settings, rules, draws, seed, typed)
    return RiskReport(settings, table, simulation)


# The method and its limits, in plain French (sheet « Risques », deck).
METHOD = (
    "Ce que fait la simulation : planae recalcule votre plan des milliers de fois (les "
    "tirages), avec le même moteur et les mêmes règles que le prévisionnel : cotisations "
    "déclaration par déclaration, arrondies à l'euro, ACRE, franchise de TVA, plafonds, CFE.",
    "Ce qui est tiré au hasard, à chaque tirage : un écart sur les volumes vendus, sur les "
    "prix, sur le délai de paiement des clients et sur les charges fixes, chacun entre le bas "
    "et le haut de la feuille Scénarios (le plan saisi étant le plus probable) ; un démarrage "
    "retardé, avec la probabilité saisie ; et, chaque mois, un aléa sur les volumes, le même "
    "pour toutes les offres.",
    "Ce qui ne change pas : les coûts unitaires, les investissements, les emprunts, l'apport, "
    "les prélèvements, la saisonnalité et la croissance saisies, les taux et les seuils de la "
    "loi.",
    "Comment lire : le 10e centile est la trésorerie sous laquelle tombe 1 tirage sur 10 ; la "
    "médiane, 1 sur 2. Le coussin est l'apport supplémentaire au démarrage qui ramène sous "
    f"{percent(RISK_LEVEL, 0)} la probabilité que la trésorerie passe sous zéro au moins un mois. "
    "L'effet de chaque facteur seul : les autres restent au plan saisi.",
    "Limites : les fourchettes sont vos hypothèses et les résultats en dépendent ; les facteurs "
    "sont tirés indépendamment les uns des autres ; une même graine redonne les mêmes "
    "résultats. Ce n'est pas une prévision : c'est la mesure de la fragilité du plan face aux "
    "écarts que vous jugez plausibles.",
)
