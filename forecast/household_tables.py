"""The « Revenus du foyer » tables: the household by civil year, ARE against ARCE side by side
with the advice on which suits the plan, and the assumptions planae makes where the law leaves a
choice to France Travail or the tax office."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from .assumptions import ARCE, ARE
from .drivers import Drivers
from .engine import Forecast, cash_balance
from . import french
from .french import MONTHS, euros, month_label
from .household import (Household, TaxYear, civil_years, existing, nearest_whole,
                        unpaid_drawings)
from .income_tax import tax_rules
from .rules import Rules
from .tables import Line, Table, make_table

OPTION_LABELS = {ARE: "ARE maintenue", ARCE: "ARCE"}
WITH_ARTICLE = {ARE: "L'ARE maintenue", ARCE: "L'ARCE"}


def _sums(h: Household, monthly: np.ndarray) -> tuple[float, ...]:
    return tuple(float(monthly[idx].sum()) for _, idx in civil_years(h.months))


def _cheaper(without: float, with_vl: float) -> str:
    if abs(without - with_vl) < 0.5:
        return "égal"
    return "avec" if with_vl < without else "sans"


def _allowed(value: bool | None) -> str:
    return {True: "oui", False: "non", None: "RFR non saisi"}[value]


def household_table(h: Household) -> Table:
    """The household by civil year (the income year of its tax). A truncated year has no tax
    figures (None)."""
    years = civil_years(h.months)

    def tax(get) -> tuple:
        return tuple(None if y.truncated else get(y) for y in h.years)

    needs = _sums(h, h.needs) if h.founder.has_budget else (None,) * len(years)
    columns = [f"{year} ({len(idx)} mois)" if len(idx) < 12 else str(year)
               for year, idx in years]
    lines = [
        Line("are", "ARE perçue (nette de la participation retraite)", _sums(h, h.are)),
        Line("arce", "ARCE versée (apportée à l'entreprise)", _sums(h, h.arce)),
        Line("prelevements", "Prélèvements sur l'entreprise", _sums(h, h.drawings)),
        Line("autres_revenus", "Autres revenus du foyer", _sums(h, h.other_income)),
        Line("impot_paye", "Impôt sur le revenu payé dans l'année (à la source, acomptes, "
                           "solde)", _sums(h, h.tax_paid)),
        Line("revenu_disponible", "Revenu disponible du foyer",
             _sums(h, h.disposable), "total"),
        Line("besoins", "Besoins du foyer (budget personnel)", needs),
        Line("impot", "Impôt sur les revenus de l'année", (), "section"),
        Line("revenu_micro", "Revenu de la micro-entreprise après abattement",
             tax(lambda y: float(y.micro_income))),
        Line("revenu_imposable", "Autres revenus imposables (dont ARE et ARCE après 10 %)",
             tax(lambda y: float(y.taxable))),
        Line("impot_sans_vl", "Impôt sans versement libératoire",
             tax(lambda y: float(y.cost_without_vl)), "total"),
        Line("versement_liberatoire", "Versement libératoire (payé avec les cotisations)",
             tax(lambda y: float(y.vl))),
        Line("impot_autres_revenus_vl", "Impôt sur les autres revenus, avec versement "
                                        "libératoire", tax(lambda y: float(y.with_vl.due))),
        Line("impot_avec_vl", "Impôt avec versement libératoire (versement compris)",
             tax(lambda y: float(y.cost_with_vl)), "total"),
        Line("moins_cher", "Le moins cher pour ce foyer : avec ou sans versement libératoire",
             tax(lambda y: _cheaper(float(y.cost_without_vl), float(y.cost_with_vl))), "text"),
        Line("vl_permis", "Versement libératoire permis (revenu fiscal de référence de N-2)",
             tuple(_allowed(y.vl_allowed) for y in h.years), "text"),
    ]
    return make_table("revenus_foyer", "Revenus du foyer par année civile", columns, lines,
                      [str(year) for year, _ in years])


@dataclass(frozen=True, eq=False)
class Outcome:
    """One option over the plan."""
    option: str
    received: float  # ARE paid to the household, or ARCE paid into the business
    lowest_cash: float  # the business's lowest cash at a month's end
    lowest_month: dt.date
    rights_left: float  # days of ARE left at the plan's end if the business then stopped
    cash: np.ndarray  # the business's cash at each month's end


@dataclass(frozen=True, eq=False)
class Comparison:
    """ARE kept against ARCE taken: each option's outcome, the one chosen, the one advised."""
    are: Outcome
    arce: Outcome | None  # None without ACRE: no ARCE
    chosen: str
    best: str
    advice: str


