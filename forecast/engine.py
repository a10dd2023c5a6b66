"""The forecast: assumptions in, 36 months of flows and balances out.

Everything is computed month by month (numpy arrays of HORIZON months from the start month);
statements.py rolls the months up into the tables a bank reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from . import micro
from .assumptions import HORIZON, Assumptions
from .micro import SALE, SERVICE
from .rules import Rules, load_rules
from .schedule import delay, depreciation, loan_schedule, month_starts
from .thresholds import Event, month_label, regime_ceilings, vat_franchise


@dataclass
class Forecast:
    """Monthly series (euros, one value per month) and what happened along the way."""
    assumptions: Assumptions
    months: list[dt.date]
    series: dict[str, np.ndarray]
    offers_turnover: list[np.ndarray]  # one per offer, in the assumptions' order
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    acre_end: dt.date | None = None

    def __getitem__(self, key: str) -> np.ndarray:
        return self.series[key]


def _quantities(offer) -> np.ndarray:
    q1 = np.asarray(offer.quantities, dtype=float)
    q2 = q1 * (1 + offer.growth_y2)
    return np.concatenate([q1, q2, q2 * (1 + offer.growth_y3)])


def _stock(cogs: np.ndarray, initial: float, days: float) -> tuple[np.ndarray, np.ndarray]:
    """Purchases (the initial stock in the first month) and stock at each month's end: stock is
    topped up to `days` of the month's cost of goods sold, never bought back."""
    purchases, stock = np.zeros(HORIZON), np.zeros(HORIZON)
    level = initial
    for m in range(HORIZON):
        target = days / 30.0 * cogs[m]
        purchases[m] = max(0.0, cogs[m] + target - level)
        level += purchases[m] - cogs[m]
        stock[m] = level
    purchases[0] += initial
    return purchases, stock


def _declaration_periods(months: list[dt.date], quarterly: bool) -> list[list[int]]:
    periods: list[list[int]] = []
    for m, day in enumerate(months):
        key_new = not periods or not quarterly or day.month in (1, 4, 7, 10)
        if key_new:
            periods.append([m])
        else:
            periods[-1].append(m)
    return periods


def _levies(a: Assumptions, rules: Rules, months, base_sales, base_services, acre_end):
    """Levies by declaration (a month or a civil quarter of turnover cashed in, at the rates of
    its first day: rates change only on quarter starts), charged in the period's last month and
    paid the month after."""
    p = a.project
    names = ("cotisations", "cfp", "tfc", "vl")
    charged = {k: np.zeros(HORIZON) for k in names}
    paid = np.zeros(HORIZON)
    for period in _declaration_periods(months, p.declaration == "trimestrielle"):
        day = months[period[0]]
        acre = acre_end is not None and day <= acre_end
        levies = micro.declaration_levies(
            rules, p.activity, day, float(base_sales[period].sum()),
            float(base_services[period].sum()), acre, p.versement_liberatoire, p.start_date)
        last = period[-1]
        for k in names:
            charged[k][last] += getattr(levies, k)
        if last + 1 < HORIZON:
            paid[last + 1] += levies.total
    return charged, paid


def _cfe(a: Assumptions, rules: Rules, months, turnover) -> np.ndarray:
    """CFE paid in December: none in the creation year, half base the year after, none when
    the previous year's turnover (annualised) is under the minimum-contribution threshold."""
    out = np.zeros(HORIZON)
    start = a.project.start_date
    for m, day in enumerate(months):
        if day.month != 12 or day.year == start.year or a.project.cfe == 0:
            continue
        prev = [i for i, d in enumerate(months) if d.year == day.year - 1]
        annualised = turnover[prev].sum() * 12 / len(prev) if prev else 0.0
        if annualised <= rules.value("cfe.minimum_exemption_turnover", day):
            continue
        factor = 1 - (rules.value("cfe.second_year_base_reduction", day)
                      if day.year == start.year + 1 else 0)
        out[m] = a.project.cfe * factor
    return out


