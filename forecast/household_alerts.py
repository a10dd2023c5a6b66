"""Warnings about the founder's household: the ARCE without ACRE, drawings the business cannot
pay, the versement libératoire's condition and cost, the ARE/ARCE advice."""
from __future__ import annotations

import numpy as np

from .alerts import Alert
from .assumptions import ARCE, ARE, UNEMPLOYMENT_CHOICES
from .engine import Forecast
from .household_tables import HouseholdOutputs
from .household import TaxYear
from .french import euros, month_label, percent

MONTHS_SHOWN = 3
# A typed household rate this far from the barème's (in points) is pointed out: closer, the gap
# is what typing an average rate by hand, to the point, leaves.
RATE_GAP = 0.02


def _months(months) -> str:
    shown = ", ".join(month_label(d) for d in months[:MONTHS_SHOWN])
    more = len(months) - MONTHS_SHOWN
    return shown + (f" et {more} autre{'s' if more > 1 else ''} mois" if more > 0 else "")


def household_rate(years: tuple[TaxYear, ...]) -> float:
    """The household's income tax due to the business (the barème, the household of « Porteur
    de projet »), over the plan's whole civil years, as a share of the business income after
    its flat allowance: the rate the compte de résultat's estimate takes."""
    whole = [y for y in years if not y.truncated]
    income = sum(float(np.sum(y.micro_income)) for y in whole)
    return sum(float(np.sum(y.micro_share)) for y in whole) / income if income > 0 else 0.0


def household_alerts(f: Forecast, home: HouseholdOutputs) -> list[Alert]:
    a, h = f.assumptions, f.household
    founder, p = a.founder, a.project
    years, comparison, unpaid = h.years, home.comparison, home.unpaid
    alerts = []
    rate = household_rate(years)
    if not p.versement_liberatoire and p.tax_rate == 0 and rate >= 0.0005:
        alerts.append(Alert("info", "impot_taux_nul",
                            f"Taux d'imposition du foyer à 0 % : le compte de résultat ne compte "
                            f"aucun impôt sur le revenu. Au barème, le foyer de la feuille "
                            f"« Porteur de projet » paierait sur l'activité environ "
                            f"{percent(rate)} de son revenu après abattement (feuille « Revenus "
                            f"du foyer ») : saisissez ce taux.",
                            ("project", "tax_rate"), "Compte de résultat"))
    elif not p.versement_liberatoire and p.tax_rate > 0 and abs(p.tax_rate - rate) >= RATE_GAP:
        alerts.append(Alert("info", "impot_taux_ecart",
                            f"Le compte de résultat compte l'impôt sur le revenu au taux saisi "
                            f"sur la feuille Projet, {percent(p.tax_rate)} ; au barème, le foyer "
                            f"de la feuille « Porteur de projet » paierait sur l'activité environ "
                            f"{percent(rate)} de son revenu après abattement (feuille « Revenus "
                            f"du foyer »). Si le foyer y est bien décrit, saisissez ce taux.",
                            ("project", "tax_rate"), "Compte de résultat"))
    if founder.choice == ARCE and not p.acre:
        alerts.append(Alert("bloquant", "arce_sans_acre",
                            "Vous avez choisi l'ARCE, mais France Travail ne la verse qu'avec "
                            "l'ACRE : le plan ne la compte pas. Indiquez l'ACRE sur la feuille "
                            "Projet si elle vous est accordée, ou choisissez l'ARE maintenue.",
                            ("founder", "choice"), "Revenus du foyer"))
    typed, computed = a.financing.arce, float(f.funds.arce.sum())
    if founder.has_rights and typed > 0 and founder.choice == ARE:
        alerts.append(Alert("info", "arce_saisie",
                            f"L'ARCE saisie sur la feuille Financement ({euros(typed)}) n'est "
                            f"pas comptée : vous avez choisi l'ARE maintenue (feuille Porteur de "
                            f"projet), qui ne se cumule pas avec l'ARCE.",
                            ("financing", "arce"), "Revenus du foyer"))
    elif founder.has_rights and typed > 0 and computed > 0 and abs(typed - computed) >= 0.5:
        alerts.append(Alert("info", "arce_saisie",
                            f"L'ARCE saisie sur la feuille Financement ({euros(typed)}) est "
                            f"remplacée par celle calculée à partir de vos droits "
                            f"({euros(computed)}).", ("financing", "arce"), "Revenus du foyer"))
    short = [d for d, u in zip(f.months, unpaid) if u > 0]
    if short:
        where = ("founder", "monthly_needs") if founder.has_budget else (
            "operations", "drawings_monthly")
        alerts.append(Alert("attention", "foyer_prelevements",
                            f"L'entreprise ne peut pas verser au foyer les prélèvements dont il "
                            f"a besoin en {_months(short)} : il manque {euros(unpaid.sum())} "
                            f"en tout, mois par mois sur la feuille Revenus du foyer (« Le "
                            f"foyer mois par mois »). Réduisez les besoins, cherchez un "
                            f"financement ou décalez le démarrage.", where, "Revenus du foyer"))
    if p.versement_liberatoire:
        refused = [y.year for y in years if y.vl_allowed is False]
        if refused:
            alerts.append(Alert("attention", "foyer_vl_non_permis",
                                f"Versement libératoire : votre revenu fiscal de référence "
                                f"({euros(founder.rfr_two_years_before)}) dépasse le plafond "
                                f"pour {founder.parts:g} part(s) ; l'option n'est pas permise en "
                                f"{', '.join(map(str, refused))}.",
                                ("founder", "rfr_two_years_before"), "Revenus du foyer"))
    if years:
        y = years[0]
        mine, other = ((float(y.cost_with_vl), float(y.cost_without_vl))
                       if p.versement_liberatoire else
                       (float(y.cost_without_vl), float(y.cost_with_vl)))
        if other + 1 <= mine and (p.versement_liberatoire or y.vl_allowed is not False):
            now, then = (("avec", "sans") if p.versement_liberatoire else ("sans", "avec"))
            alerts.append(Alert("info", "foyer_vl",
                                f"Impôt du foyer en {y.year} : {euros(mine)} {now} versement "
                                f"libératoire, {euros(other)} {then}. L'option se choisit "
                                f"auprès de l'URSSAF.", ("project", "versement_liberatoire"),
                                "Revenus du foyer"))
    if comparison is not None and comparison.best != comparison.chosen:
        alerts.append(Alert("info", "foyer_choix",
                            f"{UNEMPLOYMENT_CHOICES[comparison.best]} plutôt que "
                            f"{UNEMPLOYMENT_CHOICES.get(comparison.chosen, 'votre choix')} : "
                            f"{comparison.advice}", ("founder", "choice"), "Revenus du foyer"))
    return alerts
