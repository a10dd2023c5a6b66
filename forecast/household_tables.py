"""The « Revenus du foyer » tables: the household by civil year, and ARE against ARCE side by side
with the advice on which suits the plan."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .assumptions import ARCE, ARE
from .french import euros, month_label
from .household import Household, TaxYear, civil_years
from .tables import Line, Table, make_table

OPTION_LABELS = {ARE: "ARE maintenue", ARCE: "ARCE"}


def _sums(h: Household, monthly: np.ndarray) -> tuple[float, ...]:
    return tuple(float(monthly[idx].sum()) for _, idx in civil_years(h.months))


def _cheaper(without: float, with_vl: float) -> str:
    if abs(without - with_vl) < 0.5:
        return "égal"
    return "avec versement libératoire" if with_vl < without else "sans versement libératoire"


def _allowed(value: bool | None) -> str:
    return {True: "oui", False: "non", None: "RFR non saisi"}[value]


def household_table(h: Household, ty: tuple[TaxYear, ...]) -> Table:
    """The household by civil year (the income year of its tax `ty`, from `tax_years`)."""
    years = civil_years(h.months)
    columns = [f"{year} ({len(idx)} mois)" if len(idx) < 12 else str(year)
               for year, idx in years]
    lines = [
        Line("are", "ARE perçue (nette de la participation retraite)", _sums(h, h.are)),
        Line("arce", "ARCE versée (apportée à l'entreprise)", _sums(h, h.arce)),
        Line("prelevements", "Prélèvements sur l'entreprise", _sums(h, h.drawings)),
        Line("autres_revenus", "Autres revenus du foyer", _sums(h, h.other_income)),
        Line("impot_paye", "Impôt sur le revenu payé dans l'année (à la source, acomptes, "
                           "solde)", _sums(h, h.tax_paid)),
        Line("revenu_disponible", "Revenu disponible du foyer", _sums(h, h.disposable), "total"),
        Line("besoins", "Besoins du foyer", _sums(h, h.needs)),
        Line("impot", "Impôt sur les revenus de l'année", (), "section"),
        Line("revenu_micro", "Revenu de la micro-entreprise après abattement",
             tuple(float(y.micro_income) for y in ty)),
        Line("revenu_imposable", "Autres revenus imposables (dont ARE et ARCE après 10 %)",
             tuple(float(y.taxable) for y in ty)),
        Line("impot_sans_vl", "Impôt sans versement libératoire",
             tuple(float(y.cost_without_vl) for y in ty), "total"),
        Line("versement_liberatoire", "Versement libératoire (payé avec les cotisations)",
             tuple(float(y.vl) for y in ty)),
        Line("impot_autres_revenus_vl", "Impôt sur les autres revenus, avec versement "
                                        "libératoire", tuple(float(y.with_vl.due) for y in ty)),
        Line("impot_avec_vl", "Impôt avec versement libératoire (versement compris)",
             tuple(float(y.cost_with_vl) for y in ty), "total"),
        Line("moins_cher", "Le moins cher pour ce foyer",
             tuple(_cheaper(float(y.cost_without_vl), float(y.cost_with_vl)) for y in ty),
             "text"),
        Line("vl_permis", "Versement libératoire permis (revenu fiscal de référence de N-2)",
             tuple(_allowed(y.vl_allowed) for y in ty), "text"),
    ]
    return make_table("revenus_foyer", "Revenus du foyer par année civile", columns, lines,
                      [str(year) for year, _ in years])


@dataclass(frozen=True)
class Outcome:
    """One option over the plan."""
    option: str
    received: float  # ARE paid to the household, or ARCE paid into the business
    lowest_cash: float  # the business's lowest cash at a month's end
    lowest_month: dt.date
    rights_left: float  # days of ARE left at the plan's end if the business then stopped
    cash: np.ndarray  # the business's cash at each month's end


@dataclass(frozen=True)
class Comparison:
    are: Outcome
    arce: Outcome | None  # None without ACRE: no ARCE
    chosen: str
    best: str
    advice: str


def outcome(option: str, received: np.ndarray, cash: np.ndarray, rights_left: np.ndarray,
            months) -> Outcome:
    low = int(np.argmin(cash))
    return Outcome(option, float(received.sum()), float(cash[low]), months[low],
                   float(rights_left[-1]), cash)


def advice(are: Outcome, arce: Outcome | None, minimum: float) -> tuple[str, str]:
    """Which option suits the plan, and why (in French)."""
    if arce is None:
        return ARE, ("Sans ACRE, l'ARCE n'est pas accordée : l'ARE maintenue est la seule "
                     "option.")
    ok = {o.option: o.lowest_cash >= minimum for o in (are, arce)}
    low = {o.option: f"{euros(o.lowest_cash)} en {month_label(o.lowest_month)}"
           for o in (are, arce)}
    if ok[ARCE] and not ok[ARE]:
        return ARCE, (f"L'ARCE garde la trésorerie de l'entreprise au-dessus du minimum "
                      f"({euros(minimum)}) : au plus bas {low[ARCE]}, contre {low[ARE]} avec "
                      f"l'ARE maintenue.")
    if ok[ARE] and not ok[ARCE]:
        return ARE, (f"L'ARE maintenue garde la trésorerie de l'entreprise au-dessus du minimum "
                     f"({euros(minimum)}) : au plus bas {low[ARE]}, contre {low[ARCE]} avec "
                     f"l'ARCE.")
    best, other = (are, arce) if are.received >= arce.received else (arce, are)
    why = (f"{OPTION_LABELS[best.option]} apporte {euros(best.received - other.received)} de "
           f"plus sur les 36 mois ({euros(best.received)} contre {euros(other.received)})")
    if not ok[ARE]:
        why += (f" ; avec l'une comme l'autre la trésorerie descend sous le minimum "
                f"({low[ARE]} avec l'ARE, {low[ARCE]} avec l'ARCE) : prévoyez un financement")
    if best.option == ARE:
        why += (" ; les droits non versés restent acquis si l'activité s'arrête "
                f"({best.rights_left:.0f} jours à la fin du plan)")
    return best.option, why + "."


def compare(are: Outcome, arce: Outcome | None, chosen: str, minimum: float) -> Comparison:
    best, text = advice(are, arce, minimum)
    return Comparison(are, arce, chosen, best, text)


def comparison_table(c: Comparison, h: Household) -> Table:
    """ARE against ARCE month by month."""
    u = h.unemployment
    months = h.months
    lines = [
        Line("are_mensuelle", "ARE maintenue, versée au foyer", tuple(u.kept.paid)),
        Line("arce_versements", "ARCE, versée à l'entreprise",
             tuple(u.arce_instalments)),
        Line("droits_are", "Droits restants si l'activité s'arrête, avec l'ARE (jours)",
             tuple(u.kept.rights_left), "days"),
        Line("droits_arce", "Droits restants si l'activité s'arrête, avec l'ARCE (jours)",
             tuple(u.arce_rights_left), "days"),
        Line("tresorerie_are", "Trésorerie de l'entreprise en fin de mois, avec l'ARE",
             tuple(c.are.cash), "total"),
    ]
    if c.arce is not None:
        lines.append(Line("tresorerie_arce", "Trésorerie de l'entreprise en fin de mois, avec "
                                             "l'ARCE", tuple(c.arce.cash), "total"))
    return make_table("are_arce", "ARE maintenue ou ARCE, mois par mois",
                      [month_label(d) for d in months], lines, [f"{d:%Y-%m}" for d in months])


def comparison_json(c: Comparison) -> dict:
    """The `are_arce` object of `planae compute --json`."""
    def one(o: Outcome | None):
        return None if o is None else {
            "total_percu": round(o.received, 2), "tresorerie_min": round(o.lowest_cash, 2),
            "mois_tresorerie_min": f"{o.lowest_month:%Y-%m}",
            "droits_restants_fin_jours": round(o.rights_left, 2)}
    return {"are": one(c.are), "arce": one(c.arce), "choix": c.chosen or None,
            "conseil": c.best, "explication": c.advice}
