"""`planae addin install | remove`: where the add-in and its settings go on Windows and macOS, and
the settings written the way the add-in's VBA reads them."""
from __future__ import annotations

import csv
import io
import locale
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
import xlwings

from addin import build, install
from forecast.errors import UsageError

HELENE = "C:\\Users\\Hélène"
PYTHON = HELENE + "\\AppData\\Local\\Programs\\Python\\Python312\\python.exe"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build.build_addin(tmp_path_factory.mktemp("dist") / "planae.xlam")


@pytest.fixture
def windows(monkeypatch):
    """install on a Western Windows (ANSI code page 1252)."""
    monkeypatch.setattr(install, "_platform", lambda: "win")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp1252")


def _read_as_vba(raw: bytes, code_page: str) -> dict[str, str]:
    """What `Input #f, name, value` reads, line by line: the bytes in the ANSI code page,
    comma-separated quoted fields."""
    return {row[0]: row[1] for row in csv.reader(io.StringIO(raw.decode(code_page))) if row}


def test_install_and_remove(tmp_path, monkeypatch, xlam):
    monkeypatch.setenv("PLANAE_XLSTART", str(tmp_path / "XLSTART"))
    monkeypatch.setenv("PLANAE_CONFIG", str(tmp_path / "conf" / "planae.conf"))
    report = install.install(xlam.parent)
    assert (tmp_path / "XLSTART" / "planae.xlam").read_bytes() == xlam.read_bytes()
    conf = (tmp_path / "conf" / "planae.conf").read_bytes()
    assert conf == f'"INTERPRETER_WIN","{sys.executable}"\r\n'.encode("cp1252")
    assert "Complément installé" in report
    assert "Complément retiré" in install.remove()
    assert not (tmp_path / "XLSTART" / "planae.xlam").exists()


def test_install_without_a_build_leaves_no_temporary_folder(tmp_path, monkeypatch, xlam):
    import tempfile
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("PLANAE_XLSTART", str(tmp_path / "XLSTART"))
    monkeypatch.setenv("PLANAE_CONFIG", str(tmp_path / "conf" / "planae.conf"))
    install.install(tmp_path / "no-dist")  # nothing built there: a fresh build
    assert (tmp_path / "XLSTART" / "planae.xlam").read_bytes() == xlam.read_bytes()
    assert list(scratch.iterdir()) == []


def test_an_addin_built_for_another_xlwings_is_rebuilt(tmp_path, monkeypatch, xlam):
    """The add-in's VBA loads xlwings64-<its version>.dll and calls
    xlwings-<its version>.applescript: an add-in of another version would fail silently."""
    from pyopenvba import ExcelFile
    dist = tmp_path / "dist"
    dist.mkdir()
    with ExcelFile(xlam) as wb:
        module = wb.get_module("xlwings")
        wb.set_module("xlwings", module.replace(f'"{xlwings.__version__}"', '"0.30.0"', 1))
        wb.save(dist / "planae.xlam")
    assert install.addin_xlwings_version(dist / "planae.xlam") == "0.30.0"
    monkeypatch.setenv("PLANAE_XLSTART", str(tmp_path / "XLSTART"))
    monkeypatch.setenv("PLANAE_CONFIG", str(tmp_path / "planae.conf"))
    install.install(dist)
    installed = tmp_path / "XLSTART" / "planae.xlam"
    assert install.addin_xlwings_version(installed) == xlwings.__version__ == "0.37.8"
    assert installed.read_bytes() == xlam.read_bytes()


def test_the_interpreter_of_a_user_named_helene_is_written_in_the_ansi_code_page(
        tmp_path, monkeypatch, windows):
    monkeypatch.setattr(sys, "executable", PYTHON)
    monkeypatch.setenv("HOME", str(tmp_path / "Hélène"))
    conf = tmp_path / "Hélène" / ".planae" / "planae.conf"
    monkeypatch.setenv("PLANAE_CONFIG", str(conf))
    monkeypatch.setenv("PLANAE_XLSTART", str(tmp_path / "XLSTART"))
    empty = tmp_path / "empty.xlam"
    empty.write_bytes(b"")
    monkeypatch.setattr(install, "_addin_source", lambda dist: nullcontext(empty))
    report = install.install()
    raw = conf.read_bytes()
    assert raw == (b'"INTERPRETER_WIN","C:\\Users\\H\xe9l\xe8ne\\AppData\\Local\\Programs'
                   b'\\Python\\Python312\\python.exe"\r\n')
    assert _read_as_vba(raw, "cp1252") == {"INTERPRETER_WIN": PYTHON}
    utf8 = f'"INTERPRETER_WIN","{PYTHON}"\r\n'.encode("utf-8")  # what was written before
    assert _read_as_vba(utf8, "cp1252")["INTERPRETER_WIN"].startswith("C:\\Users\\HÃ©lÃ¨ne")
    assert PYTHON in report


