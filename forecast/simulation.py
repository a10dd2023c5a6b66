"""Monte Carlo simulation of the cash plan: thousands of draws of the drivers, each computed by
the same engine and the same law as the plan (levies by declaration with their rounding, ACRE,
VAT franchise, CFE) up to its cash plan (`engine.cash_balance`), all draws at once on the
engine's draw axis.

What is drawn, per draw: one change of the volumes, of the prices, of the customers' payment
delay and of the fixed charges (each from a triangular law between the person's low and high,
the plan as typed being the most likely), a delayed start (with its probability, 1 to N months,
each as likely) and, each month, a noise on the volumes (log-normal, mean 1, standard deviation
as typed) common to every offer. Everything else is the plan as typed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np

from .assumptions import Assumptions, Loan, Offer
from .drivers import Drivers
from .engine import Forecast, cash_balance, compute
from .financing import cash_per_euro
from .risk_inputs import (CONTINUOUS, DRIVERS, RISK_LEVEL, RiskInputs, Range, Shock,
                          Uncertainty)
from .rules import Rules, load_rules
from .scenarios import shocked
from .timeline import HORIZON

CENT = 0.005  # below zero means below minus half a cent: float noise is not a deficit
SENSITIVITY_DRAWS = 500  # levels of each driver alone, for the tornado
CELLS_PER_CHUNK = 8_000_000  # draws × months × series held at once (~64 MB)
NOISE = "noise"
DRIVER_LABELS = {**{d.key: d.label for d in DRIVERS}, NOISE: "Aléa d'un mois sur l'autre"}


def triangular(u: np.ndarray, r: Range) -> np.ndarray:
    """The triangular law between r.low and r.high with its mode at 0, by its inverse
    distribution function on uniform numbers `u` (so that a range of zero width gives 0)."""
    a, b = r.low, r.high
    if b - a <= 0:
        return np.zeros_like(u)
    split = -a / (b - a)  # F(0)
    left = a + np.sqrt(u * (b - a) * -a)
    right = b - np.sqrt((1 - u) * (b - a) * b)
    return np.where(u < split, left, right)


def late_start(u: np.ndarray, x: Uncertainty) -> np.ndarray:
    """Months of delayed start by the inverse distribution function on uniform numbers `u`:
    none with probability 1 − p, else 1 to N months, each with probability p / N."""
    if x.delay_probability <= 0 or x.delay_months <= 0:
        return np.zeros(np.shape(u), dtype=int)
    on_time = 1 - x.delay_probability
    months = 1 + np.floor((u - on_time) / x.delay_probability * x.delay_months)
    return np.where(u < on_time, 0, np.minimum(months, x.delay_months)).astype(int)


def shock_at(x: Uncertainty, u: dict[str, np.ndarray]) -> Shock:
    """The drivers' values at the uniform numbers `u` (by driver key): each driver through the
    inverse of its distribution function."""
    values = {d.key: triangular(u[d.key], x.range(d.key)) for d in CONTINUOUS}
    return Shock(**values, start_delay=late_start(u["start_delay"], x))


@dataclass(frozen=True, eq=False)
class Draws:
    """The drivers' values of every draw: the shocks (n, 1) and the monthly noise (n, months)."""
    shock: Shock
    noise: np.ndarray

    @property
    def n(self) -> int:
        return len(self.noise)

    def rows(self, which) -> "Draws":
        return Draws(Shock(**{f.name: getattr(self.shock, f.name)[which]
                              for f in fields(Shock)}), self.noise[which])

    @staticmethod
    def concat(parts: list["Draws"]) -> "Draws":
        return Draws(Shock(**{f.name: np.concatenate([getattr(p.shock, f.name) for p in parts])
                              for f in fields(Shock)}),
                     np.concatenate([p.noise for p in parts]))


