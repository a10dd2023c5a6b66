"""Turnover thresholds over civil years: VAT franchise and the regime's ceilings.

VAT franchise (CGI art. 293 B): lost from 1 January after a year over the base threshold, or
from the day a year's turnover crosses the seuil majoré (`vat_franchise` states the rule, its
versions by date and its sources). Operations are taken as spread evenly over each month, so the
crossing day and the taxed share of that month follow from the month's turnover.

The regime's ceilings (CGI art. 50-0, 102 ter) are prorated in the creation year; crossing them two
years running ends the regime on 1 January after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .arrays import cumulative, total
from .french import euros, month_label
from .records import Record
from .rules import Rules


@dataclass(frozen=True)
class Event:
    """A threshold crossed on `day`: its code, French message, the turnover and the threshold."""
    day: dt.date
    code: str
    message: str
    amount: float = 0.0
    threshold: float = 0.0


# (turnover measured, rules key suffix, French name)
SCOPES = (("total", "vente", "total"), ("services", "services", "de prestations de services"))


@dataclass(frozen=True, eq=False)
class VatFranchise(Record):
    """Month by month VAT liability, arrays (..., months): the share of the month's operations
    taxed (0 under franchise, 1 once it is lost, in between the month of the crossing), the
    turnover HT and VAT invoiced of each offer; by scope (total, services: the axis before the
    months) what crossed a threshold that month, and the year's turnover then."""
    share: np.ndarray  # of the month's operations liable to VAT
    by_offer: tuple[np.ndarray, ...]  # turnover HT
    vat_by_offer: tuple[np.ndarray, ...]  # VAT invoiced
    sales_ht: np.ndarray
    services_ht: np.ndarray
    vat: np.ndarray  # VAT invoiced
    from_january: np.ndarray  # bool: lost on 1 January, the month it happens
    crossed_at: np.ndarray  # part of the month elapsed when the franchise ended (1: not then)
    # the crossings (None when not asked for: the cash plan alone does not need them)
    over_majore: np.ndarray | None  # bool (..., scope, months)
    over_base: np.ndarray | None  # bool (..., scope, months)
    seen: np.ndarray | None  # (..., scope, months): turnover of the civil year at that month

    @property
    def liable(self) -> np.ndarray:
        """Whether any operation of the month is liable to VAT."""
        return self.share > 0

    def start(self, months) -> dt.date | None:
        """The day VAT starts (one plan, no draw axis); None under franchise throughout."""
        if not self.liable.any():
            return None
        m = int(np.argmax(self.liable))
        return crossing_day(months[m], float(self.crossed_at[m])) if self.crossed_at[m] < 1 \
            else months[m]


def creation_year_share(start: dt.date) -> float:
    """Share of its civil year the business existed in its creation year (in days)."""
    first, last = dt.date(start.year, 1, 1), dt.date(start.year + 1, 1, 1)
    return (last - start).days / (last - first).days


def _thresholds(rules: Rules, year: int, key: str,
                start: dt.date | None = None) -> tuple[float, float]:
    """Base threshold and seuil majoré in force in a civil year — the creation year's (that of
    `start`) adjusted to its days of activity where the data say so (`prorated_share`)."""
    day = dt.date(year, 1, 1)
    share = prorated_share(rules, start, year) if start else 1.0
    return (rules.value(f"tva.franchise.{key}", day) * share,
            rules.value(f"tva.majore.{key}", day) * share)


def _creation_share(rules: Rules, start: dt.date, year: int, rule: str, day: dt.date) -> float:
    """d / D in the creation year (d days of activity out of the year's D) when the rules
    data's `rule` holds on `day`, else 1."""
    return creation_year_share(start) if year == start.year and rules.value(rule, day) else 1.0


def prorated_share(rules: Rules, start: dt.date, year: int) -> float:
    """The share of its thresholds a civil year's turnover is held to during that year
    (``tva.franchise.prorata_creation``)."""
    return _creation_share(rules, start, year, "tva.franchise.prorata_creation",
                           dt.date(year, 1, 1))


