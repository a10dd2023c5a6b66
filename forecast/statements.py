"""The financial part of the business plan, rolled up from the monthly forecast."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import Forecast
from .schedule import by_year, depreciation, year_ends
from .tables import Line, Table, make_table
from .thresholds import month_label

YEARS = 3


def year_columns(f: Forecast) -> tuple[list[str], list[str]]:
    labels, keys = [], []
    for y in range(YEARS):
        first, last = f.months[12 * y], f.months[12 * y + 11]
        labels.append(f"Année {y + 1} ({first:%m/%Y} – {last:%m/%Y})")
        keys.append(f"annee_{y + 1}")
    return labels, keys


def _yearly(f: Forecast, key: str, title: str, lines: list[Line]) -> Table:
    labels, keys = year_columns(f)
    return make_table(key, title, labels, lines, keys)


def _flow(f: Forecast, key: str, label: str, series: str, style: str = "",
          sign: float = 1.0) -> Line:
    return Line(key, label, tuple(sign * by_year(f[series])), style)


def _stock_line(f: Forecast, key: str, label: str, series: str, style: str = "") -> Line:
    return Line(key, label, tuple(year_ends(f[series])), style)


def _ratio(num, den) -> tuple:
    return tuple(float(n) / float(d) if d else None for n, d in zip(num, den))


def income_statement(f: Forecast) -> Table:
    tax = by_year(f["income_tax"])
    result = by_year(f["result"])
    offers = [Line(f"ca_offre_{i + 1}", f"  dont {offer.name}", tuple(by_year(series)))
              for i, (offer, series) in enumerate(zip(f.assumptions.offers, f.offers_turnover))]
    lines = [
        _flow(f, "chiffre_affaires", "Chiffre d'affaires HT", "turnover", "total"),
        *offers,
        _flow(f, "achats_consommes", "Achats consommés (marchandises, matières)", "materials"),
        _flow(f, "couts_directs", "Coûts directs (services, sous-traitance)", "direct"),
        _flow(f, "marge_brute", "Marge brute", "gross_margin", "total"),
        _flow(f, "charges_externes", "Charges externes", "external"),
        _flow(f, "valeur_ajoutee", "Valeur ajoutée", "value_added", "total"),
        _flow(f, "impots_taxes", "Impôts et taxes (CFE, CFP, TFC)", "taxes"),
        _flow(f, "cfe", "  dont CFE", "cfe"),
        Line("cfp_tfc", "  dont CFP et TFC", tuple(by_year(f["cfp"] + f["tfc"]))),
        _flow(f, "cotisations_sociales", "Cotisations sociales de l'exploitant", "cotisations"),
        _flow(f, "ebe", "Excédent brut d'exploitation (EBE)", "ebe", "total"),
        _flow(f, "dotations", "Dotations aux amortissements", "depreciation"),
        _flow(f, "resultat_exploitation", "Résultat d'exploitation", "operating", "total"),
        _flow(f, "charges_financieres", "Charges financières (intérêts)", "interest"),
        Line("resultat", "Résultat de l'exercice (avant impôt sur le revenu)", tuple(result),
             "total"),
        Line("impot_revenu", "Versement libératoire" if f.assumptions.project.versement_liberatoire
             else "Impôt sur le revenu estimé", tuple(tax)),
        Line("revenu_disponible", "Revenu disponible de l'exploitant", tuple(result - tax),
             "total"),
    ]
    return _yearly(f, "compte_de_resultat", "Compte de résultat prévisionnel", lines)


def cash_plan(f: Forecast) -> Table:
    rows = [
        ("tresorerie_debut", "Trésorerie en début de mois", None, "total"),
        ("encaissements_ventes", "Encaissements clients (TTC le cas échéant)", "receipts", ""),
        ("apports", "Apports de l'exploitant et ARCE", "apport", ""),
        ("subventions", "Subventions", "grants", ""),
        ("emprunts_recus", "Emprunts reçus", "loans_in", ""),
        ("encaissements", "Total des encaissements", "cash_in", "total"),
        ("fournisseurs", "Fournisseurs (achats, coûts directs, sous-traitance)", "supplier_paid",
         ""),
        ("charges_fixes", "Charges externes", "fixed", ""),
        ("investissements", "Investissements et frais de démarrage", None, ""),
        ("cotisations_versees", "Cotisations, CFP, TFC et versement libératoire",
         "levies_paid", ""),
        ("cfe", "CFE", "cfe", ""),
        ("tva", "TVA reversée", "vat_paid", ""),
        ("remboursements", "Remboursements d'emprunts (capital)", "principal", ""),
        ("interets", "Intérêts d'emprunts", "interest", ""),
        ("prelevements", "Prélèvements de l'exploitant", "drawings", ""),
        ("decaissements", "Total des décaissements", "cash_out", "total"),
        ("solde", "Solde du mois", None, ""),
        ("tresorerie_fin", "Trésorerie en fin de mois", "cash", "total"),
    ]
    opening = np.concatenate([[f.assumptions.project.opening_cash], f["cash"][:-1]])
    computed = {"tresorerie_debut": opening, "investissements": f["capex"] + f["expensed"],
                "solde": f["cash_in"] - f["cash_out"]}
    lines = [Line(key, label, tuple(computed[key] if series is None else f[series]), style)
             for key, label, series, style in rows]
    return make_table("tresorerie", "Plan de trésorerie mensuel",
                      [month_label(d) for d in f.months], lines,
                      [f"{d:%Y-%m}" for d in f.months])


def balance_sheet(f: Forecast) -> Table:
    def ends(series):
        return year_ends(f[series])
    actif = ends("fixed_assets") + ends("stock") + ends("receivables") + ends("cash")
    passif = ends("equity") + ends("debt") + ends("supplier_debt") + ends("social_debt") + \
        ends("vat_debt")
    lines = [
        Line("actif", "ACTIF", (), "section"),
        _stock_line(f, "immobilisations_nettes", "Immobilisations nettes", "fixed_assets"),
        _stock_line(f, "stocks", "Stocks", "stock"),
        _stock_line(f, "creances_clients", "Créances clients", "receivables"),
        _stock_line(f, "tresorerie", "Trésorerie", "cash"),
        Line("total_actif", "Total actif", tuple(actif), "total"),
        Line("passif", "PASSIF", (), "section"),
        _stock_line(f, "compte_exploitant", "Compte de l'exploitant (apports + résultats − "
                    "prélèvements)", "equity"),
        _stock_line(f, "emprunts", "Emprunts restant dus", "debt"),
        _stock_line(f, "dettes_fournisseurs", "Dettes fournisseurs", "supplier_debt"),
        _stock_line(f, "dettes_sociales_fiscales", "Dettes sociales et fiscales (URSSAF)",
                    "social_debt"),
        _stock_line(f, "tva_due", "TVA à reverser", "vat_debt"),
        Line("total_passif", "Total passif", tuple(passif), "total"),
    ]
    labels = [f"Au {f.months[12 * y + 11]:%m/%Y} (fin d'année {y + 1})" for y in range(YEARS)]
    return make_table("bilan", "Bilan prévisionnel", labels, lines,
                      [f"annee_{y + 1}" for y in range(YEARS)])


def working_capital_series(f: Forecast) -> np.ndarray:
    return (f["stock"] + f["receivables"] - f["supplier_debt"] - f["social_debt"]
            - f["vat_debt"])


def working_capital(f: Forecast) -> Table:
    bfr = year_ends(working_capital_series(f))
    change = np.diff(np.concatenate([[0.0], bfr]))
    turnover = by_year(f["turnover"])
    days = tuple(b / t * 365 if t else None for b, t in zip(bfr, turnover))
    lines = [
        _stock_line(f, "stocks", "Stocks", "stock"),
        _stock_line(f, "creances_clients", "Créances clients", "receivables"),
        Line("dettes_fournisseurs", "Dettes fournisseurs", tuple(-year_ends(f["supplier_debt"]))),
        Line("dettes_sociales_fiscales", "Dettes sociales et fiscales",
             tuple(-year_ends(f["social_debt"] + f["vat_debt"]))),
        Line("bfr", "Besoin en fonds de roulement (BFR)", tuple(bfr), "total"),
        Line("bfr_jours", "BFR en jours de CA", days, "days"),
        Line("variation_bfr", "Variation du BFR", tuple(change)),
    ]
    return _yearly(f, "bfr", "Besoin en fonds de roulement", lines)


def depreciation_table(f: Forecast) -> Table:
    lines = []
    for i, inv in enumerate(f.assumptions.investments):
        dep = by_year(depreciation(inv))
        mode = f"{inv.years} ans" if inv.years else "en charges"
        amount = f"{inv.amount:,.0f}".replace(",", "\u202f")
        lines.append(Line(f"investissement_{i + 1}",
                          f"{inv.label} ({amount} € TTC, mois {inv.month}, {mode})", tuple(dep)))
    lines.append(_flow(f, "total_dotations", "Total des dotations", "depreciation", "total"))
    lines.append(_stock_line(f, "valeur_nette", "Valeur nette des immobilisations en fin "
                             "d'année", "fixed_assets", "total"))
    return _yearly(f, "amortissements", "Tableau des amortissements", lines)


@dataclass(frozen=True)
class InitialPlan:
    needs: tuple[tuple[str, str, float], ...]  # key, label, amount
    resources: tuple[tuple[str, str, float], ...]

    @property
    def total_needs(self) -> float:
        return sum(v for *_, v in self.needs)

    @property
    def total_resources(self) -> float:
        return sum(v for *_, v in self.resources)


def initial_plan(f: Forecast) -> InitialPlan:
    """Start-up needs and resources: what is spent and raised in the first month, the working
    capital the first three months require, and the safety cash."""
    a = f.assumptions
    fin = a.financing
    bfr = working_capital_series(f)
    first = lambda items: sum(x.amount for x in items if x.month == 1)  # noqa: E731
    capex = sum(i.amount for i in a.investments if i.month == 1 and i.years > 0)
    setup = sum(i.amount for i in a.investments if i.month == 1 and i.years == 0)
    needs = (
        ("investissements", "Investissements de départ (TTC)", capex),
        ("frais_demarrage", "Frais de démarrage", setup),
        ("bfr_demarrage", "Besoin en fonds de roulement de démarrage (3 premiers mois)",
         max(0.0, bfr[:3].max())),
        ("tresorerie_securite", "Trésorerie de sécurité", a.project.minimum_cash),
    )
    bank = sum(l.amount for l in fin.loans if l.month == 1 and l.kind == "banque")
    honour = sum(l.amount for l in fin.loans if l.month == 1 and l.kind == "honneur")
    resources = (
        ("tresorerie_depart", "Trésorerie de départ", a.project.opening_cash),
        ("apport", "Apport personnel", fin.apport),
        ("prets_honneur", "Prêts d'honneur", honour),
        ("emprunts_bancaires", "Emprunts bancaires", bank),
        ("subventions", "Subventions", first(fin.grants)),
        ("arce", "ARCE (1er versement)", fin.arce / 2),
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

    caf = by_year(f["result"] + f["depreciation"])
    bfr = year_ends(working_capital_series(f))
    bfr_change = np.diff(np.concatenate([[0.0], bfr]))
    apports = by_year(f["apport"] + f["grants"])
    loans = by_year(f["loans_in"])
    uses = [by_year(f["capex"]), by_year(f["principal"]), bfr_change, by_year(f["drawings"]),
            by_year(f["vl"])]
    resources = caf + apports + loans
    total_uses = sum(uses)
    cash_start = np.concatenate([[f.assumptions.project.opening_cash], year_ends(f["cash"])[:-1]])
    change = resources - total_uses
    yearly = _yearly(f, "plan_de_financement", "Plan de financement sur 3 ans", [
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
    variable costs eat the whole turnover). Under micro the contributions, CFP, TFC and the
    versement libératoire are variable: a rate of turnover."""
    fixed = by_year(f["external"] + f["cfe"] + f["depreciation"] + f["interest"])
    variable = by_year(f["materials"] + f["direct"] + f["cotisations"] + f["cfp"] + f["tfc"]
                       + f["vl"])
    turnover = by_year(f["turnover"])
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(turnover > 0, variable / np.where(turnover > 0, turnover, 1), np.nan)
        threshold = np.where(rate < 1, fixed / (1 - rate), np.nan)
    return fixed, rate, threshold


