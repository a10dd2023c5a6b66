"""The financial part of the business plan, rolled up from the monthly forecast."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .engine import Forecast
from .french import euros, month_label
from .tables import Line, Table, make_table
from .thresholds import days_in_month
from .timeline import DAYS_PER_YEAR, HORIZON, MONTHS_PER_YEAR, PLAN_YEARS


def year_columns(f: Forecast) -> tuple[list[str], list[str]]:
    labels, keys = [], []
    for y in f.timeline.years:
        first, last = f.timeline.first_day(y), f.timeline.last_month(y)
        labels.append(f"Année {y + 1} ({first:%m/%Y} – {last:%m/%Y})")
        keys.append(f"annee_{y + 1}")
    return labels, keys


def _yearly(f: Forecast, key: str, title: str, lines: list[Line]) -> Table:
    labels, keys = year_columns(f)
    return make_table(key, title, labels, lines, keys)


def _flow(f: Forecast, key: str, label: str, monthly: np.ndarray, style: str = "") -> Line:
    """A line of yearly sums of a monthly flow."""
    return Line(key, label, tuple(f.timeline.by_year(monthly)), style)


def _stock_line(f: Forecast, key: str, label: str, monthly: np.ndarray, style: str = "") -> Line:
    """A line of balances at each plan year's end."""
    return Line(key, label, tuple(f.timeline.year_ends(monthly)), style)


def _ratio(num, den) -> tuple:
    return tuple(float(n) / float(d) if d else None for n, d in zip(num, den))


def income_statement(f: Forecast) -> Table:
    by_year, sold, pnl, due = f.timeline.by_year, f.turnover, f.pnl, f.levies
    tax = by_year(pnl.income_tax)
    result = by_year(pnl.result)
    offers = [Line(f"ca_offre_{i + 1}", f"  dont {offer.name}", tuple(by_year(series)))
              for i, (offer, series) in enumerate(zip(f.assumptions.offers, sold.by_offer))]
    lines = [
        _flow(f, "chiffre_affaires", "Chiffre d'affaires HT", sold.total, "total"),
        *offers,
        _flow(f, "achats_consommes", "Achats consommés (marchandises, matières)",
              f.purchases.materials),
        _flow(f, "couts_directs", "Coûts directs (services, sous-traitance)", f.purchases.direct),
        _flow(f, "marge_brute", "Marge brute", pnl.gross_margin, "total"),
        _flow(f, "charges_externes", "Charges externes", pnl.external),
        _flow(f, "valeur_ajoutee", "Valeur ajoutée", pnl.value_added, "total"),
        _flow(f, "impots_taxes", "Impôts et taxes (CFE, CFP, TFC)", pnl.taxes),
        _flow(f, "cfe", "  dont CFE", f.cfe.paid),
        _flow(f, "cfp_tfc", "  dont CFP et TFC", due.cfp + due.tfc),
        _flow(f, "cotisations_sociales", "Cotisations sociales de l'exploitant", due.cotisations),
        _flow(f, "ebe", "Excédent brut d'exploitation (EBE)", pnl.ebe, "total"),
        _flow(f, "dotations", "Dotations aux amortissements", f.investments.depreciation),
        _flow(f, "resultat_exploitation", "Résultat d'exploitation", pnl.operating, "total"),
        _flow(f, "charges_financieres", "Charges financières (intérêts)", f.funds.interest),
        Line("resultat", "Résultat de l'exercice (avant impôt sur le revenu)", tuple(result),
             "total"),
        Line("impot_revenu", "Versement libératoire" if f.assumptions.project.versement_liberatoire
             else "Impôt sur le revenu estimé", tuple(tax)),
        Line("revenu_disponible", "Revenu disponible de l'exploitant", tuple(result - tax),
             "total"),
    ]
    return _yearly(f, "compte_de_resultat", "Compte de résultat prévisionnel", lines)