def _prorated(rules: Rules, start: dt.date, year: int) -> str:
    """What a threshold's amount is followed by when it is prorated."""
    return ", proratisé pour l'année de création" if prorated_share(rules, start, year) < 1 \
        else ""


def vat_franchise(rules: Rules, start: dt.date, months, invoiced: tuple[np.ndarray, ...],
                  kinds: tuple[str, ...], rates: tuple[float, ...],
                  vat_on_top: bool, crossings: bool = True) -> VatFranchise:
    """Month by month VAT liability of the offers under the franchise rule (CGI art. 293 B).

    Parameters
    ----------
    rules : Rules
        The dated law: the base thresholds ``tva.franchise.vente`` / ``.services`` and the
        seuils majorés ``tva.majore.vente`` / ``.services`` (€ HT, in force on 1 January of the
        year judged), and which rule applies: ``tva.franchise.tolerance_deux_ans``,
        ``tva.franchise.exigible_au_jour``, ``tva.franchise.annualisation_creation``,
        ``tva.franchise.prorata_creation`` (1 or 0).
    start : datetime.date
        First day of activity.
    months : sequence of datetime.date
        First day of each month of the plan.
    invoiced : tuple of ndarray
        Per offer, the amount invoiced each month at the prices typed, in €, shape
        (..., months): HT if `vat_on_top`, else the prices kept (TTC once liable).
    kinds : tuple of str
        Per offer, ``"vente"`` or ``"service"``: the services threshold counts the services.
    rates : tuple of float
        Per offer, its VAT rate once liable (a fraction: 0.2 = 20 %).
    vat_on_top : bool
        VAT added to the prices typed, or taken out of the prices kept.
    crossings : bool
        Whether to say in which months each threshold is crossed (the events of a plan; its
        cash does not depend on them).

    Returns
    -------
    VatFranchise
        Each month's share of operations liable (0 to 1), the turnover HT and VAT of each
        offer, and with `crossings` the crossings of the thresholds.

    Notes
    -----
    For a civil year Y, each scope (total turnover against 85 000 / 93 500 €; services against
    37 500 / 41 250 € in 2025 and 2026) judged with the thresholds in force in Y:

    - From 1 January Y every operation is liable when T(Y-1) > B(Y), T(Y-1) being the
      turnover HT of Y-1 — in the creation year divided by d / D, its d days of activity out
      of the year's D — and B(Y) the base threshold. Until 31 December 2024 (the data's
      ``tolerance_deux_ans``): when T(Y-1) > M(Y), or T(Y-1) > B(Y) and T(Y-2) > B(Y).
    - Otherwise, with C the turnover of Y before month m and c that of month m, the franchise
      ends in m when C + c > M(Y), the seuil majoré: the operations being spread evenly over
      the month, the share liable is 1 - (M(Y) - C) / c, from the day of the crossing (from
      2025); until 2024 the whole month (``exigible_au_jour`` = 0). Every later operation of
      Y is liable, and Y + 1 with it (T(Y) > M(Y) > B(Y + 1) while the thresholds stand).
      In the creation year, from 2025 (``prorata_creation``), B(Y) and M(Y) are adjusted to
      its d days of activity out of D: M(Y) × d / D.

    Example: 4 000 € of services a month from January 2025. C = 40 000 € at the end of
    October; November takes it over 41 250 €: 1 - 1 250 / 4 000 = 68.75 % of November is
    liable, 2 750 €, VAT 550 € at 20 %; 2026 is liable from 1 January. Started on 12 June
    2026, sales: 203 days, M = 93 500 × 203 / 365 = 52 001,37 € for 2026.

    References
    ----------
    CGI art. 293 B as amended by the loi n° 2023-1322 du 29 décembre 2023 de finances pour
    2024, art. 82 (in force on 1 January 2025; the 25 000 € threshold of the loi n° 2025-127,
    art. 32, never applied, abrogated by the loi n° 2025-1044 du 3 novembre 2025); before it,
    293 B, I and II, 2 (version 2023-2024). BOFiP BOI-RES-TVA-000198 du 28 mai 2025 (franchise
    lost from the day of the crossing); BOI-TVA-DECLA-40-10-10 (creation year adjusted
    prorata temporis; §§ 285-290 of its version of 1 July 2026 and CGI art. 293 D, III for
    the thresholds of the creation year itself — read through reproductions only, see
    rules.toml).
    """
    shape = np.broadcast_shapes(*(np.shape(g) for g in invoiced)) if invoiced else (len(months),)
    invoiced = tuple(np.broadcast_to(g, shape) for g in invoiced)
    batch = shape[:-1]
    # the offers that sell, offer first (each sum over them still added offer by offer); one
    # that invoices +0 € each month has no turnover and no VAT, and adds nothing to a sum
    selling = [i for i, g in enumerate(invoiced) if g.any() or np.signbit(g).any()]
    services_mask = tuple(kinds[i] == "service" for i in selling)
    offers = np.stack([invoiced[i] for i in selling]) if selling else np.zeros((0, *shape))
    offer_rates = np.array([rates[i] for i in selling], dtype=float).reshape(
        (-1,) + (1,) * len(shape))
    # every amount ≥ +0 (no sign bit: nothing negative, no −0): a year taxed nowhere or
    # everywhere takes a shortcut to the same bits (x × 0 = +0 and x − 0 + 0 = x; x × 1 = x
    # and x − x = +0)
    unsigned = not np.signbit(offers).any()
    gross_all = {"total": total(offers, shape),
                 "services": total((g for g, s in zip(offers, services_mask) if s), shape)}
    share = np.zeros(shape)
    ht = np.zeros(offers.shape)
    vat = np.zeros(offers.shape)
    from_january = np.zeros(shape, dtype=bool)
    crossed_at = np.ones(shape)
    over_majore = np.zeros(batch + (len(SCOPES), shape[-1]), dtype=bool)
    over_base = np.zeros_like(over_majore)
    seen_at = np.zeros(over_majore.shape)
    past: dict[int, dict[str, np.ndarray]] = {}  # civil year -> scope -> turnover HT
    years: dict[int, list[int]] = {}
    for m, day in enumerate(months):
        years.setdefault(day.year, []).append(m)
    # A civil year at once, its months on the last axis: until the month the franchise ends,
    # nothing is taxed, so the turnover seen so far is the running sum of the amounts invoiced.
    for year, members in years.items():
        span = slice(members[0], members[-1] + 1)
        lost = _liable_from_january(rules, year, past, start, batch)[..., None]
        if span.start > 0:
            from_january[..., span.start] = lost[..., 0] & ~(share[..., span.start - 1] > 0)
        thresholds = [_thresholds(rules, year, key, start) for _, key, _ in SCOPES]
        exigible = np.array([bool(rules.value("tva.franchise.exigible_au_jour", day))
                             for day in months[span]])
        # under franchise the prices typed are HT: when in the month is each seuil majoré crossed
        when = np.ones(batch + (len(members),))
        crosses = []
        for (scope, _, _), (_, majore) in zip(SCOPES, thresholds):
            gross = gross_all[scope][..., span]
            untaxed = cumulative(gross)
            cross = untaxed > majore
            crosses.append(cross)
            if (cross & ~lost).any():
                at = np.divide(majore - _before(untaxed), gross, out=np.ones(gross.shape),
                               where=cross & (gross > 0))
                when = np.where(cross, np.minimum(when, at), when)
        lost = lost | _before(np.logical_or.accumulate(when < 1, axis=-1))  # the months after
        when = np.where(lost, 1.0, when)
        crossing = when < 1
        when = np.where(crossing & ~exigible, 0.0, when)  # until 2024: from the month's first day
        crossed_at[..., span] = when
        share[..., span] = np.where(lost, 1.0, np.where(crossing, 1.0 - when, 0.0))
        month, part = offers[..., span], share[..., span]
        if unsigned and not part.any():  # nothing taxed: month − month × 0 + … is the amount
            ht[..., span] = month
        elif unsigned and (part == 1).all():  # all taxed: month − month is +0
            ht[..., span] = month if vat_on_top else month / (1 + offer_rates)
            vat[..., span] = ht[..., span] * offer_rates
        else:
            taxed = month * part
            taxed_ht = taxed if vat_on_top else taxed / (1 + offer_rates)
            ht[..., span] = month - taxed + taxed_ht
            vat[..., span] = taxed_ht * offer_rates
        seen = {"total": cumulative(total(ht[..., span], when.shape)),
                "services": cumulative(total((h for h, s in zip(ht[..., span], services_mask)
                                              if s), when.shape))}
        for i, ((scope, _, _), (base, _)) in enumerate(zip(SCOPES, thresholds)):
            if crossings:
                over_majore[..., i, span] = ~lost & crosses[i]
                over_base[..., i, span] = (~lost & (_before(seen[scope]) <= base)
                                           & (seen[scope] > base))
                seen_at[..., i, span] = seen[scope]
        past[year] = {scope: v[..., -1] for scope, v in seen.items()}
    sales_ht = total((h for h, s in zip(ht, services_mask) if not s), shape)
    services_ht = total((h for h, s in zip(ht, services_mask) if s), shape)
    by_offer, vat_by_offer = [np.zeros(shape)] * len(invoiced), [np.zeros(shape)] * len(invoiced)
    for j, i in enumerate(selling):
        by_offer[i], vat_by_offer[i] = ht[j], vat[j]
    if not crossings:
        over_majore = over_base = seen_at = None
    return VatFranchise(share, tuple(by_offer), tuple(vat_by_offer), sales_ht, services_ht,
                        total(vat, shape), from_january, crossed_at, over_majore,
                        over_base, seen_at)


