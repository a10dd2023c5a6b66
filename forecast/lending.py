"""What a lender reads about the loans of the plan: their terms, the repayment schedule over
their whole life, and whether the activity pays them back (debt-service cover).

Cover: an entreprise individuelle pays its loans back from its capacité d'autofinancement
(CAF = result + depreciation, interest already deducted) once the owner's drawings and the
versement libératoire are paid — the owner's drawings are a use of the CAF in the financing plan
of an EI (Bpifrance Création, « Le plan de financement à 3 ans »). The cover is that available
CAF over the capital repaid in the year: at least 100 % means the activity repays its loans.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .assumptions import Loan
from .engine import Forecast
from .french import euros, month_label
from .schedule import loan_schedule
from .statements import year_columns
from .tables import Line, Table, make_table
from .timeline import MONTHS_PER_YEAR, PLAN_YEARS, month_starts

KIND_LABELS = {"banque": "Prêt bancaire", "honneur": "Prêt d'honneur"}


def instalment(loan: Loan) -> float:
    """The constant monthly payment (capital + interest) after the deferral: the annuity
    P·r / (1 − (1 + r)^−n), with r the monthly rate and n the months of repayment; P/n at 0 %."""
    n = loan.months - loan.deferral
    r = loan.rate / 12
    factor = 1 - (1 + r) ** -n  # 0 for a rate too small to count: no interest then
    return loan.amount * r / factor if factor > 0 else loan.amount / n


def whole_schedule(loan: Loan):
    """The loan's schedule month by month until its last payment, from the plan's first month
    (`loan_schedule` cut at the plan's horizon shows only its first years)."""
    return loan_schedule(loan, n=loan.month + loan.months)


@dataclass(frozen=True, eq=False)
class DebtCover:
    """By plan year: the CAF available to repay the loans, the capital repaid and the interest."""
    available: np.ndarray  # CAF after drawings and versement libératoire, by plan year
    principal: np.ndarray  # capital repaid, by plan year
    interest: np.ndarray

    @property
    def ratio(self) -> tuple:
        return tuple(float(a / p) if p > 0.005 else None
                     for a, p in zip(self.available, self.principal))

    @property
    def covered(self) -> tuple[bool, ...]:
        return tuple(bool(a >= p - 0.005) for a, p in zip(self.available, self.principal))


def debt_cover(f: Forecast) -> DebtCover:
    by_year = f.timeline.by_year
    caf = by_year(f.pnl.caf)
    available = caf - by_year(f.funds.drawings) - by_year(f.levies.vl)
    return DebtCover(available, by_year(f.funds.principal), by_year(f.funds.interest))


def verdict(cover: DebtCover, year: int) -> str:
    """A word a column can hold: « Couverts », « Manque 1 200 € », « Sans remboursement »."""
    if cover.principal[year] <= 0.005:
        return "Sans remboursement"
    if cover.covered[year]:
        return "Couverts"
    return f"Manque {euros(cover.principal[year] - cover.available[year])}"


def loans_table(f: Forecast) -> Table:
    """The terms of each loan, one column per loan (the financing request)."""
    loans = f.assumptions.financing.loans
    months = f.months

    def when(loan: Loan, offset: int) -> str:
        day = month_starts(months[0], loan.month + offset)[-1]
        return month_label(day)

    lines = [
        Line("type", "Type", tuple(KIND_LABELS.get(l.kind, l.kind) for l in loans), "text"),
        Line("montant", "Montant", tuple(l.amount for l in loans)),
        Line("deblocage", "Déblocage", tuple(when(l, 0) for l in loans), "text"),
        Line("duree", "Durée totale", tuple(l.months for l in loans), "months"),
        Line("differe", "dont différé (intérêts seuls)", tuple(l.deferral for l in loans),
             "months"),
        Line("taux", "Taux annuel", tuple(l.rate for l in loans), "percent"),
        Line("mensualite", "Mensualité après différé", tuple(instalment(l) for l in loans)),
        Line("cout_interets", "Coût total des intérêts",
             tuple(float(whole_schedule(l).interest.sum()) for l in loans)),
        Line("derniere_echeance", "Dernière échéance", tuple(when(l, l.months) for l in loans),
             "text"),
    ]
    return make_table("emprunts", "Emprunts et prêts du plan", [l.label for l in loans], lines,
                      [f"emprunt_{i + 1}" for i in range(len(loans))])


SCHEDULE_COLUMNS = 6  # years shown one by one; a longer loan's later years are summed


def schedule_table(f: Forecast) -> Table:
    """All loans together, by plan year until the last payment (beyond the 3 years of the
    forecast when a loan runs longer); from the sixth year on, one column sums the rest."""
    loans = f.assumptions.financing.loans
    last = max((l.month + l.months for l in loans), default=MONTHS_PER_YEAR)
    years = max(PLAN_YEARS, math.ceil(last / MONTHS_PER_YEAR))
    n = MONTHS_PER_YEAR * years
    principal, interest, outstanding = (np.zeros(n) for _ in range(3))
    for loan in loans:
        s = loan_schedule(loan, n=n)
        principal += s.principal
        interest += s.interest
        outstanding += s.outstanding
    months = month_starts(f.months[0], n)
    shown = years if years <= SCHEDULE_COLUMNS else SCHEDULE_COLUMNS - 1
    labels = [f"Année {y + 1} ({months[12 * y]:%m/%Y} – {months[12 * y + 11]:%m/%Y})"
              for y in range(shown)]
    keys = [f"annee_{y + 1}" for y in range(shown)]
    if shown < years:
        labels.append(f"Années {shown + 1} à {years} ({months[12 * shown]:%m/%Y} – "
                      f"{months[-1]:%m/%Y})")
        keys.append(f"annees_{shown + 1}_{years}")

    def yearly(monthly: np.ndarray) -> tuple:
        sums = f.timeline.by_year(monthly)
        return (*sums[:shown], *((sums[shown:].sum(),) if shown < years else ()))

    ends = f.timeline.year_ends(outstanding)
    lines = [
        Line("echeances", "Échéances (capital et intérêts)", yearly(principal + interest),
             "total"),
        Line("capital", "dont capital remboursé", yearly(principal)),
        Line("interets", "dont intérêts", yearly(interest)),
        Line("capital_restant", "Capital restant dû en fin de période",
             (*ends[:shown], *((ends[-1],) if shown < years else ()))),
    ]
    return make_table("echeancier", "Échéancier des emprunts", labels, lines, keys)


def cover_table(f: Forecast) -> Table:
    """Each plan year: what the activity leaves to repay the loans, against the capital due."""
    c = debt_cover(f)
    by_year = f.timeline.by_year
    ebe = by_year(f.pnl.ebe)
    caf = by_year(f.pnl.caf)
    labels, keys = year_columns(f)
    lines = [
        Line("ebe", "Excédent brut d'exploitation (EBE)", tuple(ebe)),
        Line("annuites", "Échéances des emprunts (capital et intérêts)",
             tuple(c.principal + c.interest)),
        Line("caf", "Capacité d'autofinancement (CAF, intérêts déduits)", tuple(caf)),
        Line("prelevements", "− Prélèvements de l'exploitant", tuple(-by_year(f.funds.drawings))),
        Line("versement_liberatoire", "− Versement libératoire", tuple(-by_year(f.levies.vl))),
        Line("caf_disponible", "CAF disponible pour rembourser", tuple(c.available), "total"),
        Line("remboursements", "Capital des emprunts à rembourser", tuple(c.principal)),
        Line("couverture", "Couverture (CAF disponible / capital)", c.ratio, "times"),
        Line("verdict", "Verdict", tuple(verdict(c, y) for y in f.timeline.years), "text"),
    ]
    return make_table("couverture_emprunts", "Capacité de remboursement", labels, lines, keys)


def lending_tables(f: Forecast) -> tuple[Table, ...]:
    return loans_table(f), schedule_table(f), cover_table(f)
