"""The person's assumptions: typed, immutable, validated with French messages.

Every input's label, bounds, default and choices come from its spec (`forecast.fields`), the
same the workbook's data validations are built from.

`parse_assumptions` takes the plain dict every door produces (the JSON example, the workbook
reader, the custom formulas) and either returns `Assumptions` or raises `InvalidAssumptions`
listing every problem at once. A problem carries the path of its field, e.g.
("offers", 1, "unit_price"), so the workbook can point at the exact cell.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Callable

from . import fields as spec
from . import volumes
from .activity import Activity, parse_activity
from .errors import PlanaeError
from .fields import (CHARGE_CATEGORIES, CHARGE_VAT_RATES, DECLARATIONS,  # noqa: F401 (re-exported)
                     FIRST_COVERED_DATE, LOAN_KINDS, OFFER_KINDS, VAT_RATES, Spec)
from .french import date, month_label, quantity, typed
from .timeline import HORIZON  # noqa: F401 (re-exported: the months a plan covers)
from .timeline import month_starts


@dataclass(frozen=True)
class Project:
    """The project sheet: activity, start, regime options, CFE and cash."""
    name: str
    activity: Activity
    start_date: dt.date
    acre: bool = False
    versement_liberatoire: bool = False
    declaration: str = "mensuelle"
    cfe: float = 0.0  # the commune's yearly CFE; 0: estimated
    cfe_artisan_exempt: bool = False  # CGI art. 1452: an artisan working alone
    opening_cash: float = 0.0
    minimum_cash: float = 0.0
    vat_on_top: bool = True
    vat_monthly: bool = False  # monthly VAT returns (an option) instead of the simplified regime
    tax_rate: float = 0.0
    plan_start: dt.date | None = None  # an existing activity's plan: its first month

    @property
    def first_month(self) -> dt.date:
        """The plan's first month: the start's, or the one typed for an existing activity."""
        return (self.plan_start or self.start_date).replace(day=1)


@dataclass(frozen=True)
class Offer:
    """A product or service sold: price, cost, quantities of year 1, growth, payment delay."""
    name: str
    kind: str  # "vente" or "service"
    unit_price: float
    unit_cost: float
    quantities: tuple[float, ...]  # year 1, month by month
    growth_y2: float = 0.0
    growth_y3: float = 0.0
    payment_days: float = 0.0
    seasonality_sum: float = 12.0  # sum of the coefficients given, 12 when quantities are typed
    vat_rate: float = VAT_RATES[0]  # charged once the VAT franchise is lost
    volume_unit: str = "mois"  # the quantities as typed: per month, week or worked day
    days_per_week: float = volumes.DAYS_PER_WEEK  # worked, for quantities per day

    @property
    def as_typed(self) -> tuple[float, ...]:
        """The monthly quantities as the person typed them (per week, per day…)."""
        per = volumes.per_month(self.volume_unit, self.days_per_week)
        return tuple(q / per for q in self.quantities)


@dataclass(frozen=True)
class Charge:
    """A fixed charge paid every month from `first_month`, indexed yearly."""
    label: str
    category: str
    monthly_amount: float
    first_month: int = 1
    indexation: float = 0.0
    vat_rate: float = 0.0  # the VAT inside the amount, recovered once the franchise is lost


@dataclass(frozen=True)
class Operations:
    """How the activity runs: subcontracting, stock, supplier delay, the owner's drawings."""
    subcontracting_rate: float = 0.0
    initial_stock: float = 0.0
    stock_days: float = 0.0
    supplier_days: float = 0.0
    drawings_monthly: float = 0.0
    drawings_first_month: int = 1


@dataclass(frozen=True)
class Investment:
    """An investment bought in `month`, depreciated over `years`."""
    label: str
    amount: float  # TTC: under VAT franchise VAT is not recovered
    month: int = 1
    years: int = 3  # 0: expensed at once (frais d'établissement)
    vat_rate: float = VAT_RATES[0]  # the VAT inside the amount, recovered once the franchise is lost


@dataclass(frozen=True)
class Loan:
    """A loan released in `month`: constant instalments after an interest-only deferral."""
    label: str
    amount: float
    rate: float = 0.0  # yearly
    months: int = 60  # whole duration, deferral included
    deferral: int = 0  # months of interest only
    month: int = 1
    kind: str = "banque"


