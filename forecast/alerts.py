"""Warnings a bank reader would raise: benchmarks, law, coherence. Each says what to do and
points at the input concerned (an assumptions path; None as index means a whole column)."""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import cfe as cfe_rules
from . import vat as vat_rules
from . import micro
from .activity import Activity
from .assumptions import FieldReader, Problem
from .engine import Forecast
from .fields import BENCHMARK
from .rules import Rules, load_rules
from .statements import initial_plan, payback_months
from .french import date, euros, month_label, number, percent
from .timeline import MONTHS_PER_YEAR, PLAN_YEARS

BENCHMARKS_FILE = Path(__file__).with_name("data") / "benchmarks.toml"


class Severity(StrEnum):
    """How much an alert matters, most serious first."""
    BLOQUANT = "bloquant"
    ATTENTION = "attention"
    INFO = "info"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Topic(StrEnum):
    """What an alert is about: the family of its code (the code's first word)."""
    TVA = "tva"
    PLAFOND = "plafond"
    SORTIE = "sortie"
    ACRE = "acre"
    VL = "vl"
    CFE = "cfe"
    REPERE = "repere"
    TRESORERIE = "tresorerie"
    PRIX = "prix"
    SAISONNALITE = "saisonnalite"
    PRELEVEMENTS = "prelevements"
    APPORT = "apport"
    RETOUR = "retour"
    EMPRUNT = "emprunt"
    IMPOT = "impot"
    HYPOTHESE = "hypothese"
    FINANCEUR = "financeur"
    FOYER = "foyer"
    ARCE = "arce"
    AUTRE = "autre"

    @classmethod
    def of(cls, code: str) -> "Topic":
        """The topic of an alert code; a family not listed here is « Autre », never an error."""
        try:
            return cls(code.split("_")[0])
        except ValueError:
            return cls.AUTRE

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]


TOPIC_LABELS = {
    Topic.TVA: "Franchise de TVA", Topic.PLAFOND: "Plafond du régime",
    Topic.SORTIE: "Plafond du régime", Topic.ACRE: "ACRE", Topic.VL: "Versement libératoire",
    Topic.CFE: "CFE", Topic.REPERE: "Repère", Topic.TRESORERIE: "Trésorerie",
    Topic.PRIX: "Prix et coûts", Topic.SAISONNALITE: "Saisonnalité",
    Topic.PRELEVEMENTS: "Prélèvements", Topic.APPORT: "Apport personnel",
    Topic.RETOUR: "Retour sur investissement", Topic.EMPRUNT: "Durée d'emprunt",
    Topic.IMPOT: "Impôt sur le revenu", Topic.HYPOTHESE: "Hypothèse",
    Topic.FINANCEUR: "Financeurs", Topic.FOYER: "Revenus du foyer", Topic.ARCE: "ARCE",
    Topic.AUTRE: "Autre"}


@dataclass(frozen=True)
class Alert:
    """A point the plan raises: severity, code, French message, input or output concerned."""
    severity: Severity  # given as the enum or its value ("bloquant"…)
    code: str
    message: str
    path: tuple | None = None  # the input concerned
    output: str | None = None  # the output sheet concerned

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def topic(self) -> Topic:
        """What it is about: the family of its code."""
        return Topic.of(self.code)


@dataclass(frozen=True)
class Benchmark:
    """A usual range of a measure of the plan, and what to say below or above it."""
    key: str
    label: str
    low: float
    high: float
    unit: str
    below: str = ""
    above: str = ""
    categories: tuple[str, ...] = ()  # the charge categories the measure adds up, if any

    def show(self, value: float) -> str:
        if self.unit == "%":
            return percent(value, 0)
        if self.unit == "ans":
            return f"{number(value, 1)} ans"
        return euros(value)


@lru_cache(maxsize=1)
def _benchmarks_data() -> dict:
    with open(BENCHMARKS_FILE, "rb") as f:
        return tomllib.load(f)


def default_benchmarks() -> tuple[Benchmark, ...]:
    return tuple(Benchmark(**{**b, "categories": tuple(b.get("categories", ()))})
                 for b in _benchmarks_data()["benchmark"])


def usual_apport_share() -> float:
    """The share of the launch needs banks like the founder to bring (a fraction)."""
    return _benchmarks_data()["apport_personnel"]["share"]