def draw(x: Uncertainty, n: int, seed: int, months: int = HORIZON) -> Draws:
    """`n` draws of the drivers. Each driver has its own stream of the seed, so a driver's
    draws do not depend on the others' settings."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    uniforms = {d.key: rng.random((n, 1)) for d, rng in zip(DRIVERS, streams)}
    spread = math.sqrt(math.log1p(x.noise ** 2))  # log-normal with mean 1, deviation x.noise
    noise = np.exp(spread * streams[5].standard_normal((n, months)) - spread ** 2 / 2)
    return Draws(shock_at(x, uniforms), noise)


def alone(x: Uncertainty, key: str, noise: np.ndarray) -> Draws:
    """One driver alone, every other as typed: a driver of one value per draw at evenly
    spread levels of its distribution (the i-th of n at (i + ½) / n), the monthly noise as
    drawn (`noise`, n rows)."""
    n = len(noise)
    plain = {f.name: np.zeros((n, 1), dtype=int if f.name == "start_delay" else float)
             for f in fields(Shock)}
    if key == NOISE:
        return Draws(Shock(**plain), noise)
    levels = (np.arange(n)[:, None] + 0.5) / n
    plain[key] = getattr(shock_at(x, {d.key: levels for d in DRIVERS}), key)
    return Draws(Shock(**plain), np.ones_like(noise))


def pooled(a: Assumptions) -> tuple[Assumptions, Drivers]:
    """The plan with its offers pooled, and its drivers: for each (kind, VAT rate, payment
    delay), one offer selling Σ qᵢ·pᵢ a month at 1 €; for each (kind, VAT rate), one offer
    buying Σ qᵢ·cᵢ a month at a unit cost of 1 € and selling at 0 €.

    The same cash for every draw, to float rounding (a levy rounded to the euro by URSSAF may
    then round the other way when it falls on half a euro): each shock is common to all offers (the
    volume factor, the monthly noise and the delayed start act on every offer's quantities, the
    price factor on every price, the delay shift on every delay), and the engine uses an offer
    linearly once its kind, rate and delay are known — sold q × p (the franchise's share of
    operations liable is common to all offers), cashed in and its VAT collected at its delay,
    bought q × c with the VAT inside at its rate. The costs ride on offers of their own so that
    a delayed start slides them with the volumes. The cost of a draw no longer grows with the
    number of offers; the plan's own tables keep theirs."""
    d = Drivers.of(a)
    sold: dict[tuple, np.ndarray] = {}
    bought: dict[tuple, np.ndarray] = {}
    for o, q in zip(a.offers, d.quantities):
        key = (o.kind, o.vat_rate, o.payment_days)
        sold[key] = sold.get(key, 0.0) + q * o.unit_price
        bought[key[:2]] = bought.get(key[:2], 0.0) + q * o.unit_cost
    offers = ([Offer("", kind, 1.0, 0.0, (), payment_days=days, vat_rate=rate)
               for kind, rate, days in sold]
              + [Offer("", kind, 0.0, 1.0, (), vat_rate=rate) for kind, rate in bought])
    a = replace(a, offers=tuple(offers))
    return a, replace(Drivers.of(a), quantities=(*sold.values(), *bought.values()))