def outcome(option: str, received: np.ndarray, cash: np.ndarray, rights_left: np.ndarray,
            months) -> Outcome:
    low = int(np.argmin(cash))
    return Outcome(option, float(received.sum()), float(cash[low]), months[low],
                   float(rights_left[-1]), cash)


def advice(are: Outcome, arce: Outcome | None, minimum: float) -> tuple[str, str]:
    """Which option suits the plan, and why (in French)."""
    if arce is None:
        return ARE, ("Sans ACRE, l'ARCE n'est pas accordée : l'ARE maintenue est la seule "
                     "option.")
    ok = {o.option: o.lowest_cash >= minimum for o in (are, arce)}
    low = {o.option: f"{euros(o.lowest_cash)} en {month_label(o.lowest_month)}"
           for o in (are, arce)}
    if ok[ARCE] and not ok[ARE]:
        return ARCE, (f"L'ARCE garde la trésorerie de l'entreprise au-dessus du minimum "
                      f"({euros(minimum)}) : au plus bas {low[ARCE]}, contre {low[ARE]} avec "
                      f"l'ARE maintenue.")
    if ok[ARE] and not ok[ARCE]:
        return ARE, (f"L'ARE maintenue garde la trésorerie de l'entreprise au-dessus du minimum "
                     f"({euros(minimum)}) : au plus bas {low[ARE]}, contre {low[ARCE]} avec "
                     f"l'ARCE.")
    best, other = (are, arce) if are.received >= arce.received else (arce, are)
    why = (f"{WITH_ARTICLE[best.option]} apporte {euros(best.received - other.received)} de "
           f"plus sur les 36 mois ({euros(best.received)} contre {euros(other.received)})")
    if ok[ARE]:
        why += (f" ; la trésorerie de l'entreprise reste au-dessus du minimum avec l'une comme "
                f"l'autre (au plus bas {low[ARE]} avec l'ARE, {low[ARCE]} avec l'ARCE)")
    else:
        why += (f" ; avec l'une comme l'autre la trésorerie descend sous le minimum "
                f"({low[ARE]} avec l'ARE, {low[ARCE]} avec l'ARCE) : prévoyez un financement")
    if best.option == ARE:
        why += (" ; les droits non versés restent acquis si l'activité s'arrête "
                f"({best.rights_left:.0f} jours à la fin du plan)")
    return best.option, why + "."


def compare(are: Outcome, arce: Outcome | None, chosen: str, minimum: float) -> Comparison:
    best, text = advice(are, arce, minimum)
    return Comparison(are, arce, chosen, best, text)