@dataclass(frozen=True)
class Grant:
    """A grant received in `month`."""
    label: str
    amount: float
    month: int = 1


@dataclass(frozen=True)
class Financing:
    """The plan's funding: apport, loans, grants, ARCE; the terms of a loan the solver proposes."""
    apport: float = 0.0
    loans: tuple[Loan, ...] = ()
    grants: tuple[Grant, ...] = ()
    arce: float = 0.0  # total, paid in two equal instalments, the second six months later
    new_loan_rate: float = 0.05  # terms of the loan the solver proposes when none is typed
    new_loan_months: int = 60


ARE, ARCE = "are", "arce"  # the founder's unemployment option: ARE kept, or ARCE taken
UNEMPLOYMENT_CHOICES = dict(zip((ARE, ARCE), spec.FOUNDER["choice"].choices))


@dataclass(frozen=True)
class Founder:
    """The « Porteur de projet » sheet: who runs the project and what the household lives on.
    Amounts in euros, monthly ones a month."""
    experience: str = ""
    training: str = ""
    motivation: str = ""
    situation: str = ""  # situation familiale, in words
    monthly_needs: float = 0.0  # what the household needs to live, income tax aside
    other_income: float = 0.0  # the household's other net income, before income tax
    couple: bool = False  # taxed jointly (married or PACS)
    parts: float = 1.0  # parts de quotient familial
    rfr_two_years_before: float = 0.0  # revenu fiscal de référence of N-2; 0: not given
    are_daily: float = 0.0  # allocation journalière brute
    are_days: float = 0.0  # days of rights left at the start
    reference_daily_wage: float = 0.0  # SJR; 0: not given
    choice: str = ""  # ARE, ARCE, or "" without rights
    spontaneous_instalments: bool = False  # income tax instalments from the first year

    @property
    def has_rights(self) -> bool:
        return self.are_daily > 0 and self.are_days > 0

    @property
    def has_budget(self) -> bool:
        return self.monthly_needs > 0


@dataclass(frozen=True)
class Assumptions:
    """Everything a person types that the forecast reads, validated."""
    project: Project
    offers: tuple[Offer, ...]
    charges: tuple[Charge, ...] = ()
    operations: Operations = Operations()
    investments: tuple[Investment, ...] = ()
    financing: Financing = Financing()
    founder: Founder = Founder()


Path = tuple


@dataclass(frozen=True)
class Problem:
    """A wrong input: where it lives in the assumptions (`path`), its label, what is wrong."""
    path: Path
    label: str
    message: str

    def where(self) -> str:
        """The most specific named place of the path: « Emprunt n° 2 », « Projet »."""
        names = {"project": "Projet", "founder": "Porteur de projet", "offers": "Offre", "charges": "Charge",
                 "operations": "Exploitation", "investments": "Investissement",
                 "financing": "Financement", "loans": "Emprunt", "grants": "Subvention",
                 "benchmarks": "Repère"}
        place = ""
        for step in self.path:
            if isinstance(step, str) and step in names:
                place = names[step]
            elif isinstance(step, int) and place and "n°" not in place:
                place = f"{place} n° {step + 1}"
        return place

    def __str__(self) -> str:
        return f"{self.where()} — {self.label} : {self.message}"


class InvalidAssumptions(PlanaeError, ValueError):
    """Every problem of the inputs at once, each naming its field (and its cell, once the
    workbook's locator has placed it)."""
    exit_code = 3

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def describe(self, most: int | None = None) -> str:
        """« Hypothèses à corriger : » and one problem per line; `most=1` gives the first on
        one line, for a formula's cell."""
        shown = self.problems[:most]
        rest = len(self.problems) - len(shown)
        others = f"{rest} autre{'s' if rest > 1 else ''} problème{'s' if rest > 1 else ''}"
        if most == 1:
            more = f" (et {others})" if rest else ""
            return f"Hypothèses à corriger : {shown[0] if shown else ''}{more}"
        lines = [f"  • {p}" for p in shown] + ([f"  … et {others}."] if rest else [])
        return "\n".join(["Hypothèses à corriger :", *lines])


