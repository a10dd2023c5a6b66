"""The forecast: assumptions in, 36 months of flows and balances out, block by block.

Each block is one function returning a small frozen record of read-only arrays (euros a
month unless said otherwise) whose last axis is the timeline's month. In order: turnover (with
the VAT franchise), cash-in, levies by declaration, purchases and stock, fixed costs,
investments, CFE, VAT, the household, financing, cash; then the regime's ceilings, the levies
by month of charge, profit and loss, balances — which cash does not depend on, so that a
simulation's draws run only the first part (`cash_balance`).

What may differ from one draw of a simulation to the next — quantities, prices, unit costs,
customer payment delays, charge levels (`Drivers`) — may carry a leading axis of draws, shape
(n_draws, months): every block then computes all draws at once, the law included (levies by
declaration with their rounding, ACRE, VAT franchise, ceilings, CFE). The plan as typed is the
case without that axis. statements.py rolls the months up into the tables a bank reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

import numpy as np

from . import cfe as cfe_rules
from . import declarations, micro
from . import vat as vat_rules
from .arrays import added, cumulative
from .assumptions import ARCE, Assumptions
from .drivers import Drivers
from .household import Household, household
from .income_tax import tax_rules
from .micro import SALE, SERVICE
from .records import Record
from .rules import Rules, load_rules
from .french import date, month_label
from .schedule import delay, depreciation, loan_schedule
from .thresholds import (Ceilings, Event, VatFranchise, ceiling_events, regime_ceilings,
                         vat_events, vat_franchise)
from .timeline import DAYS_PER_MONTH, Timeline
from .unemployment import unemployment_rules


# --- the blocks ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Turnover(Record):
    """Turnover HT after the VAT franchise, by offer and by kind."""
    by_offer: tuple[np.ndarray, ...]
    sales: np.ndarray
    services: np.ndarray
    total: np.ndarray
    franchise: VatFranchise  # VAT invoiced and liability by month, threshold crossings

    @property
    def vat(self) -> np.ndarray:
        return self.franchise.vat

    @property
    def vat_liable(self) -> np.ndarray:
        return self.franchise.liable


def turnover(a: Assumptions, rules: Rules, t: Timeline, d: Drivers,
             crossings: bool = True) -> Turnover:
    """Quantities × prices; once the franchise is lost, VAT at each offer's rate is added on top
    of the prices typed, or taken out of them when the person keeps them (the turnover HT
    falls). `crossings`: see `vat_franchise`."""
    p = a.project
    invoiced = tuple(q * price for q, price in zip(d.quantities, d.prices))
    vat = vat_franchise(rules, p.start_date, t.months, invoiced,
                        tuple(o.kind for o in a.offers), tuple(o.vat_rate for o in a.offers),
                        p.vat_on_top, crossings)
    total = vat.sales_ht + vat.services_ht
    return Turnover(vat.by_offer, vat.sales_ht, vat.services_ht, total, vat)


def ceilings(a: Assumptions, rules: Rules, t: Timeline, sold: Turnover) -> Ceilings:
    """The regime's ceilings crossed (events only: no amount depends on them)."""
    return regime_ceilings(rules, a.project.start_date, t.months, sold.sales, sold.services)


@dataclass(frozen=True, eq=False)
class CashIn(Record):
    """What customers pay (TTC once VAT applies), each offer at its own delay."""
    sales: np.ndarray
    services: np.ndarray
    vat: np.ndarray
    total: np.ndarray


def cash_in(a: Assumptions, d: Drivers, sold: Turnover) -> CashIn:
    """Each offer's turnover and VAT at its delay; one of nothing (an offer that only buys, VAT
    under the franchise) adds nothing to a sum that starts at +0."""
    received = {SALE: np.zeros(d.shape), SERVICE: np.zeros(d.shape)}
    vat = np.zeros(d.shape)
    for offer, ht, tax, days in zip(a.offers, sold.by_offer, sold.franchise.vat_by_offer,
                                    d.payment_days):
        if ht.any():
            received[offer.kind] += delay(ht, days)
        if tax.any():
            vat += delay(tax, days)
    return CashIn(received[SALE], received[SERVICE], vat,
                  added(received[SALE], received[SERVICE], vat))