def parse_benchmarks(rows: list[dict] | None) -> tuple[tuple[Benchmark, ...], list[Problem]]:
    """The defaults, with the low/high a person edited on the Repères sheet, and the problems
    of those edits (located like any input: ("benchmarks", row, "low"))."""
    r = FieldReader()
    defaults = {b.key: b for b in default_benchmarks()}
    edited: dict[str, Benchmark] = {}
    for i, row in enumerate(rows or ()):
        b = defaults.get(str(row.get("key") or "").strip())
        if b is None:
            continue
        before = len(r.problems)
        low, high = (r.number(row, ("benchmarks", i, side), f"{b.label} — {name}",
                              hi=1 if b.unit == "%" else BENCHMARK[side].hi,
                              default=getattr(b, side),
                              unit=b.unit)
                     for side, name in (("low", "bas"), ("high", "haut")))
        if len(r.problems) == before and low > high:
            r.fail(("benchmarks", i, "low"), f"{b.label} — bas",
                   "doit être inférieur ou égal au haut de la fourchette.")
        edited[b.key] = replace(b, low=low, high=high)
    return tuple(edited.get(k, b) for k, b in defaults.items()), r.problems


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0)


def _measures(f: Forecast, benchmarks: tuple[Benchmark, ...]
              ) -> dict[str, tuple[np.ndarray, tuple | None]]:
    """What each benchmark compares, by plan year, and the input it points at."""
    a = f.assumptions
    by_year = f.timeline.by_year
    turnover = by_year(f.turnover.total)
    units = sum(np.asarray(o.quantities).sum() for o in a.offers)
    basket = sum(o.unit_price * np.asarray(o.quantities).sum() for o in a.offers)
    marketing_categories = next((b.categories for b in benchmarks
                                 if b.key == "budget_marketing"), ())
    marketing = np.zeros(len(f.timeline.years))
    for c, schedule in zip(a.charges, f.fixed.by_charge):
        if c.category in marketing_categories:
            marketing += by_year(schedule)
    measures = {
        "ca_annuel": (turnover, ("offers", None, "quantities")),
        "marge_brute": (_ratio(by_year(f.pnl.gross_margin), turnover),
                        ("offers", None, "unit_cost")),
        "marge_nette": (_ratio(by_year(f.pnl.result), turnover), ("charges", None,
                                                                  "monthly_amount")),
        "budget_marketing": (marketing, ("charges", None, "monthly_amount")),
    }
    if units:
        measures["panier_moyen"] = (np.array([basket / units]), ("offers", None, "unit_price"))
    if f.purchases.materials.any():
        key = ("matieres_premieres" if a.project.activity in (Activity.VENTE_ARTISAN,
                                                              Activity.SERVICES_ARTISAN)
               else "cout_marchandises")
        measures[key] = (_ratio(by_year(f.purchases.materials), turnover), ("offers", None,
                                                                     "unit_cost"))
    if a.operations.subcontracting_rate:
        measures["main_oeuvre"] = (_ratio(by_year(f.purchases.subcontracting), turnover),
                                   ("operations", "subcontracting_rate"))
    if (f.investments.capex + f.investments.expensed).any():
        payback = payback_months(f)
        measures["retour_investissement"] = (
            np.array([payback / MONTHS_PER_YEAR if payback is not None else np.inf]),
            ("investments", None, "amount"))
    return measures


def _years(years: list[int]) -> str:
    """[0] -> « année 1 », [0, 2] -> « années 1 et 3 », [0, 1, 2] -> « années 1 à 3 »."""
    n = [str(y + 1) for y in years]
    if len(n) == 1:
        return f"année {n[0]}"
    if len(n) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"années {n[0]} à {n[-1]}"
    return f"années {', '.join(n[:-1])} et {n[-1]}"


def benchmark_alerts(f: Forecast, benchmarks: tuple[Benchmark, ...]) -> list[Alert]:
    alerts = []
    measures = _measures(f, benchmarks)
    for b in benchmarks:
        if b.key not in measures:
            continue
        values, path = measures[b.key]
        for side, test, advice in (("en dessous", values < b.low, b.below),
                                   ("au-dessus", values > b.high, b.above)):
            years = [i for i, hit in enumerate(test) if hit]  # NaN compares False
            if not years or not advice:
                continue
            when = "" if len(values) == 1 else " en " + _years(years)
            shown = (f"plus de {PLAN_YEARS} ans" if not np.isfinite(values[years[0]])
                     else b.show(values[years[0]]))
            alerts.append(Alert(
                "attention" if side == "en dessous" or b.key == "retour_investissement"
                else "info", f"repere_{b.key}",
                f"{b.label} : {shown}{when}, {side} de la fourchette habituelle "
                f"({b.show(b.low)} – {b.show(b.high)}) : {advice}", path, "Indicateurs"))
    return alerts