class FieldReader:
    """Reads fields of a plain dict, converting and bounding them, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.first_month: dt.date | None = None  # the plan's: a month typed as a date needs it

    def fail(self, path: Path, label: str, message: str) -> None:
        self.problems.append(Problem(path, label, message))

    def read(self, data: dict, path: Path, s: Spec, default: Any = None) -> Any:
        """The value of the input `s` in `data` (the dict holding it), read as its kind says
        and checked against its bounds or choices; `default` replaces the spec's own."""
        default = s.default if default is None else default
        if s.kind == spec.TEXT:
            return self.text(data, path, s.label, required=s.required)
        if s.kind == spec.FLAG:
            return self.flag(data, path, s.label)
        if s.kind == spec.CHOICE:
            return self.choice(data, path, s.label, s.choices, default)
        if s.kind == spec.DATE:
            return self.date(data, path, s.label, earliest=s.lo, required=s.required)
        if s.kind == spec.MONTH and self.first_month is not None:
            day = _month_date(data.get(path[-1]))
            if day is not None:
                return self.month_of(path, s, day)
        if s.choices:
            return self.rate(data, path, s, default)
        return self.number(data, path, s.label, lo=s.lo, hi=s.hi,
                           default=None if s.required else default, integer=s.integer,
                           unit=s.message_unit)

    def number(self, data: dict, path: Path, label: str, lo: float | None = 0.0,
               hi: float | None = None, default: float | None = 0.0, integer: bool = False,
               unit: str = "") -> float:
        raw = data.get(path[-1])
        if raw is None or raw == "":
            if default is None:
                self.fail(path, label, "valeur obligatoire manquante.")
                return 0.0
            return int(default) if integer else float(default)
        try:
            value = parse_number(raw) if isinstance(raw, str) else float(raw)
        except (TypeError, ValueError):
            self.fail(path, label, f"« {typed(raw)} » n'est pas un nombre.")
            return default or 0.0
        if isinstance(raw, bool):
            self.fail(path, label, f"« {typed(raw)} » n'est pas un nombre.")
            return default or 0.0
        if not math.isfinite(value):
            self.fail(path, label, "valeur non finie : saisissez un nombre.")
            return default or 0.0
        # the message is written only when a check fails (validation runs on every compute)
        if lo is not None and value < lo:
            self.fail(path, label, f"doit être au moins {quantity(lo, unit)} "
                                   f"(saisi : {quantity(value, unit)}).")
        elif hi is not None and value > hi:
            self.fail(path, label, f"doit être au plus {quantity(hi, unit)} "
                                   f"(saisi : {quantity(value, unit)}).")
        elif integer and value != int(value):
            self.fail(path, label, f"doit être un nombre entier (saisi : {quantity(value, unit)}).")
        return int(value) if integer else value

    def rate(self, data: dict, path: Path, s: Spec, default: float) -> float:
        """A rate of the spec's list (the law's VAT rates), typed as 0.2, 20 % or « 5,5 % »."""
        before = len(self.problems)
        rate = self.number(data, path, s.label, lo=s.lo, hi=None, default=default, unit="%")
        if len(self.problems) == before and not any(
                math.isclose(rate, allowed) for allowed in s.choices):
            shown = ", ".join(quantity(v, "%") for v in s.choices)
            self.fail(path, s.label, f"{quantity(rate, '%')} n'est pas un taux de TVA français "
                                     f"({shown}).")
        return rate

    def text(self, data: dict, path: Path, label: str, required: bool = True) -> str:
        value = str(data.get(path[-1]) or "").strip()
        if required and not value:
            self.fail(path, label, "valeur obligatoire manquante.")
        return value

    def choice(self, data: dict, path: Path, label: str, options: tuple[str, ...],
               default: str | None) -> str | None:
        """One of `options` (whatever its case), or `default` when empty."""
        raw = data.get(path[-1])
        if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
            return default
        allowed = {o.casefold(): o for o in options}
        value = allowed.get(str(raw).strip().casefold())
        if value is None:
            self.fail(path, label, f"« {typed(raw)} » n'est pas une valeur permise "
                                   f"({either(options)}).")
            return default
        return value

    def flag(self, data: dict, path: Path, label: str) -> bool:
        raw = data.get(path[-1])
        if raw in (None, ""):
            return False
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in ("oui", "o", "vrai", "true", "1", "yes"):
            return True
        if text in ("non", "n", "faux", "false", "0", "no"):
            return False
        self.fail(path, label, f"« {typed(raw)} » : répondez oui ou non.")
        return False

    def date(self, data: dict, path: Path, label: str,
             earliest: dt.date | None = FIRST_COVERED_DATE, required: bool = True):
        """A date; `None` when empty and not required; none before `earliest`."""
        raw = data.get(path[-1])
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.fail(path, label, "valeur obligatoire manquante.")
                return FIRST_COVERED_DATE
            return None
        if isinstance(raw, dt.datetime):
            value = raw.date()
        elif isinstance(raw, dt.date):
            value = raw
        else:
            try:
                value = _parse_date(str(raw or "").strip())
            except ValueError:
                self.fail(path, label, f"« {typed(raw)} » n'est pas une date (jj/mm/aaaa).")
                return FIRST_COVERED_DATE
        if earliest is not None and value < earliest:
            self.fail(path, label, f"planae couvre les prévisionnels débutant à partir du "
                                   f"{date(earliest)} (saisi : {date(value)}).")
        return value

    def month_of(self, path: Path, s: Spec, day: dt.date) -> int:
        """The plan's month number (1 = its first month) of a month typed as a date."""
        first = self.first_month
        number = (day.year - first.year) * 12 + day.month - first.month + 1
        if not s.lo <= number <= s.hi:
            last = month_starts(first, s.hi)[-1]
            self.fail(path, s.label, f"{month_label(day)} est hors du plan, qui va de "
                                     f"{month_label(first)} à {month_label(last)}.")
            return s.default
        return number

    def rows(self, data: dict, key: str, parse: Callable[[dict, Path], Any],
             path: Path = ()) -> tuple:
        return tuple(parse(row, path + (key, i)) for i, row in enumerate(data.get(key) or ()))


