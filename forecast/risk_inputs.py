"""The person's risk settings: the shocks of the pessimistic and optimistic scenarios, the
ranges of uncertainty of the Monte Carlo simulation, the number of draws and the seed.

Every setting has a default stated here once (the workbook shows it, the validation falls back
to it when a cell is empty). `parse_risk` takes the plain dict under the input dict's "risk"
key and returns `RiskInputs` or raises `InvalidAssumptions` with paths such as
("risk", "pessimistic", "volumes"), which the workbook turns into cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import fields
from .assumptions import FieldReader, InvalidAssumptions
from .fields import Spec
from .french import NNBSP, number
from .timeline import HORIZON

PERCENT, DAYS, MONTHS = "%", "jours", "mois"
RISK_LEVEL = 0.05  # the simulation's cushion brings the chance of a deficit under this


@dataclass(frozen=True)
class Driver:
    """What a scenario shocks and a simulation draws: the plan's own figures moved."""
    key: str
    code: str  # its key in the tables and the JSON
    label: str
    unit: str  # "%": a relative change; "jours": days added; "mois": whole months
    lo: float  # bounds of a shock
    hi: float
    help: str


DRIVERS: tuple[Driver, ...] = (
    Driver("volumes", "volumes", "Volumes vendus", PERCENT, -1, 5,
           "Quantités vendues de chaque offre, chaque mois : −20 % = un cinquième de moins."),
    Driver("prices", "prix", "Prix de vente", PERCENT, -1, 5,
           "Prix HT de chaque offre (les coûts unitaires ne changent pas)."),
    Driver("payment_days", "delai_clients", "Délai de paiement des clients", DAYS, -180, 180,
           "Jours ajoutés au délai de chaque offre (un délai ne descend pas sous 0)."),
    Driver("charges", "charges", "Charges fixes", PERCENT, -1, 5,
           "Montant de chaque charge fixe (loyer, assurances…)."),
    Driver("start_delay", "retard_demarrage", "Retard de démarrage", MONTHS, 0, HORIZON - 1,
           "Mois sans vente au début ; les charges, prélèvements et emprunts courent."),
)
CONTINUOUS = DRIVERS[:4]  # drawn from a range; the start delay is drawn apart


@dataclass(frozen=True)
class Shock:
    """A scenario: each driver moved from the plan as typed. In a simulation each field may be
    an array of one value per draw, shape (n_draws, 1)."""
    volumes: float = 0.0
    prices: float = 0.0
    payment_days: float = 0.0
    charges: float = 0.0
    start_delay: int = 0


@dataclass(frozen=True)
class Range:
    """A driver's range of uncertainty around the plan: the value drawn lies between `low`
    and `high`, the plan as typed (0) being the most likely (a triangular law)."""
    low: float
    high: float


@dataclass(frozen=True)
class Uncertainty:
    """The simulation's ranges of the drivers, its late start and the volumes' monthly noise."""
    volumes: Range = Range(-0.25, 0.10)
    prices: Range = Range(-0.10, 0.05)
    payment_days: Range = Range(0.0, 30.0)
    charges: Range = Range(-0.05, 0.15)
    delay_probability: float = 0.20  # chance that the activity starts late
    delay_months: int = 3  # then late by 1 to this many months, each as likely
    noise: float = 0.15  # month-to-month spread of the volumes (standard deviation)

    def range(self, key: str) -> Range:
        return getattr(self, key)


NONE = Uncertainty(*(Range(0.0, 0.0) for _ in CONTINUOUS), 0.0, 0, 0.0)  # the plan as typed

PESSIMISTIC = Shock(volumes=-0.20, prices=-0.05, payment_days=30, charges=0.10, start_delay=2)
OPTIMISTIC = Shock(volumes=0.10, prices=0.05, payment_days=0, charges=-0.05, start_delay=0)
DRAWS, MIN_DRAWS, MAX_DRAWS = 10_000, 100, 100_000
SEED, MAX_SEED = 2024, 2 ** 31 - 1
NOISE_MAX = 1.0


@dataclass(frozen=True)
class RiskInputs:
    """The risk settings: the scenarios' shocks, the simulation's uncertainty, draws and seed."""
    pessimistic: Shock = PESSIMISTIC
    optimistic: Shock = OPTIMISTIC
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    draws: int = DRAWS
    seed: int = SEED


def _setting(path: tuple, label: str, unit: str, lo: float, hi: float, default: float,
            help: str) -> Spec:
    """One risk setting as an input spec: a relative change in %, days, or a whole number
    (months, draws, the seed)."""
    kind = {PERCENT: fields.PERCENT, DAYS: fields.NUMBER}.get(unit, fields.INTEGER)
    return Spec(path, label, kind, unit=unit, lo=lo, hi=hi, default=default, help=help)


