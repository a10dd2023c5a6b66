"""The assumptions of the forecast, numbered, as a banker reads them: each offer as price ×
volume, each charge, the drawings, the levy rates applied and the ACRE period, the CFE, the VAT
status, the income-tax assumption and the engine's own calculation notes.

`assumption_rows(plan)` returns (group, text, value) rows; the deck numbers them H1, H2…
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from forecast import cfe as cfe_rules
from forecast import micro
from forecast import vat as vat_rules
from forecast.activity import ACTIVITIES
from forecast.french import date, month_label, number
from forecast import volumes
from forecast.plan import BusinessPlan
from forecast.rules import Rules, load_rules

from . import formats


@dataclass(frozen=True)
class Assumption:
    group: str  # « Activité », « Charges »…
    text: str
    value: str = ""  # the year-1 amount it stands for, when it has one


def _volume(x: float) -> str:
    """12 -> « 12 », 2.5 -> « 2,5 »: volumes and coefficients."""
    return number(x, 1, trim=True)


def _rate(x: float) -> str:
    return formats.percent(x, 2 if round(x * 1000, 6) != round(x * 1000) else 1)


def _growth(offer) -> str:
    parts = [f"{'+' if g >= 0 else ''}{formats.percent(g, 0)} en année {y}"
             for y, g in ((2, offer.growth_y2), (3, offer.growth_y3)) if g]
    return "volumes " + " puis ".join(parts) if parts else "volumes constants sur 3 ans"


def _month(f, index: int) -> str:
    return month_label(f.months[index])


def _offer(f, offer) -> Assumption:
    """Price × volume of year 1; quantities typed per week or per day are shown so, then the
    year's volume they make."""
    q = np.asarray(offer.as_typed, dtype=float)
    volume = float(np.sum(offer.quantities))
    per = volumes.unit_label(offer.volume_unit, offer.days_per_week)
    shown = _volume(q[0]) if q.max() <= q.min() else \
        f"de {_volume(q.min())} à {_volume(q.max())}"
    text = f"« {offer.name} » ({offer.kind}) : {formats.euros(offer.unit_price)} HT × "
    if offer.volume_unit == "mois":
        text += f"{_volume(volume)} en année 1, {shown} {per}"
    else:
        text += f"{shown} {per}, soit {_volume(volume)} en année 1"
    if q.max() > q.min():
        sold = np.nonzero(q)[0]
        detail = [f"pic en {_month(f, int(np.argmax(q)))}"]
        if len(sold) and sold[0] > 0:
            detail.insert(0, f"premières ventes en {_month(f, int(sold[0]))}")
        text += f" ({', '.join(detail)})"
    if offer.unit_cost:
        text += f" ; coût direct de {formats.euros(offer.unit_cost)} par unité"
    text += f" ; {_growth(offer)}"
    text += (f" ; clients payés à {number(offer.payment_days)} jours"
             if offer.payment_days else " ; clients payés comptant")
    return Assumption("Activité", text + ".", formats.euros(offer.unit_price * volume))


def _charge(f, charge) -> Assumption:
    text = f"{charge.label} : {formats.euros(charge.monthly_amount)} par mois"
    if charge.first_month > 1:
        text += f" à partir de {_month(f, charge.first_month - 1)}"
    if charge.indexation:
        text += f", {'+' if charge.indexation > 0 else ''}{formats.percent(charge.indexation, 1)}" \
                " par an"
    year1 = charge.monthly_amount * max(0, 13 - charge.first_month)
    return Assumption("Charges", text + ".", formats.euros(year1))


def _operations(f) -> list[Assumption]:
    ops = f.assumptions.operations
    out = []
    if ops.subcontracting_rate:
        out.append(Assumption("Charges", "Sous-traitance : "
                                         f"{formats.percent(ops.subcontracting_rate)} du chiffre "
                                         "d'affaires.",
                              formats.euros(f.timeline.by_year(f.purchases.subcontracting)[0])))
    if ops.initial_stock or ops.stock_days:
        out.append(Assumption("Charges", f"Stock : {formats.euros(ops.initial_stock)} au départ, "
                                         f"puis {number(ops.stock_days)} jours d'achats "
                                         "consommés gardés en permanence."))
    if ops.supplier_days:
        out.append(Assumption("Charges", "Fournisseurs payés à "
                                         f"{number(ops.supplier_days)} jours."))
    if ops.drawings_monthly:
        out.append(Assumption("Exploitant", f"Prélèvements de l'exploitant : "
                                            f"{formats.euros(ops.drawings_monthly)} par mois à "
                                            f"partir de {_month(f, ops.drawings_first_month - 1)}.",
                              formats.euros(f.timeline.by_year(f.funds.drawings)[0])))
    else:
        out.append(Assumption("Exploitant", "Aucun prélèvement de l'exploitant prévu : il vit "
                                            "d'autres revenus pendant les 3 ans."))
    return out


LEVIES = "Cotisations et taxes"
KIND_NAMES = {micro.SALE: "ventes", micro.SERVICE: "prestations"}
CHAMBERS = {"cci": "CCI", "cma": "chambre de métiers"}