def compute(a: Assumptions, rules: Rules | None = None) -> Forecast:
    rules = rules.fork() if rules is not None else load_rules()
    p, ops, fin = a.project, a.operations, a.financing
    months = month_starts(p.start_date)
    zeros = lambda: np.zeros(HORIZON)  # noqa: E731

    # Turnover and direct costs by offer, at the prices typed
    gross = {SALE: zeros(), SERVICE: zeros()}
    cogs, service_costs = zeros(), zeros()
    offers_gross: list[np.ndarray] = []
    for offer in a.offers:
        q = _quantities(offer)
        offers_gross.append(q * offer.unit_price)
        gross[offer.kind] += q * offer.unit_price
        (cogs if offer.kind == SALE else service_costs)[:] += q * offer.unit_cost

    vat = vat_franchise(rules, p.start_date, months, gross[SALE], gross[SERVICE], p.vat_on_top)
    sales, services = vat.sales_ht, vat.services_ht
    turnover = sales + services
    ht_factor = np.where(gross[SALE] + gross[SERVICE] > 0,
                         turnover / np.maximum(gross[SALE] + gross[SERVICE], 1e-12), 1.0)
    offers_turnover = [g * ht_factor for g in offers_gross]

    # Customers pay each offer at its own delay; contributions are due on what is cashed in
    received_sales, received_services, received_vat = zeros(), zeros(), zeros()
    vat_share = np.where(turnover > 0, vat.vat / np.maximum(turnover, 1e-12), 0.0)
    for offer, ht in zip(a.offers, offers_turnover):
        cashed = delay(ht, offer.payment_days)
        (received_sales if offer.kind == SALE else received_services)[:] += cashed
        received_vat += delay(ht * vat_share, offer.payment_days)
    acre_end = micro.acre_end(p.start_date) if p.acre else None
    levies, levies_paid = _levies(a, rules, months, received_sales, received_services, acre_end)

    # Purchases, stock, suppliers
    purchases, stock = _stock(cogs, ops.initial_stock, ops.stock_days)
    subcontracting = turnover * ops.subcontracting_rate
    supplier_invoices = purchases + service_costs + subcontracting
    supplier_paid = delay(supplier_invoices, ops.supplier_days)

    # Fixed charges, investments, depreciation
    plan_year = np.arange(HORIZON) // 12
    fixed = zeros()
    for c in a.charges:
        active = np.arange(HORIZON) >= c.first_month - 1
        fixed += np.where(active, c.monthly_amount * (1 + c.indexation) ** plan_year, 0.0)
    capex, expensed, dep = zeros(), zeros(), zeros()
    for inv in a.investments:
        (capex if inv.years > 0 else expensed)[inv.month - 1] += inv.amount
        dep += depreciation(inv)
    cfe = _cfe(a, rules, months, turnover)

    # Financing
    loans_in, interest, principal, debt = zeros(), zeros(), zeros(), zeros()
    for loan in fin.loans:
        s = loan_schedule(loan)
        loans_in += s.received
        interest += s.interest
        principal += s.principal
        debt += s.outstanding
    apports = zeros()
    apports[0] += fin.apport + fin.arce / 2
    apports[min(6, HORIZON - 1)] += fin.arce / 2
    grants = zeros()
    for g in fin.grants:
        grants[g.month - 1] += g.amount
    drawings = np.where(np.arange(HORIZON) >= ops.drawings_first_month - 1,
                        ops.drawings_monthly, 0.0)
    vat_paid = np.concatenate([[0.0], vat.vat[:-1]])

    # Profit and loss (accruals)
    materials = cogs  # achats consommés = purchases - stock change
    direct = service_costs + subcontracting
    gross_margin = turnover - materials - direct
    external = fixed + expensed
    value_added = gross_margin - external
    taxes = cfe + levies["cfp"] + levies["tfc"]
    ebe = value_added - taxes - levies["cotisations"]
    operating = ebe - dep
    result = operating - interest
    if p.versement_liberatoire:
        income_tax = levies["vl"]
    else:  # an estimate at the household's rate, on turnover after the flat allowance
        allowance = {kind: np.array([micro.abattement(rules, p.activity, kind, d) for d in months])
                     for kind in (SALE, SERVICE)}
        income_tax = p.tax_rate * (sales * (1 - allowance[SALE])
                                   + services * (1 - allowance[SERVICE]))

    # Cash plan
    receipts = received_sales + received_services + received_vat
    cash_in = receipts + apports + grants + loans_in
    cash_out = (supplier_paid + fixed + expensed + capex + levies_paid + cfe + vat_paid
                + principal + interest + drawings)
    cash = p.opening_cash + np.cumsum(cash_in - cash_out)

    # Balances at each month's end
    cum = np.cumsum
    fixed_assets = cum(capex) - cum(dep)
    receivables = cum(turnover + vat.vat) - cum(receipts)
    supplier_debt = cum(supplier_invoices) - cum(supplier_paid)
    levies_total = levies["cotisations"] + levies["cfp"] + levies["tfc"] + levies["vl"]
    social_debt = cum(levies_total) - cum(levies_paid)
    vat_debt = cum(vat.vat) - cum(vat_paid)
    equity = (p.opening_cash + cum(apports) + cum(grants) + cum(result) - cum(drawings)
              - cum(levies["vl"]))

    series = dict(
        turnover=turnover, sales=sales, services=services, vat=vat.vat,
        vat_liable=vat.liable.astype(float), materials=materials, purchases=purchases,
        service_costs=service_costs, subcontracting=subcontracting, direct=direct,
        gross_margin=gross_margin, fixed=fixed, expensed=expensed, external=external,
        value_added=value_added, cfe=cfe, cfp=levies["cfp"], tfc=levies["tfc"], taxes=taxes,
        cotisations=levies["cotisations"], vl=levies["vl"], ebe=ebe, depreciation=dep,
        operating=operating, interest=interest, result=result, income_tax=income_tax,
        received_sales=received_sales, received_services=received_services,
        received_vat=received_vat, receipts=receipts, apport=apports, grants=grants,
        loans_in=loans_in, cash_in=cash_in, supplier_paid=supplier_paid, capex=capex,
        levies_paid=levies_paid, vat_paid=vat_paid, principal=principal, drawings=drawings,
        cash_out=cash_out, cash=cash, fixed_assets=fixed_assets, stock=stock,
        receivables=receivables, supplier_debt=supplier_debt, social_debt=social_debt,
        vat_debt=vat_debt, debt=debt, equity=equity,
    )
    events = list(vat.events) + list(regime_ceilings(rules, p.start_date, months, sales,
                                                      services))
    if acre_end is not None:
        events.append(Event(acre_end, "acre_fin",
                            f"Fin de l'ACRE le {acre_end:%d/%m/%Y} : cotisations au taux plein "
                            f"ensuite."))
    events.sort(key=lambda e: e.day)
    forecast = Forecast(a, months, series, offers_turnover, events, acre_end=acre_end)
    if rules.extrapolated:
        years = ", ".join(str(y) for y in sorted(rules.extrapolated))
        forecast.notes.append(
            f"Années civiles {years} : calculées avec les règles de {rules.covered_until.year}, "
            "les dernières publiées (hypothèse : taux et seuils inchangés).")
    if p.vat_on_top and vat.liable.any():
        forecast.notes.append(
            f"TVA : dès {month_label(months[int(np.argmax(vat.liable))])}, la TVA de 20 % est "
            "ajoutée aux prix HT saisis et reversée le mois suivant ; la TVA sur les achats n'est "
            "pas récupérée dans ce prévisionnel (hypothèse prudente).")
    return forecast
