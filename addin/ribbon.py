"""The Python behind each button of the « Business Plan » ribbon tab (addin/customUI.xml ->
addin/vba/RibbonPlanae.bas -> RunPython -> here).

Each function works on the workbook that called it (`xw.Book.caller()`), through the Book
protocol (addin/xlbook.py), so « Calculer » runs the exact code of `planae compute`
(workbook.jobs.compute_book): each input block read in one call, each output table written in
one call. Progress shows in Excel's status bar; every problem ends in a French message box,
never in a Python traceback. Nothing is ever written into an input cell, except by
« Équilibrer le financement » once the person has confirmed.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import xlwings as xw

from forecast.errors import no_warnings

from .xlbook import XlBook

TITLE = "planae"
EXAMPLES = ("graphiste", "bijoux")
NO_CALLER = ("planae n'a pas trouvé le classeur actif : ouvrez un classeur planae (ou cliquez "
             "sur « Nouveau plan »), puis recommencez.")
# The hidden name RibbonPlanae.bas gives the blank workbook it opens for RunPython when
# « Nouveau plan » or « Charger un exemple » is clicked with no workbook open.
SCRATCH_NAME = "planae_amorce"


def caller() -> XlBook:
    return XlBook(xw.Book.caller())


def _alert(book: XlBook, message: str, title: str = TITLE, mode: str | None = "info",
           buttons: str = "ok") -> str | None:
    return book.app.alert(message, title=title, buttons=buttons, mode=mode)


def _status(book: XlBook, text: str | bool) -> None:
    book.app.status_bar = text if text is False else f"planae : {text}"


def _ask(book: XlBook, question: str, title: str) -> bool:
    """A yes/no question worded so that any button labels answer it (Excel for Mac shows
    « Yes » and « No », Windows its own language's)."""
    return _alert(book, question, title=title, buttons="yes_no") == "yes"


MOST_PROBLEMS = 15  # what a message box holds


def _detail(e: BaseException) -> str:
    """An exception's own text, never its Python class name."""
    text = str(e).strip()
    if isinstance(e, KeyError) and e.args:
        text = str(e.args[0])
    return text or "(sans détail)"


def _message(action: str, e: Exception) -> str:
    """A problem planae explains, in its French words; any other failure in one French
    sentence, its details (the traceback) in a log file whose path the message gives."""
    from forecast.errors import INTERNAL_EXIT, describe, exit_code
    if exit_code(e) != INTERNAL_EXIT:  # a problem planae explains, or a file's
        return describe(e, MOST_PROBLEMS)
    from workbook.errorlog import unexpected_message, write_log
    return unexpected_message(write_log(e, [f"ruban : {action}"]),
                              f"« {action} » n'a pas pu terminer ; le classeur n'a pas été "
                              f"enregistré.")


def _alert_anyway(book: XlBook | None, message: str, title: str) -> None:
    """A French message box, even without the calling workbook (Excel's active instance);
    as a last resort the text goes to stderr, which xlwings shows."""
    try:
        if book is not None:
            _alert(book, message, title=title, mode="critical")
        else:
            xw.apps.active.alert(message, title=title, buttons="ok", mode="critical")
    except Exception:  # noqa: BLE001 - no Excel to talk to
        print(f"{title}\n{message}", file=sys.stderr)


def _run(action: str, work: Callable[[XlBook], None], book: XlBook | None = None) -> None:
    """Run `work` on the calling workbook; any failure becomes a French message box. The sheets
    the job unprotected to write into are protected again, whatever happened."""
    title = f"{TITLE} — {action}"
    try:
        if book is None:
            try:
                book = caller()
            except Exception as e:  # noqa: BLE001 - no workbook to work on
                _alert_anyway(None, f"{NO_CALLER}\n\n({_detail(e)})", title)
                return
        _status(book, f"{action}…")
        with no_warnings():
            work(book)
    except Exception as e:  # noqa: BLE001 - a button must answer in French, whatever happens
        _alert_anyway(book, _message(action, e), title)
    finally:
        if book is not None:
            _finish(book, title)


def _finish(book: XlBook, title: str) -> None:
    try:
        book.protect_again()
    except Exception as e:  # noqa: BLE001 - said, not raised
        _alert_anyway(book, f"La protection des feuilles de résultats n'a pas pu être "
                            f"rétablie ({_detail(e)}). Les saisies ne sont pas concernées ; "
                            f"Révision > Protéger la feuille la rétablit.", title)
    try:
        _status(book, False)
    except Exception:  # noqa: BLE001 - the status bar is a courtesy
        pass


# -- the buttons ----------------------------------------------------------------------------------

def compute(book: XlBook | None = None) -> None:
    """« Calculer »: read the inputs, compute, fill every output sheet (planae compute)."""
    def work(b: XlBook) -> None:
        from workbook.jobs import compute_book
        from workbook.schema import DASHBOARD
        with b.app.properties(screen_updating=False):
            plan = compute_book(b)
        _status(b, "calcul terminé")
        blocking = sum(1 for a in plan.alerts if a.severity == "bloquant")
        lines = [f"Prévisionnel calculé : {len(plan.alerts)} alerte(s)"
                 + (f", dont {blocking} bloquante(s)" if blocking else "") + "."]
        if plan.alerts:
            lines.append("Voir la feuille « Alertes ».")
        if b.headers_missed:
            lines.append("Le nom du projet n'a pas pu être mis en en-tête d'impression (Excel "
                         "n'a accès à aucune imprimante) : les chiffres, eux, sont tous à jour.")
        if DASHBOARD in b.sheet_names():
            b.activate(DASHBOARD)
        _alert(b, "\n".join(lines), title=f"{TITLE} — Calculer")
    _run("Calculer", work, book)


def check(book: XlBook | None = None) -> None:
    """« Vérifier »: validation only, nothing written."""
    def work(b: XlBook) -> None:
        from workbook.jobs import check_book
        check_book(b)  # a problem ends in _run's message box, each naming its cell
        _alert(b, "Aucune erreur : les saisies sont complètes et cohérentes.",
               title=f"{TITLE} — Vérifier")
    _run("Vérifier", work, book)


def balance(book: XlBook | None = None) -> None:
    """« Équilibrer le financement »: the only button that writes into inputs (the financing),
    and only after the person confirms."""
    def work(b: XlBook) -> None:
        from workbook.jobs import balance_book
        if not _ask(b, "planae va proposer l'emprunt (ou l'apport) le plus petit qui garde la "
                       "trésorerie au-dessus du minimum, et l'écrire dans la feuille Financement. "
                       "Continuer ?", f"{TITLE} — Équilibrer le financement"):
            return
        with b.app.properties(screen_updating=False):
            need = balance_book(b)
        message = need.message or "Financement équilibré."
        _alert(b, f"{message}\n\nLe prévisionnel a été recalculé.",
               title=f"{TITLE} — Équilibrer le financement")
    _run("Équilibrer le financement", work, book)


def simulate_risks(book: XlBook | None = None) -> None:
    """« Simuler les risques »: the plan, its scenarios and the Monte Carlo simulation written
    (planae risk); the « Risques » sheet shown."""
    def work(b: XlBook) -> None:
        from forecast.risk_report import headline
        from workbook.jobs import compute_all
        from workbook.schema import RISK_RESULTS
        _status(b, "simulation des risques (des milliers de plans recalculés)…")
        with b.app.properties(screen_updating=False):
            s = compute_all(b, simulated=True).risk.simulation
        if RISK_RESULTS.name in b.sheet_names():
            b.activate(RISK_RESULTS.name)
        _alert(b, "\n".join(headline(s)) + "\n\nVoir la feuille « Risques ».",
               title=f"{TITLE} — Simuler les risques")
    _run("Simuler les risques", work, book)


def _export(fmt: str, label: str, book: XlBook | None) -> None:
    def work(b: XlBook) -> None:
        from report.export import export_book

        def confirm(message: str) -> bool:  # a blocking alert left: the person decides
            return _alert(b, f"{message}\n\nLe document partirait avec ces problèmes. "
                             "Exporter quand même ?", title=f"{TITLE} — {label}",
                          mode="critical", buttons="yes_no") == "yes"
        out = export_book(b, fmt, confirm=confirm)
        if out is not None:
            _alert(b, f"Fichier créé :\n{out}", title=f"{TITLE} — {label}")
    _run(label, work, book)


def export_pptx(book: XlBook | None = None) -> None:
    """« Exporter PowerPoint » (report.export)."""
    _export("pptx", "Exporter PowerPoint", book)


def export_pdf(book: XlBook | None = None) -> None:
    """« Exporter PDF » (report.export): needs LibreOffice."""
    _export("pdf", "Exporter PDF", book)


def documents_dir() -> Path:
    """Where new workbooks go: Documents/planae (created), beside nothing the person owns."""
    home = Path.home()
    base = home / "Documents" if (home / "Documents").is_dir() else home
    folder = base / "planae"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_path(folder: Path, stem: str) -> Path:
    """folder/stem.xlsx, or stem-2.xlsx… : never overwrite a workbook the person may have
    changed."""
    path, n = folder / f"{stem}.xlsx", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.xlsx"
    return path


def _from_nothing(action: str, work: Callable[[XlBook], None], book: XlBook | None) -> None:
    """The buttons that start from nothing: the scratch workbook the ribbon's VBA opened for
    RunPython (no workbook was open) is closed once the job is done, whatever happened."""
    def then_close_scratch(b: XlBook) -> None:
        try:
            work(b)
        finally:
            if SCRATCH_NAME in b.defined_names():
                b.close()
    _run(action, then_close_scratch, book)


def load_example(book: XlBook | None = None) -> None:
    """« Charger un exemple »: builds a computed example in Documents/planae and opens it (the
    calling workbook is left as it is)."""
    title = f"{TITLE} — Charger un exemple"

    def work(b: XlBook) -> None:
        if _ask(b, "Ouvrir l'exemple de la graphiste indépendante (services, profession "
                   "libérale) ?", title):
            name = EXAMPLES[0]
        elif _ask(b, "Ouvrir l'exemple de la créatrice de bijoux (vente de produits "
                     "fabriqués) ?", title):
            name = EXAMPLES[1]
        else:
            return
        from forecast.examples import example_data
        from workbook.jobs import build_example
        _status(b, f"préparation de l'exemple « {name} »…")
        path = build_example(example_data(name), free_path(documents_dir(), f"exemple-{name}"))
        b.app.books.open(str(path))
    _from_nothing("Charger un exemple", work, book)


def new_plan(book: XlBook | None = None) -> None:
    """« Nouveau plan »: a blank copy of the template in Documents/planae, opened."""
    def work(b: XlBook) -> None:
        from workbook.jobs import build_template
        path = build_template(free_path(documents_dir(), "business-plan"))
        b.app.books.open(str(path))
    _from_nothing("Nouveau plan", work, book)


def show_help(book: XlBook | None = None) -> None:
    """« Aide »: show the Guide sheet."""
    def work(b: XlBook) -> None:
        from workbook.schema import GUIDE
        if GUIDE in b.sheet_names():
            b.activate(GUIDE)
        else:
            _alert(b, f"Ce classeur n'a pas de feuille « {GUIDE} » : ouvrez un classeur planae "
                      f"(bouton « Nouveau plan ») pour voir le mode d'emploi.",
                   title=f"{TITLE} — Aide")
    _run("Aide", work, book)


# The ribbon's callbacks (RibbonPlanae.bas) -> the function each one runs.
BUTTONS = {
    "Calculer": "compute", "Verifier": "check", "Equilibrer": "balance",
    "SimulerRisques": "simulate_risks",
    "ExporterPowerPoint": "export_pptx", "ExporterPDF": "export_pdf",
    "ChargerExemple": "load_example", "NouveauPlan": "new_plan", "Aide": "show_help",
}
