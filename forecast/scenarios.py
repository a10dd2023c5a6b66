"""Scenarios: the plan as typed beside a pessimistic and an optimistic case.

A scenario moves the plan's drivers (volumes, prices, customer payment delay, fixed charges, a
delayed start) and runs the same engine and the same law on them; the financing solver then
says what each case would need. `shocked` is also how the simulation moves its draws.
"""
from __future__ import annotations

from copy import copy
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache

import numpy as np

from .assumptions import Assumptions
from .drivers import Drivers
from .engine import Forecast, compute
from .financing import FinancingNeed, financing_need
from .french import month_label
from .risk_inputs import DAYS, DRIVERS, MONTHS, PERCENT, RiskInputs, Shock
from .rules import Rules, load_rules
from .statements import income_statement
from .tables import Line, Table, make_table


def shocked(d: Drivers, s: Shock, noise: np.ndarray | None = None) -> Drivers:
    """The drivers moved by `s` (each field a number, or one per draw of shape (n, 1)); `noise`
    (n, months), when given, multiplies each month's volumes after the delayed start."""
    volumes, prices, charges = (1 + np.asarray(x, dtype=float)
                                for x in (s.volumes, s.prices, s.charges))
    days = np.asarray(s.payment_days, dtype=float)
    moved = replace(
        d,
        quantities=tuple(q * volumes for q in d.quantities),
        prices=tuple(p * prices for p in d.prices),
        payment_days=tuple(np.maximum(p + days, 0.0) for p in d.payment_days),
        charges=tuple(c * charges for c in d.charges),
    ).delayed(s.start_delay)
    if noise is None:
        return moved
    return replace(moved, quantities=tuple(q * noise for q in moved.quantities))


@dataclass(frozen=True, eq=False)
class Scenario:
    """One case of the scenarios: its shock, forecast and financing need."""
    key: str
    label: str
    shock: Shock
    forecast: Forecast
    need: FinancingNeed


def draw_of(batch, single, i: int):
    """Draw `i` of a forecast run on the draw axis, as the single run of that draw: every
    array that has the draw axis (one more than in `single`, a forecast of the same plan)
    taken at `i`, the others as they are. Records are copied field by field (a draw of
    read-only arrays is read-only: nothing to redo on construction); what both runs share
    (the assumptions) is the draw as it is."""
    if batch is single:
        return batch
    if isinstance(single, np.ndarray):
        return batch[i] if batch.ndim == single.ndim + 1 else batch
    if isinstance(single, tuple):
        return tuple(draw_of(b, s, i) for b, s in zip(batch, single))
    names = _init_fields(type(single))
    if names is None:
        return batch
    out = copy(batch)
    for name in names:
        object.__setattr__(out, name, draw_of(getattr(batch, name), getattr(single, name), i))
    return out


@cache
def _init_fields(kind: type) -> tuple[str, ...] | None:
    """The fields a dataclass's constructor takes, None for any other type."""
    return tuple(f.name for f in fields(kind) if f.init) if is_dataclass(kind) else None


def scenarios(a: Assumptions, risk: RiskInputs, rules: Rules | None = None,
              typed: Forecast | None = None) -> tuple[Scenario, ...]:
    """The pessimistic, realistic (the plan as typed: `typed` when the caller has it) and
    optimistic cases; the two shocked ones in one engine run on the draw axis."""
    rules = rules or load_rules()
    typed = typed or compute(a, rules)
    base = Drivers.of(a)
    both = Drivers.stack([shocked(base, risk.pessimistic), shocked(base, risk.optimistic)])
    batch = compute(a, rules, both)
    cases = (("pessimiste", "Pessimiste", risk.pessimistic, draw_of(batch, typed, 0)),
             ("realiste", "Réaliste (plan saisi)", Shock(), typed),
             ("optimiste", "Optimiste", risk.optimistic, draw_of(batch, typed, 1)))
    return tuple(Scenario(key, label, shock, f, financing_need(a, rules, forecast=f))
                 for key, label, shock, f in cases)


SHOCK_STYLES = {PERCENT: "percent", DAYS: "days", MONTHS: "months"}
NEED_LABELS = {"aucun": "Aucun", "emprunt": "Emprunt bancaire",
               "apport": "Apport supplémentaire"}


def scenarios_table(cases: tuple[Scenario, ...]) -> Table:
    """The cases side by side: their shocks, then turnover, result, revenu disponible by plan
    year, the lowest cash and its month, and the financing the solver proposes."""
    lines = [Line("hypotheses", "Hypothèses (écart au plan saisi)", (), "section")]
    lines += [Line(d.code, d.label, tuple(getattr(c.shock, d.key) for c in cases),
                   SHOCK_STYLES[d.unit]) for d in DRIVERS]
    lines.append(Line("resultats", "Résultats", (), "section"))
    statements = [income_statement(c.forecast) for c in cases]
    for key, label, style in (("chiffre_affaires", "Chiffre d'affaires HT", ""),
                              ("resultat", "Résultat de l'exercice", ""),
                              ("revenu_disponible", "Revenu disponible de l'exploitant",
                               "total")):
        for y in range(len(statements[0].columns)):
            lines.append(Line(f"{key}_annee_{y + 1}", f"{label}, année {y + 1}",
                              tuple(s.value(key, y) for s in statements), style))
    balances = [c.forecast.cash.balance for c in cases]
    lowest = [int(np.argmin(b)) for b in balances]
    lines += [
        Line("tresorerie_min", "Trésorerie la plus basse",
             tuple(float(b[m]) for b, m in zip(balances, lowest)), "total"),
        Line("mois_tresorerie_min", "Mois de la trésorerie la plus basse",
             tuple(month_label(c.forecast.months[m]) for c, m in zip(cases, lowest)), "text"),
        Line("financement", "Financement proposé (solveur)",
             tuple(NEED_LABELS[c.need.kind] for c in cases), "text"),
        Line("montant_financement", "Montant du financement proposé",
             tuple(c.need.amount for c in cases), "total"),
    ]
    return make_table("scenarios", "Scénarios comparés", [c.label for c in cases], lines,
                      [c.key for c in cases])