@dataclass(frozen=True, eq=False)
class Levies(Record):
    """Contributions, CFP, TFC and versement libératoire, charged in the month the turnover is
    cashed in (each declaration's amounts, rounded as URSSAF rounds them, shared among its
    months by what each cashed in); `paid` when URSSAF collects the declaration."""
    cotisations: np.ndarray
    cfp: np.ndarray
    tfc: np.ndarray
    vl: np.ndarray
    paid: np.ndarray
    acre_end: dt.date | None  # last day of ACRE, None without it

    @property
    def charged(self) -> np.ndarray:
        return self.cotisations + self.cfp + self.tfc + self.vl


LEVY_NAMES = ("cotisations", "cfp", "tfc", "vl")


@dataclass(frozen=True, eq=False)
class Declared:
    """What each declaration owes on each kind of turnover, and what URSSAF collects each
    month: all the cash plan needs of the levies."""
    each: tuple[tuple[slice, np.ndarray, np.ndarray, micro.Levies], ...]  # months declared,
    # the kind's turnover cashed in each of them and in all, what it owes
    paid: np.ndarray
    acre_end: dt.date | None  # last day of ACRE, None without it


def declared_levies(a: Assumptions, rules: Rules, t: Timeline, cashed: CashIn) -> Declared:
    """Levies by declaration (a month or a civil quarter of turnover cashed in, at the rates of
    its first day: rates change only on quarter starts), paid on URSSAF's due dates
    (`declarations.schedule`: the first ones wait for the first due date)."""
    p = a.project
    acre_end = micro.acre_end(rules, p.start_date) if p.acre else None
    if acre_end is not None and acre_end < t.months[0]:
        acre_end = None  # an existing activity: its ACRE ended before the plan
    each = []
    paid = np.zeros(cashed.total.shape)
    quarterly = p.declaration == "trimestrielle"
    for declaration in declarations.schedule(rules, p.start_date, t.months, quarterly):
        period = slice(declaration.months[0], declaration.months[-1] + 1)  # months in a row
        day = t.months[period.start]
        acre = acre_end is not None and day <= acre_end
        for kind, cashed_kind in ((SALE, cashed.sales), (SERVICE, cashed.services)):
            base = cashed_kind[..., period]
            total = base.sum(axis=-1)
            if not total.any():  # nothing of this kind declared (in any draw): nothing owed
                continue
            due = micro.declaration_levies(
                rules, p.activity, day, total if kind == SALE else 0.0,
                total if kind == SERVICE else 0.0, acre, p.versement_liberatoire, p.start_date)
            each.append((period, base, total, due))
            if declaration.paid is not None:
                paid[..., declaration.paid] += due.total
    return Declared(tuple(each), paid, acre_end)


def levies(declared: Declared) -> Levies:
    """Each declaration's levies charged in the months it declares, shared among them by what
    each cashed in."""
    charged = {k: np.zeros(declared.paid.shape) for k in LEVY_NAMES}
    for period, base, total, due in declared.each:
        share = np.divide(base, total[..., None], out=np.zeros(base.shape),
                          where=total[..., None] != 0)
        for k in LEVY_NAMES:
            charged[k][..., period] += np.asarray(getattr(due, k))[..., None] * share
    return Levies(**charged, paid=declared.paid, acre_end=declared.acre_end)


@dataclass(frozen=True, eq=False)
class Purchases(Record):
    """Direct costs, goods bought and stock, suppliers' invoices and payments. Costs are net of
    the VAT recovered once the franchise is lost (`vat`: recoverable, incurred), invoices and
    payments as paid (TTC)."""
    materials: np.ndarray  # cost of the goods sold (achats consommés), at average cost
    bought: np.ndarray  # goods bought as paid, the initial stock in the first month
    stock: np.ndarray  # its value at each month's end
    service_costs: np.ndarray
    subcontracting: np.ndarray
    direct: np.ndarray  # service costs and subcontracting
    invoices: np.ndarray
    paid: np.ndarray
    vat: np.ndarray  # recoverable VAT of the month's purchases
    vat_deductible: np.ndarray  # goods' when bought, services' when paid (CGI art. 271)


