"""The micro-social and micro-fiscal rules: rates in force on a date, ACRE, rounding.

Rounding follows URSSAF's published model (`modele-social`): contributions and each TFC part
are rounded to the euro per declaration, CFP and the versement libératoire are not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np

from .activity import ACTIVITIES, Activity, main_kind
from .rules import Rules

SALE, SERVICE = "vente", "service"


def _levy_euro(base, rate: float):
    """`base` × `rate` rounded half up to the euro, as if the product were taken in decimal:
    in binary 125 × 0.116 is 14.4999…, which would round to 14 € where the amount is 14.50 €.

    `base` is a number or an array (one declaration per element). The binary product rounds
    right except within a few ulps of a half euro: those elements are taken in decimal.
    """
    base = np.asarray(base, dtype=float)
    scalar = base.ndim == 0
    if not rate:  # owes +0 (what the rounding below gives)
        return 0.0 if scalar else np.zeros(base.shape)
    base = np.atleast_1d(base)
    signed = base * rate
    product = np.abs(signed)
    out = np.sign(signed) * np.floor(product + 0.5)
    ties = np.abs(product % 1.0 - 0.5) <= 8 * np.spacing(product)
    if ties.any():
        out[ties] = [_decimal_euro(b, rate) for b in base[ties].tolist()]
    return float(out[0]) if scalar else out


def declared(turnover):
    """Turnover cashed in as declared to URSSAF: in whole euros, half up (1 242,50 € -> 1 243 €)."""
    return _levy_euro(turnover, 1.0)


@lru_cache(maxsize=4096)  # a simulation meets the same ties again and again
def _decimal_euro(base: float, rate: float) -> float:
    amount = Decimal(repr(float(base))) * Decimal(repr(rate))
    return float(amount.quantize(Decimal(1), ROUND_HALF_UP))


def _round_rate(rate: float, decimals: int, coefficient: float = 1.0) -> float:
    """`rate` × `coefficient` rounded as URSSAF publishes it, in percentage points
    (6.15 % -> 6.2 %). The product is taken in decimal: in binary 0.211 × 0.5 × 100 is
    10.549999…, which would round to 10.5 % where URSSAF publishes 10.6 %."""
    pct = Decimal(repr(rate)) * Decimal(repr(coefficient)) * 100
    pct = pct.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return float(pct.scaleb(-2))  # 11.6 % -> 0.116 exactly as written, not 0.11599…


def acre_end(rules: Rules, start: dt.date) -> dt.date:
    """Last day of ACRE for an activity started on `start`.

    Parameters
    ----------
    rules : Rules
        ``acre.trimestres_apres_debut``: the civil quarters after the start quarter (3),
        selected by the start date.
    start : datetime.date
        First day of activity.

    Returns
    -------
    datetime.date
        The last day of the third civil quarter after the quarter of `start`.

    Notes
    -----
    The reduced rates apply from the start to the end of the third civil quarter following
    the start quarter: a start on 15 January 2025 (1st quarter) keeps ACRE until 31 December
    2025, a start on 2 May 2025 (2nd quarter) until 31 March 2026.

    References
    ----------
    Décret n° 2019-1215 du 20 novembre 2019 (CSS art. D613-5, reduced rates of the
    micro-entrepreneurs under ACRE); URSSAF, « Travailleurs indépendants relevant du régime
    micro-social » (Acre): « un taux de cotisations minoré jusqu'à la fin du 3ème trimestre
    civil qui suit celui du début d'activité ».
    """
    quarters = int(rules.value("acre.trimestres_apres_debut", start, start=start))
    last_quarter = (start.month - 1) // 3 + quarters
    year, month = start.year + last_quarter // 4, (last_quarter % 4) * 3 + 3
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def rate_key(activity: Activity, kind: str) -> str:
    return "vente" if kind == SALE else ACTIVITIES[activity].service_rate


def contribution_rate(rules: Rules, activity: Activity, kind: str, day: dt.date,
                      acre: bool = False, start: dt.date | None = None) -> float:
    """Micro-social rate on turnover of `kind` cashed in on `day`; with ACRE, the reduced rate
    (selected by the start date, `day` if not given)."""
    key = rate_key(activity, kind)
    rate = rules.value(f"cotisations.{key}", day)
    if not acre:
        return rate
    start = start or day
    if key == "cipav" and rules.value("acre.cipav_taux_fixe", day, start=start):
        return rules.value("acre.cipav_rate", day)
    coefficient = rules.value("acre.coefficient", day, start=start)
    decimals = int(rules.value(f"acre.rounding_decimals.{key}", day))
    return _round_rate(rate, decimals, coefficient)


def cfp_rate(rules: Rules, activity: Activity, day: dt.date, kind: str | None = None) -> float:
    """CFP rate of the activity; with `kind`, the rate URSSAF applies to that kind of turnover:
    BIC sales of a liberal profession (SSI or CIPAV) pay the commerçant rate, as in URSSAF's
    model (modele-social « cotisations et contributions . CFP »: BIC turnover at 0.3 % for an
    artisan, 0.1 % otherwise; BNC turnover at 0.2 %)."""
    category = ACTIVITIES[activity].cfp
    if kind == SALE and category == "liberal":
        category = "commercant"
    return rules.value(f"cfp.{category}", day)


def tfc_rate(rules: Rules, activity: Activity, kind: str, day: dt.date) -> float:
    chamber = ACTIVITIES[activity].chamber
    if chamber is None:
        return 0.0
    return rules.value(f"tfc.{chamber}.{'vente' if kind == SALE else 'services'}", day)


def vl_rate(rules: Rules, activity: Activity, kind: str, day: dt.date) -> float:
    return rules.value("vl.vente" if kind == SALE else f"vl.{ACTIVITIES[activity].vl_service}",
                       day)


def abattement(rules: Rules, activity: Activity, kind: str, day: dt.date) -> float:
    key = "vente" if kind == SALE else ACTIVITIES[activity].abattement_service
    return rules.value(f"abattement.{key}", day)


@dataclass(frozen=True)
class Levies:
    """What one declaration owes, in euros."""
    cotisations: float = 0.0
    cfp: float = 0.0
    tfc: float = 0.0
    vl: float = 0.0

    @property
    def total(self) -> float:
        return self.cotisations + self.cfp + self.tfc + self.vl

    def __add__(self, other: "Levies") -> "Levies":
        return Levies(self.cotisations + other.cotisations, self.cfp + other.cfp,
                      self.tfc + other.tfc, self.vl + other.vl)


def declaration_levies(rules: Rules, activity: Activity, day: dt.date, sales, services,
                       acre: bool, vl: bool, start: dt.date | None = None) -> Levies:
    """Levies on one declaration of turnover cashed in, at the rates in force on `day`.

    Parameters
    ----------
    rules : Rules
        Rates by date (fractions: 0.212 = 21,2 %): ``cotisations.*``, ``cfp.*``, ``tfc.*``,
        ``vl.*``, and ACRE's ``acre.*``.
    activity : Activity
        Sets the contribution, CFP, TFC and versement libératoire rates of each kind.
    day : datetime.date
        First day of the period declared (a month or a civil quarter).
    sales, services : float or ndarray
        Turnover cashed in during the period, in €: numbers, or arrays of as many declarations
        at the same rates (one per draw); the amounts have their shape.
    acre : bool
        Reduced contribution rates (CSS art. D613-5), selected by `start`.
    vl : bool
        Versement libératoire of income tax (CGI art. 151-0).
    start : datetime.date, optional
        First day of activity (selects ACRE's coefficient).

    Returns
    -------
    Levies
        In €. For each kind, with B the turnover rounded half up to the euro:
        contributions = round(B × rate), CFP = B × rate, TFC = round(B × rate),
        versement libératoire = B × rate.

    Notes
    -----
    The turnover is declared in whole euros, rounded half up (CSS art. L133-10: social
    contributions and their bases are rounded to the nearest euro, 0,50 € counting for one;
    URSSAF's declaration takes whole euros); contributions and each TFC part are rounded to the
    euro as URSSAF's model (modele-social) does, CFP and the versement libératoire are not.
    Example: 2 000 € of BIC services in January 2026 (21,2 %, CFP 0,1 %, TFC CCI 0,044 %):
    424 € + 2 € + round(0,88) = 1 €, 427 €.
    """
    cotisations = cfp = tfc = vl_amount = 0.0
    for kind, cashed in ((SALE, sales), (SERVICE, services)):
        if not np.any(cashed):
            continue
        base = declared(cashed)
        cotisations += _levy_euro(base, contribution_rate(rules, activity, kind, day, acre,
                                                          start))
        cfp += base * cfp_rate(rules, activity, day, kind)
        tfc += _levy_euro(base, tfc_rate(rules, activity, kind, day))
        if vl:
            vl_amount += base * vl_rate(rules, activity, kind, day)
    return Levies(cotisations, cfp, tfc, vl_amount)


def annual_levies(rules: Rules, activity: Activity, year: int, sales: float, services: float,
                  acre: bool = False, vl: bool = False,
                  start: dt.date | None = None) -> Levies:
    """Levies on a year's turnover cashed in evenly, declared monthly, as URSSAF's simulator
    computes them: each month rounded to the euro, at that month's rates."""
    total = Levies()
    for month in range(1, 13):
        total += declaration_levies(rules, activity, dt.date(year, month, 1), sales / 12,
                                    services / 12, acre, vl, start)
    return total


def levies_on_turnover(rules: Rules, activity: Activity, year: int, turnover: float,
                       acre: bool = False, vl: bool = False,
                       start: dt.date | None = None) -> Levies:
    """Annual levies on a turnover of the activity's main kind (sales or services), for a year
    the rules data cover."""
    rules.check_year(year)
    sales = turnover if main_kind(activity) == SALE else 0.0
    return annual_levies(rules, activity, year, sales, turnover - sales, acre, vl, start)


def _threshold_key(activity: Activity) -> str:
    return "vente" if main_kind(activity) == SALE else "services"


def regime_ceiling(rules: Rules, activity: Activity, year: int) -> float:
    """The regime's turnover ceiling for the activity's main kind, for a whole year the rules
    data cover."""
    rules.check_year(year)
    return rules.value(f"plafond.{_threshold_key(activity)}", dt.date(year, 1, 1))


def vat_threshold(rules: Rules, activity: Activity, year: int) -> float:
    """The base threshold of the VAT franchise for the activity's main kind, for a year the
    rules data cover."""
    rules.check_year(year)
    return rules.value(f"tva.franchise.{_threshold_key(activity)}", dt.date(year, 1, 1))