CASES = (("pessimistic", "Pessimiste", PESSIMISTIC), ("optimistic", "Optimiste", OPTIMISTIC))
SIDES = (("low", "bas"), ("high", "haut"))


def _shock_settings() -> list[Spec]:
    return [_setting(("risk", case, d.key), f"{label} — {d.label}", d.unit, d.lo, d.hi,
                    getattr(shock, d.key), d.help)
            for case, label, shock in CASES for d in DRIVERS]


def _number(value: float, unit: str, sign: str = "") -> str:
    """A default as the sheet states it: « −25 », « +30 », « 10 000 »."""
    shown = number(value * 100 if unit == PERCENT else value, 2, trim=True)
    return f"{sign}{shown}" if value > 0 else shown


def _stated(value: float, unit: str) -> str:
    return f"Par défaut : {_number(value, unit)}{NNBSP + unit if unit else ''}."


def _range_settings() -> list[Spec]:
    default = Uncertainty()
    out = []
    for d in CONTINUOUS:
        r = default.range(d.key)
        bounds = {"low": (d.lo, 0.0), "high": (0.0, d.hi)}
        stated = (f"Par défaut : de {_number(r.low, d.unit, '+')}"
                  f"{NNBSP + '%' if d.unit == PERCENT else ''} à {_number(r.high, d.unit, '+')}"
                  f"{NNBSP}{d.unit}.")
        out += [_setting(("risk", "uncertainty", d.key, side), f"Incertitude — {d.label} ({name})",
                        d.unit, *bounds[side], getattr(r, side), f"{d.help} {stated}")
                for side, name in SIDES]
    return out


def _other_settings() -> list[Spec]:
    u = Uncertainty()
    return [
        _setting(("risk", "uncertainty", "delay_probability"), "Probabilité d'un démarrage "
                "retardé", PERCENT, 0, 1, u.delay_probability,
                f"Chance que l'activité démarre en retard. {_stated(u.delay_probability, PERCENT)}"),
        _setting(("risk", "uncertainty", "delay_months"), "Retard de démarrage au plus", MONTHS,
                0, HORIZON - 1, u.delay_months,
                "Le retard tiré va de 1 mois à ce nombre, chaque durée aussi probable. "
                + _stated(u.delay_months, MONTHS)),
        _setting(("risk", "uncertainty", "noise"), "Aléa des volumes d'un mois sur l'autre",
                PERCENT, 0, NOISE_MAX, u.noise,
                "Écart type des volumes d'un mois à l'autre, le même pour toutes les offres. "
                + _stated(u.noise, PERCENT)),
        _setting(("risk", "draws"), "Nombre de tirages", "", MIN_DRAWS, MAX_DRAWS, DRAWS,
                "Plans recalculés par la simulation. " + _stated(DRAWS, "")),
        _setting(("risk", "seed"), "Graine du hasard", "", 0, MAX_SEED, SEED,
                "Même graine, mêmes résultats ; changez-la pour voir la part du hasard. "
                + f"Par défaut : {SEED}."),
    ]


SHOCK_SETTINGS = tuple(_shock_settings())
RANGE_SETTINGS = tuple(_range_settings())
OTHER_SETTINGS = tuple(_other_settings())
SETTINGS = SHOCK_SETTINGS + RANGE_SETTINGS + OTHER_SETTINGS


def _node(data: dict, path: tuple) -> dict:
    """The dict holding the value of `path` (below "risk")."""
    for step in path[1:-1]:
        data = data.get(step) or {}
    return data


def parse_risk(data: dict | None) -> RiskInputs:
    """The risk settings from their plain dict (an empty value takes its default)."""
    data = data or {}
    r = FieldReader()
    v = {s.path[1:]: r.read(_node(data, s.path), s.path, s) for s in SETTINGS}
    if r.problems:
        raise InvalidAssumptions(r.problems)
    shocks = {case: Shock(**{d.key: v[(case, d.key)] for d in DRIVERS}) for case, _, _ in CASES}
    ranges = {d.key: Range(v[("uncertainty", d.key, "low")], v[("uncertainty", d.key, "high")])
              for d in CONTINUOUS}
    uncertainty = Uncertainty(**ranges, **{key: v[("uncertainty", key)] for key in (
        "delay_probability", "delay_months", "noise")})
    return RiskInputs(shocks["pessimistic"], shocks["optimistic"], uncertainty,
                      v[("draws",)], v[("seed",)])