def _before(running: np.ndarray) -> np.ndarray:
    """Each month's value of `running` (months on the last axis) as it stood the month before:
    zero (False) in the first month."""
    out = np.zeros_like(running)
    out[..., 1:] = running[..., :-1]
    return out


def days_in_month(month: dt.date) -> int:
    return (dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - month).days


def crossing_day(month: dt.date, elapsed: float) -> dt.date:
    """The day `elapsed` (a fraction) into `month`, operations spread evenly over its days."""
    days = days_in_month(month)
    return month + dt.timedelta(days=min(int(elapsed * days), days - 1))


def vat_events(rules: Rules, start: dt.date, months, franchise: VatFranchise) -> tuple[Event, ...]:
    """The franchise's crossings of one plan (no draw axis), in words that state the rule."""
    events: list[Event] = []
    for m, day in enumerate(months):
        year = day.year
        if franchise.from_january[m]:
            events.append(_from_january(rules, start, months, franchise, m))
        prorated = _prorated(rules, start, year)
        for i, (_, key, name) in enumerate(SCOPES):
            base, majore = _thresholds(rules, year, key, start)
            seen = float(franchise.seen[i, m])
            if franchise.over_majore[i, m]:
                if rules.value("tva.franchise.exigible_au_jour", day):
                    when = crossing_day(day, float(franchise.crossed_at[m]))
                    rule = (f"le {when:%d} {month_label(when)} : la franchise prend fin ce jour-là, "
                            f"la TVA est due sur l'opération qui franchit le seuil et sur toutes "
                            f"les suivantes")
                else:
                    when = day
                    rule = (f"en {month_label(day)} : la TVA est due dès le 1er jour de ce mois "
                            f"(règle en vigueur jusqu'au 31 décembre 2024)")
                events.append(Event(when, "tva_majore",
                                    f"Le chiffre d'affaires {name} de {year} dépasse le seuil "
                                    f"majoré de la franchise de TVA ({euros(majore)}{prorated}) "
                                    f"{rule}, puis toute l'année {year + 1} (CGI art. 293 B).",
                                    seen, majore))
            elif franchise.over_base[i, m]:
                events.append(Event(day, "tva_base", _base_message(
                    rules, start, year, key, name, day, seen), seen, base))
    return tuple(events)