def _rate_over_plan(f, rate_on) -> str:
    """A rate along the plan's months (`rate_on(day)`): « 25,6 % », or « 24,6 %, 25,6 % à
    partir de janvier 2026 » when it changes."""
    runs: list[tuple[dt.date, float]] = []
    for day in f.months:
        value = rate_on(day)
        if not runs or abs(runs[-1][1] - value) > 1e-12:
            runs.append((day, value))
    return _rate(runs[0][1]) + "".join(f", {_rate(v)} à partir de {month_label(d)}"
                                       for d, v in runs[1:])


def _kinds(f) -> list[str]:
    return [k for k in (micro.SALE, micro.SERVICE) if any(o.kind == k for o in
                                                          f.assumptions.offers)]


def _for_kind(kinds: list[str], kind: str) -> str:
    return f" ({KIND_NAMES[kind]})" if len(kinds) > 1 else ""


def _levies(f, rules: Rules) -> list[Assumption]:
    p = f.assumptions.project
    kinds = _kinds(f)
    out = []
    for kind in kinds:
        rate = _rate_over_plan(f, lambda d: micro.contribution_rate(rules, p.activity, kind, d))
        text = f"Cotisations sociales{_for_kind(kinds, kind)} : {rate} du chiffre d'affaires " \
               "encaissé"
        if p.acre and f.acre_end is not None:
            reduced = micro.contribution_rate(rules, p.activity, kind, p.start_date, True,
                                              p.start_date)
            text += f" ; avec l'ACRE, {_rate(reduced)} jusqu'au {date(f.acre_end)}"
        year1 = (formats.euros(f.timeline.by_year(f.levies.cotisations)[0]) if len(kinds) == 1
                 else "")
        out.append(Assumption(LEVIES, text + ".", year1))
    taxes = "Contribution à la formation professionnelle (CFP) : " + \
        _rate_over_plan(f, lambda d: micro.cfp_rate(rules, p.activity, d))
    chamber = ACTIVITIES[p.activity].chamber
    for kind in kinds if chamber else ():
        rate = _rate_over_plan(f, lambda d: micro.tfc_rate(rules, p.activity, kind, d))
        taxes += f" ; taxe pour frais de {CHAMBERS[chamber]}{_for_kind(kinds, kind)} : {rate}"
    out.append(Assumption(LEVIES, taxes + " du chiffre d'affaires.",
                          formats.euros(f.timeline.by_year(f.levies.cfp + f.levies.tfc)[0])))
    out.append(Assumption(LEVIES, f"Déclaration {p.declaration} du chiffre d'affaires à "
                                  "l'URSSAF."))
    return out


def _cfe(f, rules: Rules) -> Assumption:
    p = f.assumptions.project
    return Assumption(LEVIES, cfe_rules.describe(rules, f.months, p.start_date, f.cfe, p.cfe,
                                                 p.cfe_artisan_exempt))


def _income_tax(f, rules: Rules) -> Assumption:
    p = f.assumptions.project
    kinds = _kinds(f)
    if p.versement_liberatoire:
        rates = " ; ".join(
            _rate_over_plan(f, lambda d, k=k: micro.vl_rate(rules, p.activity, k, d))
            + _for_kind(kinds, k) for k in kinds)
        return Assumption("Impôt", f"Impôt sur le revenu : versement libératoire de {rates} "
                                   "du chiffre d'affaires, payé avec les cotisations.",
                          formats.euros(f.timeline.by_year(f.levies.vl)[0]))
    if p.tax_rate:
        allowances = " ou ".join(
            formats.percent(micro.abattement(rules, p.activity, k, p.start_date), 0)
            for k in kinds)
        return Assumption("Impôt", f"Impôt sur le revenu estimé au taux moyen du foyer de "
                                   f"{formats.percent(p.tax_rate)}, sur le chiffre d'affaires "
                                   f"après l'abattement forfaitaire ({allowances}).",
                          formats.euros(f.timeline.by_year(f.pnl.income_tax)[0]))
    return Assumption("Impôt", "Impôt sur le revenu non estimé : taux du foyer laissé à 0 % "
                               "(revenu disponible avant impôt).")


def _vat(f, rules: Rules) -> Assumption:
    p = f.assumptions.project
    start = f.turnover.franchise.start(f.months)
    if start is None:
        return Assumption("TVA", "Franchise en base de TVA pendant les 3 ans (art. 293 B du "
                                 "CGI) : pas de TVA facturée ni récupérée.")
    text = ("TVA due dès le début d'activité" if start == f.months[0] else
            f"Franchise en base de TVA (art. 293 B du CGI) jusqu'au "
            f"{date(start - dt.timedelta(days=1))}, TVA due à partir du {date(start)}")
    return Assumption("TVA", f"{text} ; la TVA des achats est déduite ; payée selon le "
                             f"{vat_rules.regime(rules, start, p.vat_monthly)}.")


def assumption_rows(plan: BusinessPlan, rules: Rules | None = None) -> list[Assumption]:
    """Every assumption of the plan, in the order a banker reads them."""
    f = plan.forecast
    rules = rules or load_rules()
    rows = [_offer(f, o) for o in f.assumptions.offers]
    rows += [_charge(f, c) for c in f.assumptions.charges]
    rows += _operations(f)
    rows += _levies(f, rules)
    rows.append(_cfe(f, rules))
    rows.append(_income_tax(f, rules))
    rows.append(_vat(f, rules))
    rows += [Assumption("Calcul", note) for note in f.notes]
    return rows
