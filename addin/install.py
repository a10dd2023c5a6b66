"""`planae addin install | remove`: put planae.xlam where Excel loads it at start-up and tell the
add-in which Python to run, as `xlwings addin install`, `xlwings config create` and (on macOS)
`xlwings runpython install` do for xlwings's own add-in.

- Windows: %APPDATA%\\Microsoft\\Excel\\XLSTART\\planae.xlam; the interpreter goes to
  %USERPROFILE%\\.planae\\planae.conf (the add-in's PROJECT_NAME is "planae"). The add-in's VBA
  reads that file with `Input #`, in the ANSI code page (cp1252 on a Western Windows), and loads
  xlwings's DLL through LoadLibraryA: the file is written in that code page, and an interpreter
  path it cannot represent is replaced by its 8.3 short path, or refused in French.
- macOS: the Startup/Excel folder of Office's group container (its folders may be named
  `User Content.localized`, `Startup.localized`: the existing ones are used); the interpreter
  goes to ~/Library/Containers/com.microsoft.Excel/Data/planae.conf; xlwings's AppleScript goes
  to ~/Library/Application Scripts/com.microsoft.Excel. xlwings's AppleScript puts the
  interpreter unquoted into a shell command: an interpreter path with a space (or any character
  the shell or the AppleScript string would read otherwise) is reached through a small launcher
  script, ~/.planae/python.
The add-in's VBA is tied to one xlwings version (the DLL and AppleScript names carry it): an
add-in built for another xlwings than the installed one is rebuilt before it is copied.
Excel must be closed (or restarted after). Excel is never started: when it runs, xlwings gives
its startup path; otherwise the usual folder above is used. PLANAE_XLSTART and PLANAE_CONFIG
override both (for tests and unusual set-ups).
"""
from __future__ import annotations

import locale
import os
import re
import shlex
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from forecast.errors import UsageError

ADDIN_NAME = "planae.xlam"
CONFIG_NAME = "planae.conf"
OFFICE_GROUP = Path("Library") / "Group Containers" / "UBF8T346G9.Office"
EXCEL_CONTAINER = Path("Library") / "Containers" / "com.microsoft.Excel" / "Data"
EXCEL_SCRIPTS = Path("Library") / "Application Scripts" / "com.microsoft.Excel"
MAC_LAUNCHER = Path(".planae") / "python"


def _platform() -> str:
    return "mac" if sys.platform == "darwin" else "win" if sys.platform.startswith("win") \
        else "other"


def mac_startup_dir(home: Path) -> Path:
    """Office's Startup/Excel folder: `User Content` and `Startup` may carry `.localized`
    (the name the Finder translates); the folders that exist are the ones Excel reads."""
    folder = home / OFFICE_GROUP
    for name in ("User Content", "Startup"):
        existing = [folder / n for n in (f"{name}.localized", name) if (folder / n).is_dir()]
        folder = existing[0] if existing else folder / name
    return folder / "Excel"


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
        return mac_startup_dir(Path.home())
    raise UsageError("Le complément Excel s'installe sous Windows ou macOS, là où Excel est "
                    "installé (sur cette machine, pas d'Excel). Le classeur se calcule ici "
                    "avec « planae compute ».")


def config_path() -> Path:
    """The add-in's user configuration file (read by its xlwings module)."""
    if os.environ.get("PLANAE_CONFIG"):
        return Path(os.environ["PLANAE_CONFIG"])
    if _platform() == "mac":
        return Path.home() / EXCEL_CONTAINER / CONFIG_NAME
    return Path.home() / ".planae" / CONFIG_NAME


# -- the interpreter, as the add-in's VBA reads it ------------------------------------------------

def ansi_code_page() -> str:
    """The code page VBA reads files in and passes paths to the ANSI Windows API with (the
    Windows ANSI code page, whatever Python's UTF-8 mode)."""
    return locale.getencoding() if _platform() == "win" else "cp1252"


def short_path(path: str) -> str | None:
    """The 8.3 short form of an existing Windows path (None elsewhere, or when the volume
    keeps no short names)."""
    if _platform() != "win":
        return None
    import ctypes
    size = ctypes.windll.kernel32.GetShortPathNameW(path, None, 0)
    if not size:
        return None
    buffer = ctypes.create_unicode_buffer(size)
    ctypes.windll.kernel32.GetShortPathNameW(path, buffer, size)
    return buffer.value


def _representable(text: str, code_page: str) -> bool:
    try:
        text.encode(code_page)
    except UnicodeEncodeError:
        return False
    return True