def _base_message(rules: Rules, start: dt.date, year: int, key: str, name: str, day: dt.date,
                  seen: float) -> str:
    base, majore = _thresholds(rules, year, key, start)
    prorated = _prorated(rules, start, year)
    following, _ = _thresholds(rules, year + 1, key)
    tolerance = rules.value("tva.franchise.tolerance_deux_ans", dt.date(year + 1, 1, 1))
    crossed = (f"Le chiffre d'affaires {name} de {year} dépasse le seuil de base de la franchise "
               f"de TVA ({euros(base)}{prorated}) en {month_label(day)} : ")
    if not tolerance and seen / judged_share(rules, start, year) > following:
        end = (f"la franchise prend fin le 1er janvier {year + 1} ; la TVA sera due sur toutes "
               f"vos opérations dès cette date")
    else:
        end = (f"la franchise de {year + 1} se juge sur le chiffre d'affaires de {year} au seuil "
               f"de base de {year + 1} ({euros(following)})")
    return (f"{crossed}{end}, ou dès le jour où le seuil majoré ({euros(majore)}{prorated}) serait "
            f"dépassé en {year} (CGI art. 293 B).")


def judged_share(rules: Rules, start: dt.date, year: int) -> float:
    """The share of civil `year` its turnover stands for when it judges the franchise of the
    next year: d / D in the creation year (d days of activity out of the year's D) when the
    data annualise it (``tva.franchise.annualisation_creation``), else 1."""
    return _creation_share(rules, start, year, "tva.franchise.annualisation_creation",
                           dt.date(year + 1, 1, 1))


