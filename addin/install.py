"""`planae addin install | remove`: put planae.xlam where Excel loads it at start-up (the user's
XLSTART folder) and tell the add-in which Python to run, as `xlwings addin install` and
`xlwings config create` do for xlwings's own add-in.

- Windows: %APPDATA%\\Microsoft\\Excel\\XLSTART\\planae.xlam; the interpreter goes to
  %USERPROFILE%\\.planae\\planae.conf (the add-in's PROJECT_NAME is "planae").
- macOS: ~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel/planae.xlam;
  the interpreter goes to ~/Library/Containers/com.microsoft.Excel/Data/planae.conf.
Excel must be closed (or restarted after). Excel is never started: when it runs, xlwings gives
its startup path; otherwise the usual folder above is used. PLANAE_XLSTART and
PLANAE_CONFIG override both (for tests and unusual set-ups).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ADDIN_NAME = "planae.xlam"
CONFIG_NAME = "planae.conf"


def _platform() -> str:
    return "mac" if sys.platform == "darwin" else "win" if sys.platform.startswith("win") \
        else "other"


def startup_dir() -> Path:
    """Excel's user start-up folder (XLSTART)."""
    if os.environ.get("PLANAE_XLSTART"):
        return Path(os.environ["PLANAE_XLSTART"])
    system = _platform()
    try:
        import xlwings as xw
        if system in ("win", "mac") and xw.apps.count:
            return Path(xw.apps.active.startup_path)
    except Exception:  # noqa: BLE001 - no running Excel: the usual folder
        pass
    if system == "win":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / \
            "Microsoft" / "Excel" / "XLSTART"
    if system == "mac":
        return Path.home() / "Library" / "Group Containers" / "UBF8T346G9.Office" / \
            "User Content" / "Startup" / "Excel"
    from forecast.errors import UserError
    raise UserError("Le complément Excel s'installe sous Windows ou macOS, là où Excel est "
                    "installé (sur cette machine, pas d'Excel). Le classeur se calcule ici "
                    "avec « planae compute ».")


def config_path() -> Path:
    """The add-in's user configuration file (read by its xlwings module)."""
    if os.environ.get("PLANAE_CONFIG"):
        return Path(os.environ["PLANAE_CONFIG"])
    if _platform() == "mac":
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / \
            CONFIG_NAME
    return Path.home() / ".planae" / CONFIG_NAME


def config_text(interpreter: str | None = None) -> str:
    """xlwings's config format: one "KEY","value" per line."""
    key = "INTERPRETER_MAC" if _platform() == "mac" else "INTERPRETER_WIN"
    return f'"{key}","{interpreter or sys.executable}"\n'


@contextmanager
def _addin_source(dist: Path | None):
    """dist/planae.xlam if built, else a fresh build in a temporary folder removed after."""
    if dist is not None and (dist / ADDIN_NAME).exists():
        yield dist / ADDIN_NAME
        return
    from .build import build_addin
    with tempfile.TemporaryDirectory(prefix="planae-") as tmp:
        yield build_addin(Path(tmp) / ADDIN_NAME)


def _close_in_excel() -> None:
    try:
        import xlwings as xw
        for app in xw.apps:
            try:
                app.books[ADDIN_NAME].close()
            except Exception:  # noqa: BLE001 - not open in this Excel
                pass
    except Exception:  # noqa: BLE001 - no Excel running
        pass


def install(dist: Path | None = Path("dist")) -> str:
    """Copy the add-in into XLSTART and write the interpreter setting; returns a French
    report."""
    target_dir = startup_dir()
    target = target_dir / ADDIN_NAME
    with _addin_source(dist) as source:
        _close_in_excel()
        target_dir.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(source, target)
        except PermissionError:
            raise PermissionError(f"impossible d'écrire {target} : fermez Excel puis "
                                  f"recommencez.") from None
    conf = config_path()
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(config_text(), "utf-8")
    return (f"Complément installé : {target}\nPython utilisé par Excel : {sys.executable} "
            f"(réglage dans {conf})\nRedémarrez Excel : l'onglet « Business Plan » apparaît "
            f"dans le ruban.")


def remove() -> str:
    """Remove the add-in from XLSTART (the configuration file is kept)."""
    target = startup_dir() / ADDIN_NAME
    _close_in_excel()
    if not target.exists():
        return f"Le complément n'est pas installé ({target} absent)."
    try:
        target.unlink()
    except PermissionError:
        raise PermissionError(f"impossible de supprimer {target} : fermez Excel puis "
                              f"recommencez.") from None
    return f"Complément retiré : {target}\nRedémarrez Excel."