def windows_interpreter(path: str, profile: str, code_page: str, short=short_path) -> str:
    """The interpreter path as the add-in's VBA can read and use it, else a French refusal."""
    if not _representable(profile, code_page):
        raise UsageError(
            f"Le nom de votre dossier utilisateur ({profile}) contient des caractères "
            f"qu'Excel ne sait pas lire dans un chemin (page de code {code_page}) : le "
            f"complément ne trouverait pas son réglage. Installez planae depuis un compte "
            f"Windows dont le nom n'a que des lettres sans accent spécial, ou demandez de "
            f"l'aide à la personne qui gère votre ordinateur.")
    if _representable(path, code_page):
        return path
    shorter = short(path)
    if shorter and _representable(shorter, code_page):
        return shorter
    raise UsageError(
        f"Le chemin de Python ({path}) contient des caractères qu'Excel ne sait pas lire "
        f"(page de code {code_page}). Créez l'environnement de planae dans un dossier au nom "
        f"simple, par exemple C:\\planae\\.venv (voir le guide d'installation), puis "
        f"relancez « planae addin install » avec ce Python.")


_PLAIN = re.compile(r"^[A-Za-z0-9_./+@,-]+$")


def mac_interpreter(path: str, home: Path) -> tuple[str, str | None]:
    """The interpreter path to give xlwings's AppleScript (which puts it unquoted into a shell
    command) and, when the path is not a plain shell word, the launcher script to write at
    ~/.planae/python."""
    if _PLAIN.match(path):
        return path, None
    launcher = str(home / MAC_LAUNCHER)
    if not _PLAIN.match(launcher):
        raise UsageError(
            f"Le chemin de votre dossier personnel ({home}) contient des espaces ou des "
            f"caractères spéciaux : Excel ne pourrait pas lancer Python. Créez un compte "
            f"macOS au nom simple, ou demandez de l'aide à la personne qui gère votre Mac.")
    return launcher, f"#!/bin/sh\nexec {shlex.quote(path)} \"$@\"\n"


def config_bytes(interpreter: str, system: str | None = None) -> bytes:
    """xlwings's config format, one "KEY","value" a line as VBA's Write # writes them (CRLF),
    in the code page VBA reads it with."""
    system = system or _platform()
    key = "INTERPRETER_MAC" if system == "mac" else "INTERPRETER_WIN"
    return f'"{key}","{interpreter}"\r\n'.encode("ascii" if system == "mac"
                                                   else ansi_code_page())


def _write_interpreter(conf: Path) -> str:
    """Write the configuration (and on macOS the launcher, if needed); returns the
    interpreter as written."""
    system = _platform()
    if system == "mac":
        interpreter, launcher = mac_interpreter(sys.executable, Path.home())
        if launcher:
            target = Path.home() / MAC_LAUNCHER
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(launcher, "utf-8")
            target.chmod(0o755)
    else:
        interpreter = windows_interpreter(sys.executable, str(Path.home()), ansi_code_page())
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_bytes(config_bytes(interpreter, system))
    return interpreter


# -- the add-in -------------------------------------------------------------------------------

def addin_xlwings_version(path: Path) -> str | None:
    """XLWINGS_VERSION of the add-in's xlwings module."""
    from pyopenvba import ExcelFile
    with ExcelFile(path) as wb:
        m = re.search(r'(?m)^Public Const XLWINGS_VERSION As String = "([^"]*)"',
                      wb.get_module("xlwings"))
    return m.group(1) if m else None


@contextmanager
def _addin_source(dist: Path | None):
    """dist/planae.xlam if it was built for the installed xlwings, else a fresh build in a
    temporary folder removed after."""
    import xlwings
    built = dist / ADDIN_NAME if dist is not None else None
    if built is not None and built.exists() and \
            addin_xlwings_version(built) == xlwings.__version__:
        yield built
        return
    from .build import build_addin
    with tempfile.TemporaryDirectory(prefix="planae-") as tmp:
        yield build_addin(Path(tmp) / ADDIN_NAME)


def runpython_install(home: Path) -> Path:
    """What `xlwings runpython install` does: xlwings's AppleScript where Excel for Mac runs
    AppleScriptTask scripts from."""
    import xlwings
    name = f"xlwings-{xlwings.__version__}.applescript"
    target = home / EXCEL_SCRIPTS / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(xlwings.__file__).parent / name, target)
    return target


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
    conf = config_path()
    interpreter = _write_interpreter(conf)
    with _addin_source(dist) as source:
        _close_in_excel()
        target_dir.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(source, target)
        except PermissionError:
            raise PermissionError(f"impossible d'écrire {target} : fermez Excel puis "
                                  f"recommencez.") from None
    lines = [f"Complément installé : {target}",
             f"Python utilisé par Excel : {interpreter} (réglage dans {conf})"]
    if _platform() == "mac":
        lines.append(f"Script d'xlwings pour Excel : {runpython_install(Path.home())}")
    lines.append("Redémarrez Excel : l'onglet « Business Plan » apparaît dans le ruban.")
    return "\n".join(lines)


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