def monthly_table(h: Household, cash: np.ndarray, unpaid: np.ndarray,
                  c: Comparison | None) -> Table:
    """The household month by month: what it needs and receives, the drawings the business
    must pay and the part it cannot (`unpaid`); then, with unemployment rights, ARE against
    ARCE."""
    lines = []
    if h.founder.has_budget:
        lines.append(Line("besoins", "Besoins du foyer (budget personnel)", tuple(h.needs)))
    lines += [
        Line("autres_revenus", "Autres revenus du foyer", tuple(h.other_income)),
        Line("are", "ARE perçue par le foyer", tuple(h.are)),
        Line("impot_paye", "Impôt sur le revenu payé", tuple(h.tax_paid)),
        Line("prelevements", "Prélèvements sur l'entreprise", tuple(h.drawings), "total"),
        Line("tresorerie", "Trésorerie de l'entreprise en fin de mois", tuple(cash)),
        Line("non_verses", "Prélèvements que l'entreprise ne peut pas verser",
             tuple(unpaid), "total"),
    ]
    u = h.unemployment
    if c is not None:
        lines += [
            Line("options", "ARE maintenue ou ARCE : les deux options" if c.arce else
                 "ARE maintenue (sans ACRE, pas d'ARCE)", (), "section"),
            Line("are_mensuelle", "ARE maintenue, versée au foyer", tuple(u.kept.paid)),
            Line("droits_are", "Droits restants si l'activité s'arrête, avec l'ARE (jours)",
                 tuple(u.kept.rights_left), "days"),
            Line("tresorerie_are", "Trésorerie de l'entreprise en fin de mois, avec l'ARE",
                 tuple(c.are.cash)),
        ]
        if c.arce is not None:
            lines += [
                Line("arce_versements", "ARCE, versée à l'entreprise",
                     tuple(u.arce_instalments)),
                Line("droits_arce", "Droits restants si l'activité s'arrête, avec l'ARCE "
                                    "(jours)", tuple(u.arce_rights_left), "days"),
                Line("tresorerie_arce", "Trésorerie de l'entreprise en fin de mois, avec "
                                        "l'ARCE", tuple(c.arce.cash)),
            ]
    return make_table("foyer_mois", "Le foyer mois par mois",
                      [month_label(d) for d in h.months], lines,
                      [f"{d:%Y-%m}" for d in h.months])


def comparison_json(c: Comparison) -> dict:
    """The `are_arce` object of `planae compute --json`."""
    def one(o: Outcome | None):
        return None if o is None else {
            "total_percu": round(o.received, 2), "tresorerie_min": round(o.lowest_cash, 2),
            "mois_tresorerie_min": f"{o.lowest_month:%Y-%m}",
            "droits_restants_fin_jours": round(o.rights_left, 2)}
    return {"are": one(c.are), "arce": one(c.arce), "choix": c.chosen or None,
            "conseil": c.best, "explication": c.advice}


def summary_table(c: Comparison | None, daily: float = 0.0) -> Table:
    """Both options side by side over the plan, which is chosen, which suits the plan; `daily`
    the allocation journalière, to tell the rights left in euros."""
    columns = [OPTION_LABELS[ARE], OPTION_LABELS[ARCE]]
    if c is None:
        return make_table("are_arce_synthese", "ARE maintenue ou ARCE", columns, [
            Line("sans_droits", "Droits à l'ARE", ("non saisis", None), "text")])
    both = (c.are, c.arce)

    def each(get) -> tuple:
        return tuple(get(o) if o is not None else None for o in both)
    return make_table("are_arce_synthese", "ARE maintenue ou ARCE", columns, [
        Line("total_percu", "Total perçu sur les 36 mois (ARE par le foyer, ARCE par "
                            "l'entreprise)", each(lambda o: o.received)),
        Line("tresorerie_min", "Trésorerie la plus basse de l'entreprise",
             each(lambda o: o.lowest_cash)),
        Line("mois_tresorerie_min", "Atteinte en", each(lambda o: month_label(o.lowest_month)),
             "text"),
        Line("droits_restants", "Droits restants si l'activité s'arrête à la fin du plan",
             each(lambda o: o.rights_left), "days"),
        Line("droits_restants_euros", "Les mêmes droits en euros (allocation journalière brute)",
             each(lambda o: o.rights_left * daily)),
        Line("choix", "Votre choix", tuple("choisie" if o is not None and o.option == c.chosen
                                            else "" for o in both), "text"),
        Line("conseil", "Ce qui convient au plan",
             tuple("conseillée" if o is not None and o.option == c.best else "" for o in both),
             "text"),
    ])


def _rights(days_left: float, daily: float) -> str:
    return f"{french.days(days_left)} de droits ({euros(days_left * daily)})"