def cash_plan(f: Forecast) -> Table:
    flows, money, inv = f.cash, f.funds, f.investments
    rows = [
        ("tresorerie_debut", "Trésorerie en début de mois", flows.opening, "total"),
        ("encaissements_ventes", "Encaissements clients (TTC le cas échéant)", f.cash_in.total,
         ""),
        ("apports", "Apports de l'exploitant et ARCE", money.apport, ""),
        ("subventions", "Subventions", money.grants, ""),
        ("emprunts_recus", "Emprunts reçus", money.loans_in, ""),
        ("encaissements", "Total des encaissements", flows.cash_in, "total"),
        ("fournisseurs", "Fournisseurs (achats, coûts directs, sous-traitance)",
         f.purchases.paid, ""),
        ("charges_fixes", "Charges externes", f.fixed.total, ""),
        ("investissements", "Investissements et frais de démarrage", inv.paid, ""),
        ("cotisations_versees", "Cotisations, CFP, TFC et versement libératoire",
         f.levies.paid, ""),
        ("cfe", "CFE", f.cfe.paid, ""),
        ("tva", "TVA payée", f.vat.paid, ""),
        ("remboursements", "Remboursements d'emprunts (capital)", money.principal, ""),
        ("interets", "Intérêts d'emprunts", money.interest, ""),
        ("prelevements", "Prélèvements de l'exploitant", money.drawings, ""),
        ("decaissements", "Total des décaissements", flows.cash_out, "total"),
        ("solde", "Solde du mois", flows.cash_in - flows.cash_out, ""),
        ("tresorerie_fin", "Trésorerie en fin de mois", flows.balance, "total"),
    ]
    lines = [Line(key, label, tuple(monthly), style) for key, label, monthly, style in rows]
    return make_table("tresorerie", "Plan de trésorerie mensuel",
                      [month_label(d) for d in f.months], lines,
                      [f"{d:%Y-%m}" for d in f.months])


def balance_sheet(f: Forecast) -> Table:
    b, t = f.balances, f.timeline
    ends = t.year_ends
    actif = (ends(b.fixed_assets) + ends(b.stock) + ends(b.receivables) + ends(b.vat_credit)
             + ends(b.cash))
    passif = (ends(b.equity) + ends(b.debt) + ends(b.supplier_debt) + ends(b.social_debt)
              + ends(b.vat_debt))
    lines = [
        Line("actif", "ACTIF", (), "section"),
        _stock_line(f, "immobilisations_nettes", "Immobilisations nettes", b.fixed_assets),
        _stock_line(f, "stocks", "Stocks", b.stock),
        _stock_line(f, "creances_clients", "Créances clients", b.receivables),
        _stock_line(f, "credit_tva", "TVA déductible et crédit de TVA", b.vat_credit),
        _stock_line(f, "tresorerie", "Trésorerie", b.cash),
        Line("total_actif", "Total actif", tuple(actif), "total"),
        Line("passif", "PASSIF", (), "section"),
        _stock_line(f, "compte_exploitant", "Compte de l'exploitant (apports + résultats − "
                    "prélèvements)", b.equity),
        _stock_line(f, "emprunts", "Emprunts restant dus", b.debt),
        _stock_line(f, "dettes_fournisseurs", "Dettes fournisseurs", b.supplier_debt),
        _stock_line(f, "dettes_sociales_fiscales", "Dettes sociales et fiscales (URSSAF)",
                    b.social_debt),
        _stock_line(f, "tva_due", "TVA due et TVA facturée à encaisser", b.vat_debt),
        Line("total_passif", "Total passif", tuple(passif), "total"),
    ]
    labels = [f"Au {t.last_month(y):%m/%Y} (fin d'année {y + 1})" for y in t.years]
    return make_table("bilan", "Bilan prévisionnel", labels, lines,
                      [f"annee_{y + 1}" for y in t.years])


def working_capital_by_year(f: Forecast) -> tuple[np.ndarray, np.ndarray]:
    """The BFR at each plan year's end and its change over the year."""
    bfr = f.timeline.year_ends(f.balances.working_capital)
    return bfr, np.diff(np.concatenate([[0.0], bfr]))