def _stock(cogs: np.ndarray, initial: float, days: float,
           net: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Purchases (the initial stock in the first month), the cost of the goods sold and the
    stock's value at each month's end: stock is topped up to `days` of the month's cost of
    goods sold, never bought back; a purchase costs `net` of its price (the VAT recovered left
    out), goods are sold at the stock's average cost."""
    bought, sold, value = np.zeros(cogs.shape), np.zeros(cogs.shape), np.zeros(cogs.shape)
    level = np.full(cogs.shape[:-1], float(initial))
    worth = level * net[..., 0]
    for m in range(cogs.shape[-1]):
        target = days / DAYS_PER_MONTH * cogs[..., m]
        bought[..., m] = np.maximum(0.0, cogs[..., m] + target - level)
        level = level + bought[..., m]
        worth = worth + bought[..., m] * net[..., m]
        ratio = np.divide(worth, level, out=np.array(net[..., m], dtype=float), where=level > 0)
        sold[..., m] = cogs[..., m] * ratio
        level, worth = level - cogs[..., m], worth - sold[..., m]
        value[..., m] = worth
    bought[..., 0] += initial
    return bought, sold, value


def purchases(a: Assumptions, rules: Rules, t: Timeline, d: Drivers,
              sold: Turnover) -> Purchases:
    """Goods and direct costs at the unit costs typed (each offer's VAT rate inside once the
    franchise is lost), subcontracting at the normal rate; the initial stock, bought before
    opening, paid at once."""
    ops = a.operations
    share = sold.franchise.share
    cost = {SALE: np.zeros(d.shape), SERVICE: np.zeros(d.shape)}
    recoverable = {SALE: np.zeros(d.shape), SERVICE: np.zeros(d.shape)}
    for offer, q, unit_cost in zip(a.offers, d.quantities, d.unit_costs):
        if not unit_cost.any():  # costs nothing: adds nothing (see cash_in)
            continue
        cost[offer.kind] += q * unit_cost
        recoverable[offer.kind] += vat_rules.vat_inside(q * unit_cost, offer.vat_rate)
    goods_rate = np.divide(recoverable[SALE], cost[SALE], out=np.zeros(d.shape),
                           where=cost[SALE] > 0)
    if ops.initial_stock or cost[SALE].any():
        bought, materials, stock = _stock(cost[SALE], ops.initial_stock, ops.stock_days,
                                          1 - goods_rate * share)
    else:  # no goods: _stock's zeros, without its month by month loop
        bought = materials = stock = np.zeros(d.shape)
    subcontracting = sold.total * ops.subcontracting_rate
    normal = np.array([rules.value("tva.taux_normal", day) for day in t.months])
    costs_vat = recoverable[SERVICE] * share
    subcontracting_vat = vat_rules.vat_inside(subcontracting, normal) * share
    goods_vat = bought * goods_rate * share
    invoices = added(bought, cost[SERVICE], subcontracting)
    initial = np.zeros(t.n)
    initial[0] = ops.initial_stock
    paid = delay(invoices - initial, ops.supplier_days)
    paid += initial
    service_costs = cost[SERVICE] - costs_vat
    subcontracting_net = subcontracting - subcontracting_vat
    return Purchases(materials, bought, stock, service_costs, subcontracting_net,
                     service_costs + subcontracting_net, invoices, paid,
                     added(goods_vat, costs_vat, subcontracting_vat),
                     goods_vat + delay(costs_vat + subcontracting_vat, ops.supplier_days))


@dataclass(frozen=True, eq=False)
class FixedCosts(Record):
    """The charges typed (TTC under franchise), each from its first month, indexed each plan
    year; once the franchise is lost, their cost net of the VAT recovered at their rate."""
    by_charge: tuple[np.ndarray, ...]
    total: np.ndarray  # paid
    net: np.ndarray  # cost
    vat: np.ndarray  # recovered, deductible the month paid


def fixed_costs(a: Assumptions, t: Timeline, d: Drivers, sold: Turnover) -> FixedCosts:
    by_charge = tuple(_from_month(amount * (1 + c.indexation) ** t.plan_year, c.first_month)
                      for c, amount in zip(a.charges, d.charges))
    total, vat = np.zeros(d.shape), np.zeros(sold.total.shape)
    for c, schedule in zip(a.charges, by_charge):
        total += schedule
        if c.vat_rate:  # none recovered adds nothing (see cash_in)
            vat += vat_rules.vat_inside(schedule, c.vat_rate) * sold.franchise.share
    return FixedCosts(by_charge, total, total - vat, vat)


def _from_month(monthly: np.ndarray, first: int) -> np.ndarray:
    """`monthly` (a new array) from its `first` month (1-based), zero before: set in place."""
    monthly[..., :max(first - 1, 0)] = 0.0
    return monthly


@dataclass(frozen=True, eq=False)
class Investments(Record):
    """Investments and set-up costs, paid as typed (TTC under franchise); once the franchise is
    lost, immobilised or expensed net of the VAT recovered at their rate."""
    paid: np.ndarray
    vat: np.ndarray  # recovered, deductible the month bought
    fixed_asset_vat: np.ndarray  # of it, on immobilised investments
    # for the accounts (None when not asked for: cash does not depend on them)
    capex: np.ndarray | None  # immobilised
    expensed: np.ndarray | None  # set-up costs charged at once
    depreciation: np.ndarray | None
    depreciation_by_investment: tuple[np.ndarray, ...] | None


def investments(a: Assumptions, t: Timeline, sold: Turnover,
                accounts: bool = True) -> Investments:
    """`accounts`: with what only the accounts need (immobilised, expensed, depreciation)."""
    share = sold.franchise.share
    capex, expensed, vat, fixed_asset_vat, dep = (np.zeros(share.shape) for _ in range(5))
    paid = np.zeros(t.n)
    each = []
    for inv in a.investments:
        m = inv.month - 1
        recovered = vat_rules.vat_inside(inv.amount, inv.vat_rate) * share[..., m]
        paid[m] += inv.amount
        vat[..., m] += recovered
        if inv.years > 0:
            fixed_asset_vat[..., m] += recovered
        if not accounts:
            continue
        net = inv.amount - recovered
        (capex if inv.years > 0 else expensed)[..., m] += net
        schedule = depreciation(inv, t.n) * np.asarray(
            net / inv.amount if inv.amount else 1.0)[..., None]
        each.append(schedule)
        dep += schedule
    if not accounts:
        return Investments(paid, vat, fixed_asset_vat, None, None, None, None)
    return Investments(paid, vat, fixed_asset_vat, capex, expensed, dep, tuple(each))


def cfe(a: Assumptions, rules: Rules, t: Timeline, sold: Turnover) -> cfe_rules.CfeDue:
    """CFE paid in December, as levied (forecast/cfe.py)."""
    p = a.project
    return cfe_rules.cfe(rules, t.months, p.start_date, sold.total, p.cfe, p.cfe_artisan_exempt)


def founder_household(a: Assumptions, rules: Rules, t: Timeline, cashed: CashIn,
                      cash_only: bool = False) -> Household:
    """The founder's household: ARE or ARCE, its income tax, the drawings it needs (`cash_only`:
    the tax only where the drawings depend on it). An ARCE chosen without ACRE is not granted
    (an alert says so). The ARCE typed on Financement counts only without rights (with them,
    the ARCE is computed from them)."""
    p, ops, founder = a.project, a.operations, a.founder
    if founder.choice == ARCE and not p.acre:
        founder = replace(founder, choice="")
    typed = _from_month(np.full(t.n, float(ops.drawings_monthly)), ops.drawings_first_month)
    typed_capital = 0.0 if founder.has_rights else typed_arce(a, rules, t)
    return household(rules.noting(tax_rules()), rules.noting(unemployment_rules()), rules,
                     founder, p.activity, p.start_date, p.versement_liberatoire, t.months,
                     cashed.sales, cashed.services, typed, typed_capital, p.acre, cash_only)


def typed_arce(a: Assumptions, rules: Rules, t: Timeline) -> np.ndarray:
    """The ARCE typed on the Financement sheet (when the founder's rights are not given): two
    halves, the second `arce.mois_second_versement` months after the start."""
    out = np.zeros(t.n)
    if not a.financing.arce:
        return out
    second = int(rules.noting(unemployment_rules()).value("arce.mois_second_versement",
                                                          a.project.start_date))
    out[0] += a.financing.arce / 2
    out[min(second, t.n - 1)] += a.financing.arce / 2
    return out


def vat_account(a: Assumptions, rules: Rules, t: Timeline, d: Drivers, sold: Turnover,
                bought: Purchases, fixed: FixedCosts, inv: Investments) -> vat_rules.VatAccount:
    """VAT once the franchise is lost (forecast/vat.py): collected on goods when invoiced and on
    services when cashed, deducted on the expenses, paid under the simplified regime or, on
    option, every month."""
    collected = np.zeros(sold.total.shape)
    for offer, tax, days in zip(a.offers, sold.franchise.vat_by_offer, d.payment_days):
        if tax.any():  # none adds nothing (see cash_in)
            collected += tax if offer.kind == SALE else delay(tax, days)
    accrued = added(bought.vat, fixed.vat, inv.vat)
    deductible = added(bought.vat_deductible, fixed.vat, inv.vat)
    return vat_rules.account(rules, t.months, sold.vat, collected, accrued, deductible,
                             inv.fixed_asset_vat, a.project.vat_monthly)


@dataclass(frozen=True, eq=False)
class Funds(Record):
    """Money from and to the owner and the lenders."""
    loans_in: np.ndarray
    interest: np.ndarray
    principal: np.ndarray
    debt: np.ndarray  # outstanding at each month's end
    apport: np.ndarray  # the owner's apport and ARCE
    arce: np.ndarray  # of which the ARCE
    grants: np.ndarray
    drawings: np.ndarray


def funds(a: Assumptions, rules: Rules, t: Timeline, home: Household) -> Funds:
    """Loans, grants, the apport with the ARCE (computed from the founder's rights, else as
    typed) and the drawings the household needs."""
    fin = a.financing
    loans_in, interest, principal, debt = (np.zeros(t.n) for _ in range(4))
    for loan in fin.loans:
        s = loan_schedule(loan, t.n)
        loans_in += s.received
        interest += s.interest
        principal += s.principal
        debt += s.outstanding
    arce = home.arce
    apport = arce.copy()
    apport[..., 0] += fin.apport
    grants = np.zeros(t.n)
    for g in fin.grants:
        grants[g.month - 1] += g.amount
    return Funds(loans_in, interest, principal, debt, apport, arce, grants, home.drawings)


@dataclass(frozen=True, eq=False)
class ProfitAndLoss(Record):
    """The compte de résultat by month (accruals)."""
    gross_margin: np.ndarray
    external: np.ndarray
    value_added: np.ndarray
    taxes: np.ndarray  # CFE, CFP, TFC
    ebe: np.ndarray
    operating: np.ndarray
    result: np.ndarray
    income_tax: np.ndarray  # versement libératoire, or the estimate at the household's rate
    caf: np.ndarray  # capacité d'autofinancement: result + depreciation


def profit_and_loss(a: Assumptions, rules: Rules, t: Timeline, sold: Turnover,
                    bought: Purchases, fixed: FixedCosts, inv: Investments, local: cfe_rules.CfeDue,
                    due: Levies, money: Funds) -> ProfitAndLoss:
    p = a.project
    gross_margin = sold.total - bought.materials - bought.direct
    external = fixed.net + inv.expensed
    value_added = gross_margin - external
    taxes = local.paid + due.cfp + due.tfc
    ebe = value_added - taxes - due.cotisations
    operating = ebe - inv.depreciation
    result = operating - money.interest
    if p.versement_liberatoire:
        income_tax = due.vl
    else:  # an estimate at the household's rate, on turnover after the flat allowance
        allowance = {kind: np.array([micro.abattement(rules, p.activity, kind, d)
                                     for d in t.months]) for kind in (SALE, SERVICE)}
        income_tax = p.tax_rate * (sold.sales * (1 - allowance[SALE])
                                   + sold.services * (1 - allowance[SERVICE]))
    return ProfitAndLoss(gross_margin, external, value_added, taxes, ebe, operating, result,
                         income_tax, result + inv.depreciation)


@dataclass(frozen=True, eq=False)
class Cash(Record):
    """The cash plan: what comes in, what goes out, the balance at each month's end."""
    cash_in: np.ndarray
    cash_out: np.ndarray
    balance: np.ndarray
    opening: np.ndarray  # at each month's start


def cash(a: Assumptions, cashed: CashIn, bought: Purchases, fixed: FixedCosts,
         inv: Investments, local: cfe_rules.CfeDue, due: Declared, tax: vat_rules.VatAccount,
         money: Funds) -> Cash:
    cash_in = added(cashed.total, money.apport, money.grants, money.loans_in)
    cash_out = added(bought.paid, fixed.total, inv.paid, due.paid, local.paid, tax.paid,
                     money.principal, money.interest, money.drawings)
    balance = a.project.opening_cash + cumulative(cash_in - cash_out)
    opening = np.concatenate([np.broadcast_to(a.project.opening_cash, balance.shape[:-1] + (1,)),
                              balance[..., :-1]], axis=-1)
    return Cash(cash_in, cash_out, balance, opening)


@dataclass(frozen=True, eq=False)
class Balances(Record):
    """The bilan at each month's end."""
    fixed_assets: np.ndarray
    stock: np.ndarray
    receivables: np.ndarray
    vat_credit: np.ndarray  # VAT to deduct or deducted beyond what is due
    cash: np.ndarray
    equity: np.ndarray  # compte de l'exploitant
    debt: np.ndarray
    supplier_debt: np.ndarray
    social_debt: np.ndarray
    vat_debt: np.ndarray
    working_capital: np.ndarray  # BFR: stock + receivables + VAT credit - operating debts


def balances(a: Assumptions, sold: Turnover, cashed: CashIn, bought: Purchases,
             inv: Investments, due: Levies, tax: vat_rules.VatAccount, money: Funds,
             pnl: ProfitAndLoss, flows: Cash) -> Balances:
    cum = cumulative
    fixed_assets = cum(inv.capex) - cum(inv.depreciation)
    receivables = cum(sold.total + sold.vat) - cum(cashed.total)
    supplier_debt = cum(bought.invoices) - cum(bought.paid)
    social_debt = cum(due.charged) - cum(due.paid)
    equity = (a.project.opening_cash + cum(money.apport) + cum(money.grants) + cum(pnl.result)
              - cum(money.drawings) - cum(due.vl))
    owed, credit = tax.owed, tax.credit  # worked out when read (VatAccount)
    working_capital = (bought.stock + receivables + credit - supplier_debt - social_debt
                       - owed)
    return Balances(fixed_assets, bought.stock, receivables, credit, flows.balance, equity,
                    money.debt, supplier_debt, social_debt, owed, working_capital)


# --- the forecast ----------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Forecast:
    """Every block of a plan, and what happened along the way. `events` and `notes` are
    those of the plan as typed; a run with draws has none (its arrays say what happened)."""
    assumptions: Assumptions
    timeline: Timeline
    drivers: Drivers
    turnover: Turnover
    ceilings: Ceilings
    cash_in: CashIn
    levies: Levies
    purchases: Purchases
    fixed: FixedCosts
    investments: Investments
    cfe: cfe_rules.CfeDue
    vat: vat_rules.VatAccount
    funds: Funds
    pnl: ProfitAndLoss
    cash: Cash
    balances: Balances
    household: Household
    extrapolated_years: tuple[int, ...]  # civil years past the rules data: latest rules used
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def months(self) -> tuple[dt.date, ...]:
        return self.timeline.months

    @property
    def acre_end(self) -> dt.date | None:
        return self.levies.acre_end

    def arrays(self) -> dict[str, np.ndarray]:
        """Every monthly series of the blocks by dotted name (`cash.balance`)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Record) and not isinstance(value, Drivers):
                out.update(value.arrays(f.name + "."))
        return out


def _cash_plan(a: Assumptions, rules: Rules, t: Timeline, d: Drivers,
               cash_only: bool = False) -> tuple:
    """The blocks the cash plan depends on, in order, and the cash plan last; `cash_only`:
    without what only other blocks need (the months the VAT thresholds are crossed, the
    investments' accounting)."""
    sold = turnover(a, rules, t, d, crossings=not cash_only)
    cashed = cash_in(a, d, sold)
    declared = declared_levies(a, rules, t, cashed)
    bought = purchases(a, rules, t, d, sold)
    fixed = fixed_costs(a, t, d, sold)
    inv = investments(a, t, sold, accounts=not cash_only)
    local = cfe(a, rules, t, sold)
    tax = vat_account(a, rules, t, d, sold, bought, fixed, inv)
    home = founder_household(a, rules, t, cashed, cash_only)
    money = funds(a, rules, t, home)
    flows = cash(a, cashed, bought, fixed, inv, local, declared, tax, money)
    return sold, cashed, declared, bought, fixed, inv, local, tax, home, money, flows


def cash_balance(a: Assumptions, rules: Rules, drivers: Drivers) -> np.ndarray:
    """Cash at each month's end of `drivers`' draws, as `compute` gives it, without what cash
    does not depend on (the compte de résultat, the bilan, the ceilings, the levies' months of
    charge, the months the VAT thresholds are crossed, the investments' accounting): all a
    simulation needs of its draws."""
    return _cash_plan(a, rules, Timeline.of(a.project.first_month), drivers,
                      cash_only=True)[-1].balance


def compute(a: Assumptions, rules: Rules | None = None,
            drivers: Drivers | None = None) -> Forecast:
    """The forecast of `a`; with `drivers` (see `Drivers`), of those draws instead."""
    rules = rules or load_rules()
    t = Timeline.of(a.project.first_month)
    d = drivers or Drivers.of(a)
    sold, cashed, declared, bought, fixed, inv, local, tax, home, money, flows = _cash_plan(
        a, rules, t, d)
    due = levies(declared)
    pnl = profit_and_loss(a, rules, t, sold, bought, fixed, inv, local, due, money)
    bilan = balances(a, sold, cashed, bought, inv, due, tax, money, pnl, flows)
    forecast = Forecast(a, t, d, sold, ceilings(a, rules, t, sold), cashed, due, bought, fixed,
                        inv, local, tax, money, pnl, flows, bilan, home,
                        t.beyond(rules.covered_until))
    if len(d.shape) > 1:
        return forecast
    return replace(forecast, events=_events(a, rules, forecast),
                   notes=_notes(a, rules, forecast))


def _events(a: Assumptions, rules: Rules, f: Forecast) -> tuple[Event, ...]:
    events = [*vat_events(rules, a.project.start_date, f.months, f.turnover.franchise),
              *ceiling_events(a.project.start_date, f.months, f.ceilings)]
    if f.acre_end is not None:
        events.append(Event(f.acre_end, "acre_fin",
                            f"Fin de l'ACRE le {date(f.acre_end)} : cotisations au taux "
                            f"plein ensuite."))
    return tuple(sorted(events, key=lambda e: e.day))


def _partial_year(first: dt.date) -> str:
    """What a plan starting during a civil year cannot count of it."""
    if first.month == 1:
        return ""
    return (f" ; le chiffre d'affaires de {first.year} avant {month_label(first)} n'étant pas "
            f"saisi non plus, les seuils de la franchise et les plafonds du régime de "
            f"{first.year} se comptent à partir de {month_label(first)}")


def _notes(a: Assumptions, rules: Rules, f: Forecast) -> tuple[str, ...]:
    notes = []
    p = a.project
    if p.first_month > p.start_date:
        ended = (f" ; l'ACRE a pris fin le {date(micro.acre_end(rules, p.start_date))}" if p.acre
                 else "")
        notes.append(
            f"Activité existante depuis le {date(p.start_date)} : prévisionnel à partir de "
            f"{month_label(p.first_month)}, sans les règles propres aux débuts d'activité"
            f"{ended} ; franchise en base de TVA supposée acquise au premier mois (le chiffre "
            f"d'affaires des années précédentes n'est pas saisi){_partial_year(p.first_month)}.")
    if f.extrapolated_years:
        years = ", ".join(str(y) for y in f.extrapolated_years)
        notes.append(
            f"Années civiles {years} : calculées avec les règles de {rules.covered_until.year}, "
            "les dernières publiées (hypothèse : taux et seuils inchangés).")
    start = f.turnover.franchise.start(f.months)
    if start is not None:
        prices = ("ajoutée aux prix HT saisis" if a.project.vat_on_top else
                  "prise sur les prix maintenus (le CA HT baisse d'autant)")
        notes.append(
            f"TVA : due dès le {date(start)}, au taux de chaque offre, {prices} ; exigible à "
            f"la livraison sur les ventes, à l'encaissement sur les services (CGI art. 269) ; "
            f"la TVA des achats, charges et investissements est déduite à leur taux (CGI art. "
            f"271) ; elle est payée selon le {vat_rules.regime(rules, start, a.project.vat_monthly)}.")
    return tuple(notes)