def _from_january(rules: Rules, start: dt.date, months, franchise: VatFranchise,
                  m: int) -> Event:
    year = months[m].year
    last = [i for i in range(m) if months[i].year == year - 1]
    reason = f"le chiffre d'affaires de {year - 1} a dépassé le seuil de base de la franchise"
    if last:
        share = judged_share(rules, start, year - 1)
        for i, (_, key, name) in enumerate(SCOPES):
            base, _ = _thresholds(rules, year, key)
            turnover = float(franchise.seen[i, last[-1]]) / share
            if turnover > base:
                annualised = ", ramené à une année pleine" if share < 1 else ""
                reason = (f"le chiffre d'affaires {name} de {year - 1} ({euros(turnover)}"
                          f"{annualised}) dépasse le seuil de base de la franchise applicable en "
                          f"{year} ({euros(base)})")
                break
    return Event(months[m], "tva_debut",
                 f"TVA due dès le 1er janvier {year} sur toutes vos opérations : {reason} "
                 f"(CGI art. 293 B).")


def _liable_from_january(rules: Rules, year: int, past: dict, start: dt.date,
                         batch: tuple) -> np.ndarray:
    """Whether the franchise is excluded for the whole of `year` (bool, shape `batch`).

    Parameters
    ----------
    past : dict
        Civil year -> {"total", "services"} -> turnover HT of that year in the plan (€).

    Notes
    -----
    Judged on the turnover of the years before — the creation year's divided by
    `judged_share` — against the thresholds in force in `year` (CGI art. 293 B): over the base
    threshold the year before; until 2024 (``tva.franchise.tolerance_deux_ans`` = 1), over the
    seuil majoré the year before, or over the base threshold both years before.
    """
    def judged(y: int) -> dict:
        share = judged_share(rules, start, y)
        return {scope: v / share for scope, v in past.get(y, {}).items()}
    last, before = judged(year - 1), judged(year - 2)
    tolerance = rules.value("tva.franchise.tolerance_deux_ans", dt.date(year, 1, 1))
    liable = np.zeros(batch, dtype=bool)
    for scope, key, _ in SCOPES:
        base, majore = _thresholds(rules, year, key)
        turnover, earlier = last.get(scope, 0.0), before.get(scope, 0.0)
        if tolerance:
            liable = liable | (turnover > majore) | ((turnover > base) & (earlier > base))
        else:
            liable = liable | (turnover > base)
    return liable


@dataclass(frozen=True, eq=False)
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
                ceiling *= creation_year_share(start)
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