def if_it_stops(h: Household, c: Comparison) -> list[str]:
    """What each option leaves if the business stops, in words."""
    u, daily = h.unemployment, h.founder.are_daily
    kept, months = u.kept.rights_left, h.months
    early = min(5, len(months) - 1)  # after six months of activity
    out = [f"Si l'activité s'arrête, avec l'ARE maintenue : les droits non versés, 40 % réservés "
           f"compris, peuvent être repris en se réinscrivant à France Travail — "
           f"{_rights(kept[early], daily)} fin {month_label(months[early])}, "
           f"{_rights(kept[-1], daily)} à la fin du plan."]
    if c.arce is not None:
        second = u.arce.second_month
        left = u.arce_rights_left
        out.append(f"Avec l'ARCE : un arrêt avant {month_label(months[second])} fait perdre le "
                   f"second versement ({euros(u.arce.second)}) et laisse "
                   f"{_rights(left[0], daily)} ; plus tard, {_rights(left[-1], daily)}.")
    return out


def advice_table(c: Comparison | None, h: Household) -> Table:
    """Why one option suits the plan, and what each leaves if the business stops, in words."""
    if c is None:
        texts = ["Pas de droits à l'ARE saisis (feuille Porteur de projet)."]
    else:
        texts = [c.advice, *if_it_stops(h, c)]
    keys = ("explication", "si_arret_are", "si_arret_arce")
    return make_table("are_arce_conseil", "ARE ou ARCE : ce qui convient au plan", [],
                      [Line(key, text, (), "text") for key, text in zip(keys, texts)])


def comparison_of(f: Forecast, rules: Rules) -> Comparison | None:
    """ARE against ARCE for this plan — the business's cash under each option (the other
    option's forecast computed again) — or None without rights. Without ACRE, no ARCE."""
    a, h = f.assumptions, f.household
    u = h.unemployment
    if u is None:
        return None

    def cash_under(option: str) -> np.ndarray:
        if u.choice == option:
            return f.cash.balance
        other = replace(a, founder=replace(a.founder, choice=option))
        return cash_balance(other, rules, Drivers.of(other))

    are = outcome(ARE, u.kept.paid, cash_under(ARE), u.kept.rights_left, f.months)
    arce = (outcome(ARCE, u.arce_instalments, cash_under(ARCE), u.arce_rights_left, f.months)
            if u.arce is not None else None)
    return compare(are, arce, a.founder.choice, a.project.minimum_cash)


def household_words(founder) -> str:
    """The tax household as planae reads it, in words."""
    who = "un couple imposé en commun" if founder.couple else "une personne seule"
    parts = french.number(founder.parts, 2, trim=True)
    other = (f"{euros(founder.other_income)} par mois d'autres revenus"
             if founder.other_income else "sans autres revenus")
    return f"{who}, {parts} part{'s' if founder.parts > 1 else ''} de quotient familial, {other}"