def working_capital(f: Forecast) -> Table:
    b, t = f.balances, f.timeline
    bfr, change = working_capital_by_year(f)
    turnover = t.by_year(f.turnover.total)
    days = tuple(v / s * DAYS_PER_YEAR if s else None for v, s in zip(bfr, turnover))
    lines = [
        _stock_line(f, "stocks", "Stocks", b.stock),
        _stock_line(f, "creances_clients", "Créances clients", b.receivables),
        _stock_line(f, "credit_tva", "TVA déductible et crédit de TVA", b.vat_credit),
        Line("dettes_fournisseurs", "Dettes fournisseurs", tuple(-t.year_ends(b.supplier_debt))),
        Line("dettes_sociales_fiscales", "Dettes sociales et fiscales",
             tuple(-t.year_ends(b.social_debt + b.vat_debt))),
        Line("bfr", "Besoin en fonds de roulement (BFR)", tuple(bfr), "total"),
        Line("bfr_jours", "BFR en jours de CA", days, "days"),
        Line("variation_bfr", "Variation du BFR", tuple(change)),
    ]
    return _yearly(f, "bfr", "Besoin en fonds de roulement", lines)


def depreciation_table(f: Forecast) -> Table:
    lines = []
    for i, (inv, dep) in enumerate(zip(f.assumptions.investments,
                                       f.investments.depreciation_by_investment)):
        mode = f"{inv.years} ans" if inv.years else "en charges"
        amount = euros(inv.amount)
        lines.append(Line(f"investissement_{i + 1}",
                          f"{inv.label} ({amount} TTC, mois {inv.month}, {mode})",
                          tuple(f.timeline.by_year(dep))))
    lines.append(_flow(f, "total_dotations", "Total des dotations", f.investments.depreciation,
                       "total"))
    lines.append(_stock_line(f, "valeur_nette", "Valeur nette des immobilisations en fin "
                             "d'année", f.balances.fixed_assets, "total"))
    return _yearly(f, "amortissements", "Tableau des amortissements", lines)
@dataclass(frozen=True)
class InitialPlan:
    """The initial financing plan: needs and resources of the launch, (key, label, amount) each."""
    needs: tuple[tuple[str, str, float], ...]  # key, label, amount
    resources: tuple[tuple[str, str, float], ...]

    @property
    def total_needs(self) -> float:
        return sum(v for *_, v in self.needs)

    @property
    def total_resources(self) -> float:
        return sum(v for *_, v in self.resources)


LAUNCH_MONTHS = 3  # the launch period of the initial financing plan


def initial_plan(f: Forecast) -> InitialPlan:
    """The plan a bank reads, under one rule: every need and resource of the launch period,
    the first LAUNCH_MONTHS months. Needs: the investments and set-up costs bought then (as
    paid), the initial stock (bought before opening), the working capital those months require
    beyond it, the safety cash. Resources: the opening cash, the apport, the loans and grants
    received then, and the ARCE — both instalments, the aid being granted at the start."""
    a = f.assumptions
    fin, ops = a.financing, a.operations
    launch = lambda items, **kw: sum(  # noqa: E731
        x.amount for x in items if x.month <= LAUNCH_MONTHS
        and all(getattr(x, k) == v for k, v in kw.items()))
    capex = sum(i.amount for i in a.investments if i.month <= LAUNCH_MONTHS and i.years > 0)
    setup = sum(i.amount for i in a.investments if i.month <= LAUNCH_MONTHS and i.years == 0)
    bfr = float(f.balances.working_capital[..., :LAUNCH_MONTHS].max()) - ops.initial_stock
    months = f"{LAUNCH_MONTHS} premiers mois"
    needs = (
        ("investissements", f"Investissements des {months} (TTC)", capex),
        ("frais_demarrage", f"Frais de démarrage des {months}", setup),
        ("stock_initial", "Stock initial (acheté avant l'ouverture)", ops.initial_stock),
        ("bfr_demarrage", f"Besoin en fonds de roulement des {months} (hors stock initial)",
         max(0.0, bfr)),
        ("tresorerie_securite", "Trésorerie de sécurité", a.project.minimum_cash),
    )
    resources = (
        ("tresorerie_depart", "Trésorerie de départ (hors apport)", a.project.opening_cash),
        ("apport", "Apport personnel", fin.apport),
        ("prets_honneur", f"Prêts d'honneur reçus les {months}", launch(fin.loans,
                                                                        kind="honneur")),
        ("emprunts_bancaires", f"Emprunts bancaires reçus les {months}",
         launch(fin.loans, kind="banque")),
        ("subventions", f"Subventions reçues les {months}", launch(fin.grants)),
        ("arce", "ARCE (ses deux versements)", float(f.funds.arce.sum())),
    )
    return InitialPlan(needs, resources)


