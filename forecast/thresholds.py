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

from .records import Record
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
class VatFranchise(Record):
    """Month by month VAT liability, arrays (..., months); by scope (total, services: the
    axis before the months) what crossed a threshold that month, and the year's turnover
    then."""
    liable: np.ndarray  # bool
    sales_ht: np.ndarray
    services_ht: np.ndarray
    vat: np.ndarray  # VAT invoiced
    from_january: np.ndarray  # bool: lost on 1 January, the month it happens
    over_majore: np.ndarray  # bool (..., scope, months)
    over_base: np.ndarray  # bool (..., scope, months)
    seen: np.ndarray  # (..., scope, months): turnover of the civil year at that month


def _creation_year_share(start: dt.date) -> float:
    """Share of its civil year the business existed in its creation year."""
    first, last = dt.date(start.year, 1, 1), dt.date(start.year + 1, 1, 1)
    return (last - start).days / (last - first).days


def _thresholds(rules: Rules, year: int, key: str) -> tuple[float, float]:
    """Base threshold and seuil majoré of a civil year."""
    day = dt.date(year, 1, 1)
    return rules.value(f"tva.franchise.{key}", day), rules.value(f"tva.majore.{key}", day)


def vat_franchise(rules: Rules, start: dt.date, months, sales: np.ndarray,
                  services: np.ndarray, vat_on_top: bool) -> VatFranchise:
    """Month by month VAT liability; `sales`/`services` are invoiced at the prices typed (HT if
    VAT is added on top, TTC if prices are kept when VAT applies). A loop over months, each
    step for every draw at once."""
    shape = np.broadcast_shapes(np.shape(sales), np.shape(services))
    sales, services = np.broadcast_to(sales, shape), np.broadcast_to(services, shape)
    batch = shape[:-1]
    liable = np.zeros(shape, dtype=bool)
    sales_ht, services_ht, vat = sales.copy(), services.copy(), np.zeros(shape)
    from_january = np.zeros(shape, dtype=bool)
    over_majore = np.zeros(batch + (len(SCOPES), shape[-1]), dtype=bool)
    over_base = np.zeros_like(over_majore)
    seen_at = np.zeros(over_majore.shape)
    past: dict[int, dict[str, np.ndarray]] = {}  # civil year -> scope -> turnover HT
    lost = np.zeros(batch, dtype=bool)

    def tax(m: int, which: np.ndarray, rate: float) -> None:
        s, v, t = _with_vat(sales[..., m], services[..., m], rate, vat_on_top)
        sales_ht[..., m] = np.where(which, s, sales_ht[..., m])
        services_ht[..., m] = np.where(which, v, services_ht[..., m])
        vat[..., m] = np.where(which, t, vat[..., m])
        liable[..., m] |= which

    for m, day in enumerate(months):
        year = day.year
        if day.month == 1 or m == 0:
            lost = _liable_from_january(rules, year, past, start, batch)
            if m > 0:
                from_january[..., m] = lost & ~liable[..., m - 1]
            past.setdefault(year, {"total": np.zeros(batch), "services": np.zeros(batch)})
        rate = rules.value("tva.taux_normal", day)
        tax(m, lost, rate)
        seen = past[year]
        seen["total"] = seen["total"] + (sales_ht[..., m] + services_ht[..., m])
        seen["services"] = seen["services"] + services_ht[..., m]
        crossing = np.zeros(batch, dtype=bool)
        for i, (scope, key, _) in enumerate(SCOPES):
            base, majore = _thresholds(rules, year, key)
            before = seen[scope] - (services_ht[..., m] if scope == "services" else
                                    sales_ht[..., m] + services_ht[..., m])
            over_majore[..., i, m] = ~lost & (seen[scope] > majore) & (majore >= before)
            over_base[..., i, m] = (~lost & ~over_majore[..., i, m] & (seen[scope] > base)
                                    & (base >= before))
            seen_at[..., i, m] = seen[scope]
            crossing |= over_majore[..., i, m]
        if crossing.any():  # the crossing month itself is taxed
            tax(m, crossing, rate)
            seen["total"] = np.where(crossing, seen["total"] + (
                sales_ht[..., m] + services_ht[..., m] - sales[..., m] - services[..., m]),
                seen["total"])
            seen["services"] = np.where(
                crossing, seen["services"] + (services_ht[..., m] - services[..., m]),
                seen["services"])
        lost = lost | crossing
    return VatFranchise(liable, sales_ht, services_ht, vat, from_january, over_majore,
                        over_base, seen_at)


def vat_events(rules: Rules, months, franchise: VatFranchise) -> tuple[Event, ...]:
    """The franchise's crossings of one plan (no draw axis), in words."""
    events: list[Event] = []
    for m, day in enumerate(months):
        year = day.year
        if franchise.from_january[m]:
            events.append(Event(day, "tva_debut",
                                f"TVA due dès le 1er janvier {year} : le chiffre d'affaires de "
                                f"{year - 1} a dépassé les seuils de la franchise en base."))
        for i, (_, key, name) in enumerate(SCOPES):
            base, majore = _thresholds(rules, year, key)
            seen = float(franchise.seen[i, m])
            if franchise.over_majore[i, m]:
                events.append(Event(day, "tva_majore",
                                    f"Le chiffre d'affaires {name} de {year} dépasse le seuil majoré "
                                    f"de la franchise de TVA ({euros(majore)}) en {month_label(day)} : "
                                    f"la TVA est due dès ce mois.", seen, majore))
            elif franchise.over_base[i, m]:
                events.append(Event(day, "tva_base",
                                    f"Le chiffre d'affaires {name} de {year} dépasse le seuil de "
                                    f"base de la franchise de TVA ({euros(base)}) en "
                                    f"{month_label(day)} : la franchise est perdue au 1er janvier "
                                    f"{year + 1} si ce dépassement se répète ou si le seuil majoré "
                                    f"({euros(majore)}) est atteint.", seen, base))
    return tuple(events)