def payback_months(f: Forecast) -> int | None:
    """Months until the cash generated by the activity (CAF before expensed investments)
    covers all the investments; None beyond the plan."""
    invested = float((f["capex"] + f["expensed"]).sum())
    if invested <= 0:
        return 0
    cumulative = np.cumsum(f["result"] + f["depreciation"] + f["expensed"])
    reached = np.nonzero(cumulative >= invested)[0]
    return int(reached[0]) + 1 if len(reached) else None


def _break_even_month(f: Forecast, threshold: np.ndarray) -> list[str]:
    out = []
    for y in range(YEARS):
        cumulative = np.cumsum(f["turnover"][12 * y: 12 * y + 12])
        hit = np.nonzero(cumulative >= threshold[y])[0] if np.isfinite(threshold[y]) else []
        out.append(month_label(f.months[12 * y + int(hit[0])]) if len(hit) else "non atteint")
    return out


def _nan_to_none(values) -> tuple:
    return tuple(None if v is None or not np.isfinite(v) else float(v) for v in values)


def indicators(f: Forecast) -> Table:
    turnover = by_year(f["turnover"])
    result = by_year(f["result"])
    fixed, rate, threshold = break_even(f)
    days = np.where(turnover > 0, threshold / np.where(turnover > 0, turnover, 1) * 365, np.nan)
    payback = payback_months(f)
    available = result - by_year(f["income_tax"])
    lines = [
        Line("chiffre_affaires", "Chiffre d'affaires HT", tuple(turnover)),
        Line("taux_marge_brute", "Taux de marge brute", _ratio(by_year(f["gross_margin"]),
                                                               turnover), "percent"),
        _flow(f, "valeur_ajoutee", "Valeur ajoutée", "value_added"),
        _flow(f, "ebe", "Excédent brut d'exploitation (EBE)", "ebe"),
        Line("resultat", "Résultat de l'exercice", tuple(result)),
        Line("caf", "Capacité d'autofinancement (CAF)",
             tuple(result + by_year(f["depreciation"]))),
        Line("marge_nette", "Marge nette (résultat / CA)", _ratio(result, turnover), "percent"),
        Line("charges_totales", "Charges totales (CA − résultat)", tuple(turnover - result)),
        Line("charges_fixes", "Charges fixes", tuple(fixed)),
        Line("taux_charges_variables", "Charges variables (part du CA)", _nan_to_none(rate),
             "percent"),
        Line("seuil_rentabilite", "Seuil de rentabilité (CA)", _nan_to_none(threshold)),
        Line("point_mort_jours", "Point mort (jours de CA)", _nan_to_none(days), "days"),
        Line("point_mort_mois", "Point mort atteint en", tuple(_break_even_month(f, threshold)),
             "text"),
        Line("revenu_mensuel", "Revenu mensuel de l'exploitant (après cotisations et impôt)",
             tuple(available / 12)),
        Line("tresorerie_fin_annee", "Trésorerie en fin d'année", tuple(year_ends(f["cash"]))),
        Line("tresorerie_min_annee", "Trésorerie la plus basse de l'année",
             tuple(f["cash"].reshape(-1, 12).min(axis=1))),
        Line("retour_investissement", "Retour sur investissement (mois)",
             (payback if payback is not None else "au-delà de 36 mois", None, None), "months"),
    ]
    return _yearly(f, "indicateurs", "Indicateurs clés", lines)