def financing_plan(f: Forecast) -> tuple[Table, Table]:
    plan = initial_plan(f)
    gap = plan.total_resources - plan.total_needs
    initial = make_table(
        "plan_de_financement_initial", "Plan de financement initial", ["Montant"],
        [Line("besoins", "BESOINS", (), "section"),
         *[Line(key, label, (v,)) for key, label, v in plan.needs],
         Line("total_besoins", "Total des besoins", (plan.total_needs,), "total"),
         Line("ressources", "RESSOURCES", (), "section"),
         *[Line(key, label, (v,)) for key, label, v in plan.resources],
         Line("total_ressources", "Total des ressources", (plan.total_resources,), "total"),
         Line("ecart", "Excédent (+) ou manque (−) de financement", (gap,), "total")])

    by_year, t, money = f.timeline.by_year, f.timeline, f.funds
    caf = by_year(f.pnl.caf)
    _, bfr_change = working_capital_by_year(f)
    apports = by_year(money.apport + money.grants)
    loans = by_year(money.loans_in)
    uses = [by_year(f.investments.capex), by_year(money.principal), bfr_change,
            by_year(money.drawings), by_year(f.levies.vl)]
    resources = caf + apports + loans
    total_uses = sum(uses)
    cash_start = np.concatenate([[f.assumptions.project.opening_cash],
                                 t.year_ends(f.cash.balance)[:-1]])
    change = resources - total_uses
    yearly = _yearly(f, "plan_de_financement", f"Plan de financement sur {PLAN_YEARS} ans", [
        Line("ressources", "RESSOURCES", (), "section"),
        Line("caf", "Capacité d'autofinancement (CAF)", tuple(caf)),
        Line("apports", "Apports de l'exploitant, ARCE et subventions", tuple(apports)),
        Line("emprunts", "Emprunts", tuple(loans)),
        Line("total_ressources", "Total des ressources", tuple(resources), "total"),
        Line("emplois", "EMPLOIS", (), "section"),
        Line("investissements", "Investissements immobilisés", tuple(uses[0])),
        Line("remboursements", "Remboursement des emprunts (capital)", tuple(uses[1])),
        Line("variation_bfr", "Variation du BFR", tuple(uses[2])),
        Line("prelevements", "Prélèvements de l'exploitant", tuple(uses[3])),
        Line("versement_liberatoire", "Versement libératoire", tuple(uses[4])),
        Line("total_emplois", "Total des emplois", tuple(total_uses), "total"),
        Line("variation_tresorerie", "Variation de trésorerie", tuple(change), "total"),
        Line("tresorerie_debut", "Trésorerie en début d'année", tuple(cash_start)),
        Line("tresorerie_fin", "Trésorerie en fin d'année", tuple(cash_start + change), "total"),
    ])
    return initial, yearly