def _with_vat(sales, services, rate: float, on_top: bool):
    if on_top:
        return sales, services, (sales + services) * rate
    s, v = sales / (1 + rate), services / (1 + rate)
    return s, v, sales + services - s - v


def _liable_from_january(rules: Rules, year: int, past: dict, start: dt.date,
                         batch: tuple) -> np.ndarray:
    def annualised(y: int) -> dict:
        share = _creation_year_share(start) if y == start.year else 1.0
        return {scope: v / share for scope, v in past.get(y, {}).items()}
    last, before = annualised(year - 1), annualised(year - 2)
    liable = np.zeros(batch, dtype=bool)
    for scope, key, _ in SCOPES:
        base, majore = _thresholds(rules, year - 1, key)
        turnover, earlier = last.get(scope, 0.0), before.get(scope, 0.0)
        liable = liable | (turnover > majore) | ((turnover > base) & (earlier > base))
    return liable


@dataclass(frozen=True)
class Ceilings(Record):
    """Crossings of the regime's ceilings, arrays (..., scope, months): the month the civil
    year's turnover crosses its ceiling (prorated in the creation year), and whether the year
    before had crossed too (the regime ends on 1 January after)."""
    crossed: np.ndarray  # bool
    regime_ends: np.ndarray  # bool
    seen: np.ndarray  # turnover of the civil year at that month
    ceiling: np.ndarray  # (scope, months): the ceiling of the month's civil year


def regime_ceilings(rules: Rules, start: dt.date, months, sales_ht: np.ndarray,
                    services_ht: np.ndarray) -> Ceilings:
    """Crossings of the regime's ceilings, prorated in the creation year."""
    shape = np.broadcast_shapes(np.shape(sales_ht), np.shape(services_ht))
    batch = shape[:-1]
    crossed = np.zeros(batch + (len(SCOPES), shape[-1]), dtype=bool)
    regime_ends = np.zeros_like(crossed)
    seen_at = np.zeros(crossed.shape)
    ceilings = np.zeros((len(SCOPES), len(months)))
    over: dict[int, np.ndarray] = {}  # civil year -> over a ceiling yet
    totals: dict[int, dict[str, np.ndarray]] = {}
    for m, day in enumerate(months):
        seen = totals.setdefault(day.year, {"total": np.zeros(batch), "services": np.zeros(batch)})
        seen["total"] = seen["total"] + (sales_ht[..., m] + services_ht[..., m])
        seen["services"] = seen["services"] + services_ht[..., m]
        for i, (scope, key, _) in enumerate(SCOPES):
            ceiling = rules.value(f"plafond.{key}", dt.date(day.year, 1, 1))
            if day.year == start.year:
                ceiling *= _creation_year_share(start)
            increment = (services_ht[..., m] if scope == "services" else
                         sales_ht[..., m] + services_ht[..., m])
            year_over = over.get(day.year, np.zeros(batch, dtype=bool))
            hit = (seen[scope] > ceiling) & (ceiling >= seen[scope] - increment) & ~year_over
            over[day.year] = year_over | hit
            crossed[..., i, m] = hit
            regime_ends[..., i, m] = hit & over.get(day.year - 1, np.zeros(batch, dtype=bool))
            seen_at[..., i, m] = seen[scope]
            ceilings[i, m] = ceiling
    return Ceilings(crossed, regime_ends, seen_at, ceilings)


def ceiling_events(start: dt.date, months, ceilings: Ceilings) -> tuple[Event, ...]:
    """The ceilings' crossings of one plan (no draw axis), in words."""
    events: list[Event] = []
    for m, day in enumerate(months):
        for i, (_, _, name) in enumerate(SCOPES):
            if not ceilings.crossed[i, m]:
                continue
            seen, ceiling = float(ceilings.seen[i, m]), float(ceilings.ceiling[i, m])
            prorated = " (proratisé pour l'année de création)" if day.year == start.year else ""
            events.append(Event(day, "plafond_depasse",
                                f"Le chiffre d'affaires {name} de {day.year} dépasse le plafond "
                                f"du régime micro ({euros(ceiling)}{prorated}) en "
                                f"{month_label(day)}. Un dépassement isolé est toléré ; deux "
                                f"années de suite font sortir du régime.", seen, ceiling))
            if ceilings.regime_ends[i, m]:
                events.append(Event(dt.date(day.year + 1, 1, 1), "sortie_micro",
                                    f"Plafond dépassé en {day.year - 1} et en {day.year} : le "
                                    f"régime micro prend fin le 1er janvier {day.year + 1} "
                                    f"(passage au régime réel).", seen, ceiling))
    return tuple(events)