def assumptions_table(f: Forecast, years: tuple[TaxYear, ...], tax: Rules) -> Table:
    """What planae assumes where the rules leave a choice to France Travail or the tax office,
    or where it simplifies (said on the sheet); `years` the household's tax by civil year,
    computed with the income-tax rules `tax`."""
    last = tax.covered_until.year
    start = f.assumptions.project.start_date
    refund = MONTHS[int(tax.value("pas.remboursement.mois", dt.date(last, 1, 1))) - 1]
    later = [str(y.year) for y in years if y.year > last and not y.truncated]
    first_acompte = ("d'acompte avant septembre de l'année qui suit le début d'activité "
                     "(sauf acompte spontané : l'impôt estimé de l'année)")
    texts = [
        "ARE et ARCE : règles en vigueur depuis le 1er avril 2025 (règlement d'assurance chômage "
        "de la convention du 15 novembre 2024), appliquées à toute activité débutée depuis ; "
        "des droits ouverts avant 2025 peuvent relever de règles transitoires (à vérifier "
        "auprès de France Travail). Montants avant CSG et CRDS.",
        "ARE maintenue : le revenu retenu chaque mois est le chiffre d'affaires encaissé du mois "
        "après l'abattement forfaitaire ; tant qu'il n'est pas connu, France Travail peut verser "
        "une allocation provisoire puis régulariser (hypothèse : le revenu réel du mois). "
        "Plafond du cumul : le salaire journalier de référence × 30 jours ; participation "
        "retraite de 3 % de ce salaire retenue sur chaque jour payé, sans la limite qui la "
        "réduit pour les plus petites allocations (non modélisée) ; l'un et l'autre seulement "
        "quand le salaire de référence est saisi.",
        "ARE maintenue : pendant l'activité, au plus 60 % des droits restants au démarrage ; "
        "ensuite l'ARE s'arrête. Les droits non versés (les 40 % compris) peuvent être repris "
        "si l'activité cesse, en se réinscrivant dans le délai de validité des droits, ou, "
        "activité poursuivie sans revenu, sur décision de l'instance paritaire régionale.",
        "ARCE : participation retraite de 3 % déduite du capital (exemple de service-public.fr) "
        "; second versement six mois après le début si l'activité continue, sans CDI à temps "
        "plein. L'ARCE est versée à l'entreprise (ligne ARCE du plan de trésorerie). Si "
        "l'activité cesse, les droits restants sont diminués de l'ARCE versée (avant retenue) "
        "divisée par l'allocation journalière.",
        f"Foyer fiscal retenu (feuille Porteur de projet) : {household_words(f.assumptions.founder)}.",
        "Impôt : autres revenus du foyer comptés 12 mois par an ; ARE et ARCE imposables après "
        "la déduction de 10 % (sans son minimum ni son plafond) ; l'ARE perçue avant le début "
        "d'activité n'est pas comptée ; quotient familial au plafond général (cas du parent "
        "isolé, de l'invalidité non modélisés).",
        "Paiement : l'impôt des autres revenus est retenu à la source chaque mois ; celui de la "
        f"micro-entreprise par acomptes mensuels sur le dernier revenu déclaré (pas "
        f"{first_acompte}) et un solde l'année suivante, en septembre, ou de septembre à "
        "décembre au-delà de 300 € ; "
        f"un trop-versé est remboursé en {refund} de l'année suivante (hypothèse : "
        "l'administration rembourse fin juillet ou début août).",
    ]
    if existing(start, f.months):
        texts.append(f"Activité existante (depuis le {french.date(start)}) : les acomptes "
                     f"d'impôt reposent sur les revenus des années d'avant le plan, pris égaux "
                     f"à ceux de {nearest_whole(years, years[0].year - 1)} (hypothèse).")
    for y in years:
        if not y.truncated:
            continue
        near = nearest_whole(years, y.year)
        when = (f"le plan commence en {month_label(f.months[0])} ; l'impôt de l'année, sur des "
                f"revenus en partie antérieurs au plan" if y is years[0] else
                f"le plan s'arrête en {month_label(f.months[-1])} ; l'impôt de l'année, sur des "
                f"revenus surtout postérieurs au plan")
        texts.append(f"{y.year} : {when}, n'est pas calculé, et la retenue à la source sur les "
                     f"autres revenus est celle de {near}.")
    if later:
        texts.append(f"Barème : revenus {', '.join(later)} calculés avec le barème des revenus "
                     f"{last}, le dernier publié (hypothèse : barème non revalorisé).")
    return make_table("hypotheses_foyer", "Hypothèses de calcul des revenus du foyer", [],
                      [Line(f"hypothese_{i + 1}", f"{i + 1}. {text}", (), "text")
                       for i, text in enumerate(texts)])


@dataclass(frozen=True, eq=False)
class HouseholdOutputs:
    """The ARE/ARCE comparison, the drawings the business cannot pay, the household's tables."""
    comparison: Comparison | None
    unpaid: np.ndarray  # the drawings the business cannot pay, month by month
    tables: tuple[Table, ...]


def household_outputs(f: Forecast, rules: Rules) -> HouseholdOutputs:
    """The comparison, the drawings left unpaid and every « Revenus du foyer » table of the
    plan (their alerts: household_alerts)."""
    a, h = f.assumptions, f.household
    c = comparison_of(f, rules)
    unpaid = unpaid_drawings(h.drawings, f.cash.balance)
    return HouseholdOutputs(c, unpaid, (
        household_table(h), summary_table(c, a.founder.are_daily), advice_table(c, h),
        assumptions_table(f, h.years, rules.noting(tax_rules())),
        monthly_table(h, f.cash.balance, unpaid, c)))