def test_a_path_the_code_page_cannot_hold_becomes_its_short_path_or_is_refused():
    greek = HELENE + "\\Documents\\Πλάνο\\.venv\\Scripts\\python.exe"
    short = "C:\\Users\\HLNE~1\\DOCUME~1\\6C3F~1\\.venv\\Scripts\\python.exe"
    assert install.windows_interpreter(greek, HELENE, "cp1252", lambda p: short) == short
    with pytest.raises(UsageError, match=r"Le chemin de Python .*page de code cp1252"):
        install.windows_interpreter(greek, HELENE, "cp1252", lambda p: None)
    assert install.windows_interpreter(PYTHON, HELENE, "cp1252", lambda p: None) == PYTHON
    with pytest.raises(UsageError, match="Le nom de votre dossier utilisateur"):
        install.windows_interpreter("C:\\Users\\Łucja\\python.exe", "C:\\Users\\Łucja",
                                    "cp1252", lambda p: None)
    # a Central European Windows (code page 1250) holds « Ł »
    assert install.windows_interpreter("C:\\Users\\Łucja\\python.exe", "C:\\Users\\Łucja",
                                       "cp1250", lambda p: None) == "C:\\Users\\Łucja\\python.exe"


# -- macOS ------------------------------------------------------------------------------------

def test_the_mac_startup_folder_is_the_one_that_exists_localized_or_not(tmp_path):
    group = tmp_path / "Library" / "Group Containers" / "UBF8T346G9.Office"
    assert install.mac_startup_dir(tmp_path) == group / "User Content" / "Startup" / "Excel"
    localized = group / "User Content.localized" / "Startup.localized" / "Excel"
    localized.mkdir(parents=True)
    assert install.mac_startup_dir(tmp_path) == localized


def test_an_interpreter_path_with_a_space_is_reached_through_a_launcher(tmp_path):
    """xlwings's AppleScript builds `<interpreter> -B -u -W ignore -c "<command>" "--wb=…"`
    and runs it with `do shell script`: the interpreter must be one shell word."""
    home = tmp_path / "marie"
    folder = tmp_path / "Mes Documents" / "planae" / ".venv" / "bin"
    folder.mkdir(parents=True)
    python = folder / "python"
    python.symlink_to(sys.executable)
    assert install.mac_interpreter("/Users/marie/planae/.venv/bin/python", home) == \
        ("/Users/marie/planae/.venv/bin/python", None)
    interpreter, script = install.mac_interpreter(str(python), home)
    assert interpreter == str(home / ".planae" / "python")
    launcher = Path(interpreter)
    launcher.parent.mkdir(parents=True)
    launcher.write_text(script, "utf-8")
    launcher.chmod(0o755)
    command = (f'{interpreter} -B -u -W ignore -c "import sys; print(sys.argv[1:])" '
               f'"--wb=Plan de Hélène.xlsx" "--from_xl=1"')
    out = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['--wb=Plan de Hélène.xlsx', '--from_xl=1']"
    with pytest.raises(UsageError, match="dossier personnel"):
        install.mac_interpreter(str(python), tmp_path / "Marie Curie")


def test_install_on_a_mac(tmp_path, monkeypatch, xlam):
    home = tmp_path / "marie"
    startup = home / "Library" / "Group Containers" / "UBF8T346G9.Office" / \
        "User Content.localized" / "Startup.localized" / "Excel"
    startup.mkdir(parents=True)
    python = tmp_path / "Mes Documents" / "python3"
    monkeypatch.setattr(install, "_platform", lambda: "mac")
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PLANAE_XLSTART", raising=False)
    monkeypatch.delenv("PLANAE_CONFIG", raising=False)
    report = install.install(xlam.parent)
    assert (startup / "planae.xlam").read_bytes() == xlam.read_bytes()
    conf = home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "planae.conf"
    launcher = home / ".planae" / "python"
    assert conf.read_bytes() == f'"INTERPRETER_MAC","{launcher}"\r\n'.encode("ascii")
    assert launcher.read_text("utf-8") == f"#!/bin/sh\nexec '{python}' \"$@\"\n"
    script = home / "Library" / "Application Scripts" / "com.microsoft.Excel" / \
        "xlwings-0.37.8.applescript"
    assert script.read_bytes() == \
        (Path(xlwings.__file__).parent / "xlwings-0.37.8.applescript").read_bytes()
    assert str(script) in report and str(startup / "planae.xlam") in report