def law_alerts(f: Forecast, rules: Rules) -> list[Alert]:
    a = f.assumptions
    p = a.project
    alerts = []
    severity = {"tva_base": "attention", "tva_majore": "attention", "tva_debut": "attention",
                "plafond_depasse": "attention", "sortie_micro": "bloquant", "acre_fin": "info"}
    vat_effect = ("vos clients paieront la TVA de chaque offre en plus de vos prix HT, inchangés"
                  if p.vat_on_top else "vos prix TTC étant maintenus, votre CA HT baisse de la "
                                       "TVA qu'ils contiennent")
    for e in f.events:
        message = e.message
        if e.code in ("tva_majore", "tva_debut"):
            message += (f" Conséquence : {vat_effect} ; facturez la TVA, déduisez celle de vos "
                        f"achats, et payez-la selon le "
                        f"{vat_rules.regime(rules, e.day, p.vat_monthly)}.")
        elif e.code == "tva_base":
            message += " Préparez le passage à la TVA : prix HT ou TTC, logiciel de facturation."
        elif e.code == "sortie_micro":
            message += " Le prévisionnel au-delà de cette date n'est plus valable : consultez un " \
                       "expert-comptable."
        path = ("offers", None, "quantities") if e.code != "acre_fin" else ("project", "acre")
        alerts.append(Alert(severity[e.code], e.code, message, path, "Alertes"))
    if p.versement_liberatoire:
        year = p.first_month.year
        ceiling = rules.value("vl.rfr_ceiling_per_part", dt.date(year, 1, 1))
        alerts.append(Alert("info", "vl_condition",
                            f"Versement libératoire : possible seulement si le revenu fiscal de "
                            f"référence de {year - 2} de votre foyer ne dépasse pas "
                            f"{euros(ceiling)} par part de quotient familial. Vérifiez-le sur "
                            f"votre avis d'imposition.", ("project", "versement_liberatoire")))
    alerts += _acre_alerts(f, rules)
    text = cfe_rules.describe(rules, f.months, p.start_date, f.cfe, p.cfe, p.cfe_artisan_exempt)
    if f.cfe.estimated and not p.cfe_artisan_exempt:
        alerts.append(Alert("attention", "cfe_estimation",
                            f"{text} Demandez le montant à votre mairie ou au service des impôts "
                            f"des entreprises (avis de CFE) et saisissez-le.", ("project", "cfe")))
    else:
        alerts.append(Alert("info", "cfe", text, ("project", "cfe")))
    return alerts


def _acre_alerts(f: Forecast, rules: Rules) -> list[Alert]:
    """ACRE's conditions the plan can check: who may claim it since 2026, and the income
    condition some sources state (income after allowance under the PASS) that URSSAF's own
    simulator does not apply: a prompt to check, not a verdict."""
    p = f.assumptions.project
    if not p.acre or f.acre_end is None:
        return []
    alerts = []
    restricted = rules.dated("acre.eligibilite_restreinte", p.start_date, start=p.start_date)
    if restricted.value:
        alerts.append(Alert("info", "acre_eligibilite",
                            f"ACRE : depuis le {date(restricted.start)}, elle est réservée aux "
                            "publics listés par le Code "
                            "du travail (art. L5141-1 : demandeurs d'emploi, bénéficiaires du "
                            "RSA ou de l'ASS, 18-25 ans…) et aux créations en ZFRR, sur demande "
                            "à l'URSSAF. Vérifiez votre éligibilité.", ("project", "acre")))
    months = [m for m, d in enumerate(f.months) if d <= f.acre_end]
    day = f.months[0]
    income = sum(f.turnover.sales[m] * (1 - micro.abattement(rules, p.activity, micro.SALE, day))
                 + f.turnover.services[m] * (1 - micro.abattement(rules, p.activity, micro.SERVICE,
                                                            day)) for m in months)
    annual = income * MONTHS_PER_YEAR / len(months)
    ceiling = rules.value("acre.income_ceiling_pass_fraction", day) * rules.value("pass", day)
    if annual > ceiling:
        alerts.append(Alert("attention", "acre_plafond",
                            f"ACRE : revenu estimé de {euros(annual)} par an pendant l'ACRE (CA "
                            f"après abattement), au-dessus du plafond de la sécurité sociale "
                            f"({euros(ceiling)}) que certaines sources posent comme condition. "
                            f"Confirmez auprès de l'URSSAF avant de compter sur l'ACRE.",
                            ("project", "acre")))
    return alerts


