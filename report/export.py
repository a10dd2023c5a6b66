"""Export the business plan as a PowerPoint deck or a PDF (the deck converted by LibreOffice).

- `export_plan(plan, narrative, fmt, out)`: pure, from a computed plan (no workbook).
- `export_book(book, fmt, out)`: from an open workbook (the ribbon's buttons, any Book).
- `export_file(path, fmt, out=None)`: from a workbook file (`planae export`).

A plan with a blocking alert left is exported only when the person says so: the ribbon asks
(`confirm`), the command line needs `--malgre-alertes`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from forecast.errors import PlanaeError
from workbook.files import Writer, write_files

FORMATS = ("pptx", "pdf")
TIMEOUT = 180  # seconds LibreOffice is given for a conversion


class ExportError(PlanaeError):
    """An export the person can fix or must know about, in French (the command prints it
    without a traceback)."""
    exit_code = 6


def _check_format(fmt: str) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"Format inconnu : « {fmt} ». Formats possibles : pptx, pdf.")
    return fmt


def export_plan(plan, narrative: dict | None, fmt: str, out: Path, risk=None) -> Path:
    """Write the deck (pptx) or its PDF to `out` (with `risk`, a RiskReport, its « Scénarios
    et risques » part); return the path written."""
    fmt = _check_format(fmt)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_files({out: deck_writer(plan, narrative, fmt, out.stem, risk)})
    return out


def deck_writer(plan, narrative: dict | None, fmt: str, name: str, risk=None) -> Writer:
    """What writes the deck, or its PDF, into a binary file: the PDF is converted here (from
    the deck saved as `name`.pptx), so that a failed conversion writes nothing."""
    from .deck import build_deck
    prs = build_deck(plan, narrative, risk=risk)
    if fmt == "pptx":
        return prs.save
    with tempfile.TemporaryDirectory(prefix="planae-export-") as tmp:
        deck = Path(tmp) / f"{name}.pptx"
        prs.save(deck)
        pdf = to_pdf(deck, Path(tmp)).read_bytes()
    return lambda file: file.write(pdf)


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(candidate):
            return candidate
    return None


class NoLibreOffice(ExportError):
    """LibreOffice is not installed (convert); the PDF export gives its own advice."""


def to_pdf(deck: Path, outdir: Path) -> Path:
    """The deck converted to PDF in `outdir` by LibreOffice."""
    try:
        return convert(deck, "pdf", outdir)
    except NoLibreOffice:
        raise ExportError(
            "Export PDF impossible : LibreOffice n'est pas installé sur cet ordinateur. "
            "Installez LibreOffice (gratuit, libreoffice.org), ou exportez en PowerPoint "
            "(--format pptx) puis enregistrez le fichier en PDF depuis PowerPoint.") from None
    except ExportError as e:
        raise ExportError(f"Export PDF : {e}") from None


# LibreOffice's profile setting for the French locale (digits grouped the French way in a
# sheet it renders)
FRENCH_LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>fr-FR</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">
<value>fr-FR</value></prop></item>
</oor:items>
"""


def convert(source: Path, fmt: str, outdir: Path, french: bool = False) -> Path:
    """`source` converted to `fmt` (« pdf », « xlsx »…) in `outdir` by LibreOffice headless,
    with a throwaway profile (so that a LibreOffice already open does not block the
    conversion), in the French locale with `french`. Returns the file written."""
    command = soffice()
    if command is None:
        raise NoLibreOffice("LibreOffice n'est pas installé sur cet ordinateur.")
    with tempfile.TemporaryDirectory(prefix="planae-lo-") as profile:
        if french:
            user = Path(profile) / "user"
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(FRENCH_LOCALE, "utf-8")
        args = [command, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                "--convert-to", fmt, "--outdir", str(outdir), str(source)]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as e:
            raise ExportError(f"LibreOffice n'a pas terminé la conversion en {TIMEOUT} "
                              f"secondes.") from e
    out = Path(outdir) / f"{Path(source).stem}.{fmt}"
    if done.returncode != 0 or not out.exists():
        detail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or [""]
        raise ExportError(f"la conversion par LibreOffice a échoué. {detail[0]}".strip())
    return out


def default_output(path: Path, fmt: str) -> Path:
    return Path(path).with_name(Path(path).stem + " - business plan." + fmt)


def book_output(book, fmt: str) -> Path:
    """Where the ribbon's export goes: beside the workbook when it has been saved (an xlwings
    book's `fullname` is then a path with a folder and a suffix), else in Documents/planae."""
    full = Path(str(getattr(getattr(book, "book", None), "fullname", None) or ""))
    if full.suffix and full.parent.is_dir():
        return default_output(full, fmt)
    home = Path.home()
    folder = (home / "Documents" if (home / "Documents").is_dir() else home) / "planae"
    return folder / f"business plan.{fmt}"


def blocking_message(alerts) -> str:
    """What stops the export, in French, alert by alert."""
    n = len(alerts)
    lines = "\n".join(f"  • {a.message}" for a in alerts)
    return (f"Il reste {n} alerte{'s' if n > 1 else ''} bloquante{'s' if n > 1 else ''} "
            f"(feuille Alertes) :\n{lines}")


def export_book(book, fmt: str, out: Path | None = None, confirm=None,
                write: bool = True) -> Path | None:
    """Compute the workbook's plan, its scenarios and its simulation, and export them: what
    the ribbon's buttons call. The outputs are written to the book (as « Simuler les
    risques » does), so the deck and the sheets agree; not with `write` False, for a book no
    one will see (export_file). With a blocking alert left,
    `confirm(message)` decides (the ribbon asks the person; None when they decline); without
    `confirm` the export is refused."""
    fmt = _check_format(fmt)
    done = _exported(book, confirm, write)
    if done is None:
        return None
    return export_plan(done.plan, done.narrative, fmt,
                       Path(out) if out else book_output(book, fmt), done.risk)


def _exported(book, confirm, write: bool):
    """The book's plan computed for an export (workbook.jobs.Computed), or None when the
    person declines to export it with a blocking alert left (export_book)."""
    from workbook.jobs import compute_all
    done = compute_all(book, simulated=True, write=write)
    blocking = [a for a in done.plan.alerts if a.severity == "bloquant"]
    if blocking:
        message = blocking_message(blocking)
        if confirm is None:
            raise ExportError(f"Export refusé. {message}\nCorrigez le plan, ou exportez quand "
                              "même en le disant : planae export … --malgre-alertes.")
        if not confirm(message):
            return None
    return done


def export_file(path: Path, fmt: str, out: Path | None = None,
                despite_alerts: bool = False) -> Path:
    """`planae export CLASSEUR --format pptx|pdf [-o FICHIER] [--malgre-alertes]`. The workbook
    is opened as `planae compute` opens it (same checks, same French messages); nothing is
    written into it, the file is not modified, and the deck may not replace it
    (workbook.files)."""
    from workbook.jobs import file_job, named_output
    fmt = _check_format(fmt)
    label, target = named_output(f"le fichier {fmt.upper()}", out, default_output(path, fmt))

    def work(book, _):
        done = _exported(book, (lambda message: True) if despite_alerts else None, write=False)
        return target, {target: deck_writer(done.plan, done.narrative, fmt, target.stem,
                                            done.risk)}
    return file_job(path, "le classeur à exporter", {label: target}, work, f".{fmt}",
                    inputs_only=True)