_SEPARATORS = str.maketrans("", "", " \u00a0\u202f'\u2019")  # thousands: 1 800, 1'800, 1’800


def parse_number(text: str) -> float:
    """A number as a person types it in French: « 1 800 € » (any space, U+00A0, U+202F or an
    apostrophe between thousands), « 12,5 % » (a fraction: 0.125), « −5 »."""
    text = text.strip()
    value = float(text.rstrip("%€ \u00a0\u202f").translate(_SEPARATORS).replace(",", ".")
                  .replace("\u2212", "-"))
    return value / 100 if text.endswith("%") else value


def either(options) -> str:
    """« a ou b », « a, b ou c »: the values a choice allows."""
    *first, last = options
    return f"{', '.join(first)} ou {last}" if first else last


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel's serial numbers of 2000 to 2099: a month cell holding one was typed as a date (a month
# number is at most 36).
DATE_SERIALS = range((dt.date(2000, 1, 1) - EXCEL_EPOCH).days,
                     (dt.date(2100, 1, 1) - EXCEL_EPOCH).days)


def _month_date(raw) -> dt.date | None:
    """A month typed as a date — a date cell, Excel's serial number of a date, « 03/2026 »,
    « 01/03/2026 », « 2026-03 » — or None for a month number."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw == int(raw) \
            and int(raw) in DATE_SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    if isinstance(raw, str):
        for fmt in ("%m/%Y", "%Y-%m"):
            try:
                return dt.datetime.strptime(raw.strip(), fmt).date()
            except ValueError:
                pass
        try:
            return _parse_date(raw.strip())
        except ValueError:
            return None
    return None


def _values(r: FieldReader, d: dict, p: Path, specs: dict[str, Spec], *keys: str) -> dict:
    """The named inputs of one block or row, by key."""
    return {k: r.read(d, p + specs[k].path[-1:], specs[k]) for k in keys}


def _project(r: FieldReader, d: dict) -> Project:
    p = ("project",)
    s = spec.PROJECT
    try:
        activity = parse_activity(d.get("activity"))
    except ValueError as e:
        r.fail(p + ("activity",), s["activity"].label, str(e))
        activity = Activity.SERVICES_BIC
    values = _values(r, d, p, s, "name", "start_date", "acre", "versement_liberatoire",
                     "declaration", "cfe", "cfe_artisan_exempt", "opening_cash",
                     "minimum_cash", "vat_monthly", "tax_rate")
    vat_on_top = not r.read(d, p + ("vat_prices_kept",), s["vat_prices_kept"])
    return Project(activity=activity, vat_on_top=vat_on_top,
                   plan_start=_plan_start(r, d, p, values["start_date"]), **values)


def _plan_start(r: FieldReader, d: dict, p: Path, start: dt.date) -> dt.date | None:
    """An existing activity's plan starts on a later month, from the first the rules cover; a
    start before them needs one."""
    label = spec.PROJECT["plan_start"].label
    first = r.read(d, p + ("plan_start",), spec.PROJECT["plan_start"])
    if first is None and start < FIRST_COVERED_DATE:
        r.fail(p + ("plan_start",), label,
               f"obligatoire pour une activité commencée avant le "
               f"{date(FIRST_COVERED_DATE)} : le premier mois du prévisionnel.")
    elif first is not None and first.replace(day=1) < start.replace(day=1):
        r.fail(p + ("plan_start",), label, f"doit suivre le début d'activité "
                                           f"({date(start)}).")
    return first


def _offer(r: FieldReader, d: dict, p: Path) -> Offer:
    s = spec.OFFER
    r.read(d, p + ("months_mode",), s["months_mode"])  # the workbook's; checked, not kept
    quantities = d.get("quantities")
    seasonality = d.get("seasonality")
    total = 12.0
    if quantities not in (None, [], ()):
        if len(quantities) != 12:
            r.fail(p + ("quantities",), "Quantités mensuelles",
                   f"il faut 12 valeurs, une par mois (reçu : {len(quantities)}).")
        q = _months(r, quantities, p, spec.QUANTITY)
    else:
        volume = r.read(d, p + ("annual_volume",), s["annual_volume"])
        coefs = list(seasonality) if seasonality not in (None, [], ()) else [1.0] * 12
        if len(coefs) != 12:
            r.fail(p + ("seasonality",), "Saisonnalité",
                   f"il faut 12 coefficients, un par mois (reçu : {len(coefs)}).")
            coefs = [1.0] * 12
        coefs = _months(r, coefs, p, spec.COEFFICIENT)
        total = sum(coefs)
        q = tuple(volume * c / 12 for c in coefs)
    unit = _values(r, d, p, s, "volume_unit", "days_per_week")
    if unit["volume_unit"] != "mois":
        if quantities in (None, [], ()):
            r.fail(p + ("volume_unit",), s["volume_unit"].label,
                   f"« {unit['volume_unit']} » vaut pour des quantités saisies mois par mois ; "
                   "avec des coefficients, le volume est annuel : choisissez « mois ».")
        per = volumes.per_month(unit["volume_unit"], unit["days_per_week"])
        q = tuple(x * per for x in q)
    return Offer(quantities=q, seasonality_sum=total, **unit, **_values(
        r, d, p, s, "name", "kind", "unit_price", "unit_cost", "growth_y2", "growth_y3",
        "payment_days", "vat_rate"))


def _months(r: FieldReader, values, p: Path, s: Spec) -> tuple[float, ...]:
    """The 12 months of an offer (quantities or coefficients); a plain number within the
    bounds is taken as it is, anything else read and checked (its label written then)."""
    return tuple(float(v) if type(v) in (int, float) and s.lo <= v <= s.hi else
                 r.number({i: v}, p + (s.key, i), f"{s.label} {i + 1}", lo=s.lo, hi=s.hi,
                          default=s.default)
                 for i, v in enumerate(values))


def _charge(r: FieldReader, d: dict, p: Path) -> Charge:
    s = spec.CHARGE
    category = r.read(d, p + ("category",), s["category"])
    return Charge(category=category, **_values(
        r, d, p, s, "label", "monthly_amount", "first_month", "indexation"),
        vat_rate=r.read(d, p + ("vat_rate",), s["vat_rate"], CHARGE_VAT_RATES[category]))


def _operations(r: FieldReader, d: dict) -> Operations:
    return Operations(**_values(r, d, ("operations",), spec.OPERATIONS, *spec.OPERATIONS))


def _investment(r: FieldReader, d: dict, p: Path) -> Investment:
    return Investment(**_values(r, d, p, spec.INVESTMENT, *spec.INVESTMENT))


def _loan(r: FieldReader, d: dict, p: Path) -> Loan:
    s = spec.LOAN
    values = _values(r, d, p, s, "label", "kind", "amount", "rate", "months", "month")
    deferral = s["deferral"]
    values["deferral"] = r.number(d, p + ("deferral",), deferral.label,
                                  hi=max(values["months"] - 1, 0), integer=True,
                                  unit=deferral.message_unit)
    return Loan(**values)


def _grant(r: FieldReader, d: dict, p: Path) -> Grant:
    return Grant(**_values(r, d, p, spec.GRANT, *spec.GRANT))


def _financing(r: FieldReader, d: dict) -> Financing:
    p = ("financing",)
    return Financing(
        loans=r.rows(d, "loans", lambda row, path: _loan(r, row, path), p),
        grants=r.rows(d, "grants", lambda row, path: _grant(r, row, path), p),
        **_values(r, d, p, spec.FINANCING, *spec.FINANCING))


def _choice_of(r: FieldReader, d: dict, p: Path) -> str:
    """ARE or ARCE, by its code (« are ») or its label (« ARE maintenue »); "" when empty."""
    s = spec.FOUNDER["choice"]
    raw = str(d.get(p[-1]) or "").strip().casefold()
    by_text = {k: k for k in UNEMPLOYMENT_CHOICES} | {
        label.casefold(): k for k, label in UNEMPLOYMENT_CHOICES.items()}
    if raw and raw not in by_text:
        r.fail(p, s.label, f"« {typed(d.get(p[-1]))} » n'est pas une valeur permise "
                           f"({either(s.choices)}).")
    return by_text.get(raw, "")


def _founder(r: FieldReader, d: dict) -> Founder:
    p = ("founder",)
    s = spec.FOUNDER
    founder = Founder(choice=_choice_of(r, d, p + ("choice",)),
                      **_values(r, d, p, s, *(k for k in s if k != "choice")))
    if founder.couple and founder.parts < 2:
        r.fail(p + ("parts",), s["parts"].label,
               f"un couple imposé en commun a au moins 2 parts (saisi : {founder.parts:g}).")
    if founder.has_rights and not founder.choice:
        r.fail(p + ("choice",), s["choice"].label,
               "choisissez « ARE maintenue » ou « ARCE » : vos droits sont saisis.")
    if founder.choice and not founder.has_rights:
        r.fail(p + ("are_daily",), s["are_daily"].label,
               "saisissez l'allocation journalière et les jours restants de vos droits.")
    return founder


def _unemployment_period(r: FieldReader, a: Assumptions) -> None:
    """ARE and ARCE are computed under the rules in force since they were first dated: an
    activity starting earlier falls under older rules, not modelled (a date before planae's
    first covered date is its own problem)."""
    from .unemployment import unemployment_rules
    if not a.founder.has_rights or any(p.path[0] == "project" and p.path[-1] in (
            "start_date", "plan_start") for p in r.problems):
        return  # no rights, or no start date to judge them by
    first = unemployment_rules().param("are.jours_par_mois").values[0].start
    if a.project.plan_start:
        r.fail(("founder", "are_daily"), spec.FOUNDER["are_daily"].label,
               f"l'ARE maintenue et l'ARCE se calculent depuis la création ; l'activité existe "
               f"depuis le {date(a.project.start_date)} : laissez vos droits vides et "
               f"comptez l'ARE encore perçue dans les autres revenus du foyer.")
    elif FIRST_COVERED_DATE <= a.project.start_date < first:
        r.fail(("founder", "are_daily"), spec.FOUNDER["are_daily"].label,
               f"planae calcule l'ARE et l'ARCE selon les règles en vigueur depuis le "
               f"{date(first)} ; l'activité débute le {date(a.project.start_date)} : "
               f"laissez vos droits vides et saisissez l'ARCE sur la feuille Financement.")


def parse_assumptions(data: dict) -> Assumptions:
    """Assumptions from a plain dict; raises InvalidAssumptions listing every problem."""
    r = FieldReader()
    project = _project(r, data.get("project") or {})
    r.first_month = project.first_month
    offers = r.rows(data, "offers", lambda row, path: _offer(r, row, path))
    if not offers:
        r.fail(("offers", "name"), "Offres", "saisissez au moins une offre (produit ou service).")
    result = Assumptions(
        project=project,
        offers=offers,
        charges=r.rows(data, "charges", lambda row, path: _charge(r, row, path)),
        operations=_operations(r, data.get("operations") or {}),
        investments=r.rows(data, "investments", lambda row, path: _investment(r, row, path)),
        financing=_financing(r, data.get("financing") or {}),
        founder=_founder(r, data.get("founder") or {}),
    )
    _unemployment_period(r, result)
    if r.problems:
        raise InvalidAssumptions(r.problems)
    return result