def coherence_alerts(f: Forecast) -> list[Alert]:
    a = f.assumptions
    p = a.project
    alerts = []
    cash = f.cash.balance
    low = [m for m in range(len(cash)) if cash[m] < p.minimum_cash - 0.005]
    if low:
        worst = int(np.argmin(cash))
        months = ", ".join(month_label(f.months[m]) for m in low[:6]) + (
            f" et {len(low) - 6} autre(s) mois" if len(low) > 6 else "")
        alerts.append(Alert(
            "bloquant" if cash.min() < 0 else "attention", "tresorerie_minimum",
            f"Trésorerie sous le minimum de {euros(p.minimum_cash)} en {months} (au plus bas "
            f"{euros(cash[worst])} en {month_label(f.months[worst])}). Augmentez l'apport ou "
            f"l'emprunt : « Équilibrer le financement » calcule le montant nécessaire.",
            ("financing", "apport"), "Trésorerie"))
    for i, o in enumerate(a.offers):
        if o.unit_price < o.unit_cost:
            alerts.append(Alert("bloquant", "prix_sous_cout",
                                f"« {o.name} » : prix de vente ({euros(o.unit_price)}) inférieur "
                                f"au coût unitaire ({euros(o.unit_cost)}) : chaque vente fait "
                                f"perdre de l'argent. Relevez le prix ou baissez le coût.",
                                ("offers", i, "unit_price"), "Compte de résultat"))
        if abs(o.seasonality_sum - 12) > 1e-6:
            alerts.append(Alert("attention", "saisonnalite",
                                f"« {o.name} » : les coefficients de saisonnalité font "
                                f"{o.seasonality_sum:g} au lieu de 12 : le volume de l'année 1 "
                                f"n'est pas celui saisi. Ajustez-les pour qu'ils totalisent 12.",
                                ("offers", i, "seasonality")))
    available = f.timeline.by_year(f.pnl.result - f.pnl.income_tax)
    drawings = f.timeline.by_year(f.funds.drawings)
    over = [y for y in f.timeline.years if drawings[y] > max(available[y], 0) + 0.005]
    if over:
        y = over[0]
        alerts.append(Alert("attention", "prelevements",
                            f"Prélèvements de {euros(drawings[y])} en année {y + 1}, au-dessus du "
                            f"revenu disponible ({euros(available[y])}) : vous puisez dans la "
                            f"trésorerie. Réduisez les prélèvements.",
                            ("operations", "drawings_monthly"), "Compte de résultat"))
    plan = initial_plan(f)
    own = sum(v for key, _, v in plan.resources
              if key in ("tresorerie_depart", "apport", "arce"))
    share = usual_apport_share()
    if plan.total_needs > 0 and own < share * plan.total_needs:
        alerts.append(Alert("attention", "apport_faible",
                            f"Apport personnel ({euros(own)} avec la trésorerie de départ et "
                            f"l'ARCE) sous les {percent(share, 0)} des besoins de départ "
                            f"({euros(share * plan.total_needs)}) que les banques "
                            f"attendent souvent : renforcez l'apport ou cherchez un prêt "
                            f"d'honneur.", ("financing", "apport"), "Plan de financement"))
    if p.opening_cash > 0 and a.financing.apport > 0:
        same = abs(p.opening_cash - a.financing.apport) < 0.005
        alerts.append(Alert("attention" if same else "info", "apport_double",
                            f"Trésorerie de départ ({euros(p.opening_cash)}) et apport "
                            f"personnel ({euros(a.financing.apport)}) sont comptés tous les "
                            f"deux dans les ressources. S'il s'agit de la même épargne, elle "
                            f"est comptée deux fois : saisissez-la seulement en apport personnel "
                            f"(feuille Financement) et laissez la trésorerie de départ à 0.",
                            ("project", "opening_cash"), "Plan de financement"))
    payback = payback_months(f)
    if payback is None:
        alerts.append(Alert("attention", "retour_long",
                            f"L'investissement n'est pas remboursé par l'activité en {PLAN_YEARS} "
                            "ans : "
                            "réduisez-le, étalez-le ou améliorez la rentabilité.",
                            ("investments", None, "amount"), "Indicateurs"))
    lives = [inv.years * MONTHS_PER_YEAR for inv in a.investments if inv.years > 0]
    for i, loan in enumerate(a.financing.loans):
        if loan.kind == "banque" and lives and loan.months > max(lives):
            alerts.append(Alert("attention", "emprunt_trop_long",
                                f"« {loan.label} » dure {loan.months} mois, plus que la durée de "
                                f"vie de ce qu'il finance ({max(lives)} mois au plus) : "
                                f"raccourcissez-le à la durée d'amortissement.",
                                ("financing", "loans", i, "months"), "Plan de financement"))
    return alerts


def all_alerts(f: Forecast, benchmarks: tuple[Benchmark, ...] | None = None,
               rules: Rules | None = None) -> list[Alert]:
    rules = rules or load_rules()
    alerts = (coherence_alerts(f) + law_alerts(f, rules)
              + benchmark_alerts(f, benchmarks or default_benchmarks()))
    alerts += [Alert("info", "hypothese", note) for note in f.notes]
    return sorted(alerts, key=lambda x: x.severity.rank)
