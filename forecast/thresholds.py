"""Turnover thresholds over civil years: VAT franchise and the regime's ceilings.

VAT (CGI art. 293 B): the franchise applies in year Y unless the turnover of Y-1 exceeded the
seuil majoré, or exceeded the base threshold two years running (Y-1 and Y-2); during Y it is lost
from the month the turnover of Y exceeds the seuil majoré. The thresholds are not prorated in the
creation year, but its turnover is annualised to judge the years after (BOFiP
BOI-TVA-DECLA-40-10-10). The regime's ceilings (CGI art. 50-0, 102 ter) are prorated in the creation year;
crossing them two years running ends the regime on 1 January after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .rules import Rules

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


def month_label(day: dt.date) -> str:
    return f"{MONTHS_FR[day.month - 1]} {day.year}"


def euros(x: float) -> str:
    return f"{x:,.0f} €".replace(",", "\u202f")


@dataclass(frozen=True)
class Event:
    day: dt.date
    code: str
    message: str
    amount: float = 0.0
    threshold: float = 0.0


# (turnover measured, rules key suffix, French name)
SCOPES = (("total", "vente", "total"), ("services", "services", "de prestations de services"))


@dataclass(frozen=True)
class VatOutcome:
    liable: np.ndarray  # bool by month
    sales_ht: np.ndarray
    services_ht: np.ndarray
    vat: np.ndarray  # VAT invoiced by month
    events: tuple[Event, ...]


def _creation_year_share(start: dt.date) -> float:
    """Share of its civil year the business existed in its creation year."""
    first, last = dt.date(start.year, 1, 1), dt.date(start.year + 1, 1, 1)
    return (last - start).days / (last - first).days


def vat_franchise(rules: Rules, start: dt.date, months: list[dt.date], sales: np.ndarray,
                  services: np.ndarray, vat_on_top: bool) -> VatOutcome:
    """Month by month VAT liability; `sales`/`services` are invoiced at the prices typed (HT if
    VAT is added on top, TTC if prices are kept when VAT applies)."""
    n = len(months)
    liable = np.zeros(n, dtype=bool)
    sales_ht, services_ht, vat = sales.copy(), services.copy(), np.zeros(n)
    past: dict[int, dict[str, float]] = {}  # civil year -> scope -> turnover HT
    events: list[Event] = []
    lost_in_year = False
    for m, day in enumerate(months):
        year = day.year
        if day.month == 1 or m == 0:
            was_liable = m > 0 and liable[m - 1]
            lost_in_year = _liable_from_january(rules, year, past, start)
            if lost_in_year and m > 0 and not was_liable:
                events.append(Event(day, "tva_debut",
                                    f"TVA due dès le 1er janvier {year} : le chiffre d'affaires de "
                                    f"{year - 1} a dépassé les seuils de la franchise en base."))
            past.setdefault(year, {"total": 0.0, "services": 0.0})
        rate = rules.value("tva.taux_normal", day)
        if lost_in_year:
            liable[m] = True
            sales_ht[m], services_ht[m], vat[m] = _with_vat(sales[m], services[m], rate,
                                                             vat_on_top)
        seen = past[year]
        seen["total"] += sales_ht[m] + services_ht[m]
        seen["services"] += services_ht[m]
        if lost_in_year:
            continue
        for scope, key, name in SCOPES:
            base = rules.value(f"tva.franchise.{key}", dt.date(year, 1, 1))
            majore = rules.value(f"tva.majore.{key}", dt.date(year, 1, 1))
            before = seen[scope] - (services_ht[m] if scope == "services" else
                                    sales_ht[m] + services_ht[m])
            if seen[scope] > majore >= before:
                lost_in_year = True
                events.append(Event(day, "tva_majore",
                                    f"Le chiffre d'affaires {name} de {year} dépasse le seuil majoré "
                                    f"de la franchise de TVA ({euros(majore)}) en {month_label(day)} : "
                                    f"la TVA est due dès ce mois.", seen[scope], majore))
            elif seen[scope] > base >= before:
                events.append(Event(day, "tva_base",
                                    f"Le chiffre d'affaires {name} de {year} dépasse le seuil de "
                                    f"base de la franchise de TVA ({euros(base)}) en "
                                    f"{month_label(day)} : la franchise est perdue au 1er janvier "
                                    f"{year + 1} si ce dépassement se répète ou si le seuil majoré "
                                    f"({euros(majore)}) est atteint.", seen[scope], base))
        if lost_in_year:  # the crossing month itself is taxed
            liable[m] = True
            sales_ht[m], services_ht[m], vat[m] = _with_vat(sales[m], services[m], rate,
                                                             vat_on_top)
            seen["total"] += sales_ht[m] + services_ht[m] - sales[m] - services[m]
            seen["services"] += services_ht[m] - services[m]
    return VatOutcome(liable, sales_ht, services_ht, vat, tuple(events))


def _with_vat(sales: float, services: float, rate: float, on_top: bool):
    if on_top:
        return sales, services, (sales + services) * rate
    s, v = sales / (1 + rate), services / (1 + rate)
    return s, v, sales + services - s - v


def _liable_from_january(rules: Rules, year: int, past: dict, start: dt.date) -> bool:
    def annualised(y: int) -> dict:
        share = _creation_year_share(start) if y == start.year else 1.0
        return {scope: v / share for scope, v in past.get(y, {}).items()}
    last, before = annualised(year - 1), annualised(year - 2)
    for scope, key, _ in SCOPES:
        ref = dt.date(year - 1, 1, 1)
        base, majore = (rules.value(f"tva.{kind}.{key}", ref) for kind in ("franchise", "majore"))
        if last.get(scope, 0) > majore:
            return True
        if last.get(scope, 0) > base and before.get(scope, 0) > base:
            return True
    return False


def regime_ceilings(rules: Rules, start: dt.date, months: list[dt.date], sales_ht: np.ndarray,
                    services_ht: np.ndarray) -> tuple[Event, ...]:
    """Crossings of the regime's ceilings, prorated in the creation year."""
    events: list[Event] = []
    over_years: list[int] = []
    totals: dict[int, dict[str, float]] = {}
    for m, day in enumerate(months):
        seen = totals.setdefault(day.year, {"total": 0.0, "services": 0.0})
        seen["total"] += sales_ht[m] + services_ht[m]
        seen["services"] += services_ht[m]
        for scope, key, name in SCOPES:
            ceiling = rules.value(f"plafond.{key}", dt.date(day.year, 1, 1))
            if day.year == start.year:
                ceiling *= _creation_year_share(start)
            increment = services_ht[m] if scope == "services" else sales_ht[m] + services_ht[m]
            if seen[scope] > ceiling >= seen[scope] - increment and day.year not in over_years:
                over_years.append(day.year)
                prorated = " (proratisé pour l'année de création)" if day.year == start.year else ""
                events.append(Event(day, "plafond_depasse",
                                    f"Le chiffre d'affaires {name} de {day.year} dépasse le plafond "
                                    f"du régime micro ({euros(ceiling)}{prorated}) en "
                                    f"{month_label(day)}. Un dépassement isolé est toléré ; deux "
                                    f"années de suite font sortir du régime.", seen[scope], ceiling))
                if day.year - 1 in over_years:
                    events.append(Event(dt.date(day.year + 1, 1, 1), "sortie_micro",
                                        f"Plafond dépassé en {day.year - 1} et en {day.year} : le "
                                        f"régime micro prend fin le 1er janvier {day.year + 1} "
                                        f"(passage au régime réel).", seen[scope], ceiling))
    return tuple(events)