def cash_paths(a: Assumptions, draws: Draws, rules: Rules | None = None) -> np.ndarray:
    """Cash at each month's end of every draw, (n, months): the engine's cash plan on the draw
    axis (`cash_balance`) of the plan with its offers pooled (`pooled`), in chunks of draws so
    that a plan with many charges stays within memory."""
    rules = rules or load_rules()
    a, base = pooled(a)
    series = 64 + 4 * len(a.offers) + len(a.charges)
    chunk = max(100, CELLS_PER_CHUNK // (series * HORIZON))
    out = np.empty((draws.n, HORIZON))
    for start in range(0, draws.n, chunk):
        part = draws.rows(slice(start, start + chunk))
        out[start:start + chunk] = cash_balance(a, rules, shocked(base, part.shock, part.noise))
    return out


def cushion(paths: np.ndarray, per_euro: np.ndarray) -> float | None:
    """The smallest amount, to the euro above, that leaves fewer than RISK_LEVEL of the draws
    with cash below zero in some month, when each euro of it adds `per_euro[m]` euros of cash
    at month m (ones for an apport in the first month; a loan's cash in less its repayments).
    None when no amount is enough."""
    deficit = np.where(paths < -CENT, -paths, 0.0)
    short = deficit > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.where(short, deficit / per_euro, 0.0)
    need = np.where(short & (per_euro <= 0), np.inf, need).max(axis=1)
    worst = np.sort(need)[::-1]
    amount = float(worst[math.ceil(RISK_LEVEL * len(worst)) - 1])
    if math.isinf(amount):
        return None
    return float(math.ceil(amount - 1e-9)) if amount > 0 else 0.0


@dataclass(frozen=True)
class Sensitivity:
    key: str
    label: str
    unfavourable: float  # 10th percentile of the lowest cash, minus the plan's lowest cash
    favourable: float  # 90th percentile, the same

    @property
    def span(self) -> float:
        return self.favourable - self.unfavourable


@dataclass(frozen=True, eq=False)
class Simulation:
    draws: int
    seed: int
    plan_cash: np.ndarray  # the plan as typed, (months,)
    minimum_cash: float
    below_zero: np.ndarray  # by month: share of draws with cash < 0
    below_minimum: np.ndarray  # by month: share of draws with cash < the minimum typed
    percentiles: np.ndarray  # (3, months): 10th, 50th, 90th
    ever_below_zero: float
    ever_below_minimum: float
    lowest: np.ndarray  # 10th, 50th, 90th percentiles of each draw's lowest cash
    apport: float | None  # the cushion, as an apport in the first month
    loan: float | None  # the cushion, as a loan at the new loan's terms in the first month
    loan_terms: Loan
    sensitivities: tuple[Sensitivity, ...]  # largest effect first
    months: tuple


def sensitivities(a: Assumptions, x: Uncertainty, drawn: Draws, plan_lowest: float,
                  rules: Rules) -> tuple[Sensitivity, ...]:
    """The effect of each driver alone on the lowest cash, every other driver as typed: the
    10th and 90th percentiles of the lowest cash over SENSITIVITY_DRAWS levels of the driver,
    less the plan's lowest cash."""
    keys = [d.key for d in DRIVERS] + [NOISE]
    noise = drawn.noise[:SENSITIVITY_DRAWS]
    parts, rows, done = [], [], 0
    for k in keys:
        part, which = alone(x, k, noise), np.arange(len(noise))
        if k != NOISE:  # draws of one driver's equal values are equal: each computed once
            _, first, which = np.unique(getattr(part.shock, k)[:, 0], return_index=True,
                                        return_inverse=True)
            part = part.rows(first)
        parts.append(part)
        rows.append(done + which)
        done += part.n
    lowest = cash_paths(a, Draws.concat(parts), rules).min(axis=1)[np.stack(rows)]
    p10, p90 = np.percentile(lowest, [10, 90], axis=1) - plan_lowest
    out = [Sensitivity(k, DRIVER_LABELS[k], float(lo), float(hi))
           for k, lo, hi in zip(keys, p10, p90)]
    return tuple(sorted(out, key=lambda s: -s.span))


def simulate(a: Assumptions, risk: RiskInputs, rules: Rules | None = None,
             draws: int | None = None, seed: int | None = None,
             typed: Forecast | None = None) -> Simulation:
    """The simulation of `a` under `risk`'s uncertainty (`draws` and `seed` override the
    person's settings; `typed` is the plan's own forecast when the caller has it)."""
    rules = rules or load_rules()
    n, seed = draws or risk.draws, risk.seed if seed is None else seed
    drawn = draw(risk.uncertainty, n, seed)
    paths = cash_paths(a, drawn, rules)
    typed = typed or compute(a, rules)
    plan = typed.cash.balance
    minimum = a.project.minimum_cash
    lowest = paths.min(axis=1)
    fin = a.financing
    terms = Loan("Emprunt de précaution", 0.0, fin.new_loan_rate, fin.new_loan_months)
    return Simulation(
        draws=n, seed=seed, plan_cash=plan, minimum_cash=minimum,
        below_zero=(paths < -CENT).mean(axis=0),
        below_minimum=(paths < minimum - CENT).mean(axis=0),
        percentiles=np.percentile(paths, [10, 50, 90], axis=0),
        ever_below_zero=float((lowest < -CENT).mean()),
        ever_below_minimum=float((lowest < minimum - CENT).mean()),
        lowest=np.percentile(lowest, [10, 50, 90]),
        apport=cushion(paths, np.ones(HORIZON)),
        loan=cushion(paths, cash_per_euro(terms, HORIZON)),
        loan_terms=terms,
        sensitivities=sensitivities(a, risk.uncertainty, drawn, float(plan.min()), rules),
        months=typed.months)