def break_even(f: Forecast) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Yearly fixed costs, variable-cost rate and break-even turnover (None-free: NaN when the
    variable costs eat the whole turnover). Under micro the contributions, CFP and TFC are
    variable: a rate of turnover; the versement libératoire is income tax, not an operating
    cost, and stays out."""
    by_year, due = f.timeline.by_year, f.levies
    fixed = by_year(f.pnl.external + f.cfe.paid + f.investments.depreciation + f.funds.interest)
    variable = by_year(f.purchases.materials + f.purchases.direct + due.cotisations + due.cfp
                       + due.tfc)
    turnover = by_year(f.turnover.total)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(turnover > 0, variable / np.where(turnover > 0, turnover, 1), np.nan)
        threshold = np.where(rate < 1, fixed / (1 - rate), np.nan)
    return fixed, rate, threshold


def payback_months(f: Forecast) -> int | None:
    """Months until the cash generated by the activity (CAF before expensed investments)
    covers all the investments; None beyond the plan."""
    inv = f.investments
    invested = float((inv.capex + inv.expensed).sum())
    if invested <= 0:
        return 0
    cumulative = np.cumsum(f.pnl.caf + inv.expensed)
    reached = np.nonzero(cumulative >= invested)[0]
    return int(reached[0]) + 1 if len(reached) else None


def _break_even_points(f: Forecast, threshold: np.ndarray) -> list[tuple[dt.date, float] | None]:
    """Each plan year's break-even: the month its cumulative turnover reaches the break-even
    turnover and the days from the year's start to it (a month's turnover spread evenly over
    its days), both from the same monthly cumulative; None if not reached."""
    out = []
    t = f.timeline
    for y in t.years:
        months = f.months[t.year_months(y)]
        turnover = f.turnover.total[t.year_months(y)]
        cumulative = np.cumsum(turnover)
        hit = np.nonzero(cumulative >= threshold[y])[0] if np.isfinite(threshold[y]) else []
        if not len(hit):
            out.append(None)
            continue
        m = int(hit[0])
        part = (threshold[y] - cumulative[m] + turnover[m]) / turnover[m] if turnover[m] else 0.0
        days = (months[m] - months[0]).days + max(0.0, float(part)) * days_in_month(months[m])
        out.append((months[m], days))
    return out


def _nan_to_none(values) -> tuple:
    return tuple(None if v is None or not np.isfinite(v) else float(v) for v in values)


def indicators(f: Forecast) -> Table:
    t, pnl = f.timeline, f.pnl
    by_year = t.by_year
    turnover = by_year(f.turnover.total)
    result = by_year(pnl.result)
    fixed, rate, threshold = break_even(f)
    points = _break_even_points(f, threshold)
    payback = payback_months(f)
    available = result - by_year(pnl.income_tax)
    lines = [
        Line("chiffre_affaires", "Chiffre d'affaires HT", tuple(turnover)),
        Line("taux_marge_brute", "Taux de marge brute", _ratio(by_year(pnl.gross_margin),
                                                               turnover), "percent"),
        _flow(f, "valeur_ajoutee", "Valeur ajoutée", pnl.value_added),
        _flow(f, "ebe", "Excédent brut d'exploitation (EBE)", pnl.ebe),
        Line("resultat", "Résultat de l'exercice", tuple(result)),
        Line("caf", "Capacité d'autofinancement (CAF)",
             tuple(by_year(pnl.caf))),
        Line("marge_nette", "Marge nette (résultat / CA)", _ratio(result, turnover), "percent"),
        Line("charges_totales", "Charges totales (CA − résultat)", tuple(turnover - result)),
        Line("charges_fixes", "Charges fixes", tuple(fixed)),
        Line("taux_charges_variables", "Charges variables (part du CA)", _nan_to_none(rate),
             "percent"),
        Line("seuil_rentabilite", "Seuil de rentabilité (CA)", _nan_to_none(threshold)),
        Line("point_mort_jours", "Point mort (jours depuis le début de l'année)",
             tuple(p[1] if p else None for p in points), "days"),
        Line("point_mort_mois", "Point mort atteint en",
             tuple(month_label(p[0]) if p else "non atteint" for p in points), "text"),
        Line("revenu_mensuel", "Revenu mensuel de l'exploitant (après cotisations et impôt)",
             tuple(available / MONTHS_PER_YEAR)),
        Line("tresorerie_fin_annee", "Trésorerie en fin d'année", tuple(t.year_ends(f.cash.balance))),
        Line("tresorerie_min_annee", "Trésorerie la plus basse de l'année",
             tuple(t.year_min(f.cash.balance))),
        Line("retour_investissement", "Retour sur investissement (mois)",
             (payback if payback is not None else f"au-delà de {HORIZON} mois", None, None),
             "months"),
    ]
    return _yearly(f, "indicateurs", "Indicateurs clés", lines)
