"""Loan schedules and payment delays against a spreadsheet's own functions: LibreOffice Calc
recalculates PMT, IPMT, PPMT (and the delay split with INT/MOD) in a workbook written here,
and the engine must give the same figures to the cent."""
import shutil
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from forecast.assumptions import Loan
from forecast.schedule import delay, loan_schedule
from report.export import convert

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) n'est pas "
                                                        "installé : .ci/run l'installe")

LOANS = [Loan("A", 10_000, 0.06, 12), Loan("B", 25_000, 0.045, 60, deferral=6, month=3),
         Loan("C", 7_500, 0.12, 36, deferral=3), Loan("D", 12_000, 0.0, 24)]
DELAYS = [0, 15, 30, 45, 60, 75, 180]
FLOWS = [300.0, 0.0, 1250.5, 80.0, 0.0, 0.0, 999.99, 40.0]


def recalculated(book: openpyxl.Workbook | Path) -> openpyxl.Workbook:
    """The workbook (or the workbook file) after LibreOffice has opened, recalculated and
    saved it."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "formules.xlsx", Path(tmp) / "out"
        if isinstance(book, Path):
            shutil.copyfile(book, src)
        else:
            book.save(src)
        return openpyxl.load_workbook(convert(src, "xlsx", out), data_only=True)


@pytest.fixture(scope="module")
def calc():
    book = openpyxl.Workbook()
    loans = book.active
    loans.title = "emprunts"
    for i, loan in enumerate(LOANS):
        rate, n = loan.rate / 12, loan.months - loan.deferral
        for k in range(1, n + 1):  # k-th instalment after the deferral
            loans.append([i, k, f"=-PMT({rate},{n},{loan.amount})",
                          f"=-IPMT({rate},{k},{n},{loan.amount})",
                          f"=-PPMT({rate},{k},{n},{loan.amount})"])
    delays = book.create_sheet("delais")
    for days in DELAYS:
        # a flow of month m is paid (1 − p) in month m + w and p in month m + w + 1, with
        # w = INT(days / 30) and p = MOD(days / 30; 1)
        cells = []
        for m in range(len(FLOWS)):
            terms = []
            for j, flow in enumerate(FLOWS):
                terms.append(f"IF({j}+INT({days}/30)={m},{flow}*(1-MOD({days}/30,1)),0)"
                             f"+IF({j}+INT({days}/30)+1={m},{flow}*MOD({days}/30,1),0)")
            cells.append("=" + "+".join(terms))
        delays.append(cells)
    return recalculated(book)


@pytest.mark.parametrize("i", range(len(LOANS)))
def test_loan_schedule_matches_pmt_ipmt_ppmt(calc, i):
    loan = LOANS[i]
    rows = [r for r in calc["emprunts"].iter_rows(values_only=True) if r[0] == i]
    s = loan_schedule(loan, n=loan.month + loan.months)
    first = loan.month - 1 + loan.deferral + 1  # the month of the first instalment
    interest = s.interest[first: first + len(rows)]
    principal = s.principal[first: first + len(rows)]
    assert np.allclose(interest + principal, [r[2] for r in rows], atol=0.005)
    assert np.allclose(interest, [r[3] for r in rows], atol=0.005)
    assert np.allclose(principal, [r[4] for r in rows], atol=0.005)
    # during the deferral: interest only, on the whole amount
    deferral = s.interest[loan.month: loan.month + loan.deferral]
    assert np.allclose(deferral, loan.amount * loan.rate / 12, atol=0.005)


@pytest.mark.parametrize("j", range(len(DELAYS)))
def test_payment_delay_split_matches_the_spreadsheet(calc, j):
    row = next(calc["delais"].iter_rows(min_row=j + 1, max_row=j + 1, values_only=True))
    assert np.allclose(delay(np.array(FLOWS), DELAYS[j]), row, atol=0.005)
