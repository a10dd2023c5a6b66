"""Nothing a person has is lost (issue 10): no output of any command is written over an input
or over another output, however the path is spelt; outputs are written whole or not at all; a
file that cannot be read or written gets a French message about the person's own file."""
from __future__ import annotations

import errno
import io
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from forecast.examples import example_data
from planae.cli import main
from workbook import files
from workbook.jobs import build_example, compute_file
from workbook.openpyxl_book import OpenpyxlBook
from workbook.patched_book import PatchedBook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_example(example_data("graphiste"), tmp_path_factory.mktemp("ex") / "plan.xlsx")


@pytest.fixture()
def plan(built, tmp_path, monkeypatch):
    """A fresh copy of the computed example in an empty folder, the current folder."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(built.read_bytes())
    monkeypatch.chdir(tmp_path)
    return path


def _run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}


# -- no output over an input -----------------------------------------------------------------

# Each command and output option, aimed at the input by a spelling of its own path: the
# spelling is made in the test's folder by `spell`.
SPELLINGS = {
    "as typed": lambda p: p,
    "relative": lambda p: Path("plan.xlsx"),
    "./ and ..": lambda p: Path(".") / ".." / p.parent.name / "." / "plan.xlsx",
    "symlink": lambda p: (p.parent / "lien.xlsx").symlink_to(p) or p.parent / "lien.xlsx",
    "hard link": lambda p: os.link(p, p.parent / "autre.xlsx") or p.parent / "autre.xlsx",
}
COMMANDS = {
    "compute -o": lambda p, x: ["compute", p, "-o", x],
    "compute --json": lambda p, x: ["compute", p, "--json", x],
    "compute --in-place --json": lambda p, x: ["compute", p, "--in-place", "--json", x],
    "risk -o": lambda p, x: ["risk", p, "-o", x],
    "risk --json": lambda p, x: ["risk", p, "--json", x],
    "balance -o": lambda p, x: ["balance", p, "-o", x],
    "export pptx -o": lambda p, x: ["export", p, "--format", "pptx", "-o", x],
    "export pdf -o": lambda p, x: ["export", p, "--format", "pdf", "-o", x],
}


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_output_is_ever_written_over_the_input(plan, capsys, command, spelling):
    target = SPELLINGS[spelling](plan)
    before = _folder(plan)
    code, err = _run(capsys, *COMMANDS[command](plan, target))
    assert code == 5
    assert err.startswith("Erreur : Refusé : ") and "n'écrit jamais sur un fichier qu'il lit" in err
    assert f"« {target} »" in err and "Traceback" not in err
    assert _folder(plan) == before  # the input, its links and nothing else: no partial output


@pytest.mark.parametrize("argv, first, second", [
    (["-o", "x.xlsx", "--json", "x.xlsx"], "Le classeur de sortie (-o)", "le fichier JSON"),
    (["--json", "plan-calcule.xlsx"], "Le classeur de sortie", "le fichier JSON"),
    (["--in-place", "--json", "plan-sauvegarde.xlsx"], "La sauvegarde", "le fichier JSON"),
])
def test_no_output_is_written_over_another_output(plan, capsys, argv, first, second):
    before = _folder(plan)
    code, err = _run(capsys, "compute", plan, *argv)
    assert code == 5 and f"{first} et {second} (--json) seraient le même fichier" in err
    assert _folder(plan) == before


def test_case_is_compared_as_the_folder_does(plan, capsys):
    """Where the folder ignores case (Windows, macOS), PLAN.XLSX is the input and two outputs
    differing by case are one file: refused. Where it does not (Linux), they are other files,
    written. The folder is probed, so the test asserts the branch this machine takes."""
    ignores_case = (plan.parent / "PLAN.XLSX").exists()
    before = plan.read_bytes()
    code, err = _run(capsys, "compute", plan, "-o", plan.parent / "PLAN.xlsx",
                     "--json", plan.parent / "Plan.JSON")
    assert plan.read_bytes() == before
    if ignores_case:
        assert code == 5 and "Refusé" in err
    else:
        assert code == 0 and (plan.parent / "PLAN.xlsx").read_bytes() != before
    code, err = _run(capsys, "compute", plan, "-o", "x.xlsx", "--json", "X.XLSX")
    assert (code == 5) == ignores_case and plan.read_bytes() == before


def test_the_folder_probe_sees_this_file_system(tmp_path):
    """The probe finds what the file system does: a name in other case is another file here
    exactly when looking it up does not find the first one."""
    (tmp_path / "a.txt").write_text("a")
    assert files.same_file(tmp_path / "a.txt", tmp_path / "A.TXT") == (
        tmp_path / "A.TXT").exists()
    assert files.same_file(tmp_path / "n1.json", tmp_path / "N1.json") == (
        files._spelling(tmp_path)("n1.json") == files._spelling(tmp_path)("N1.json"))
    assert not files.same_file(tmp_path / "a.txt", tmp_path / "b.txt")
    assert not list(tmp_path.glob(".planae-*"))  # the probe leaves nothing


def test_a_first_output_ends_as_the_workbook_read_or_as_the_format_asked(tmp_path):
    """file_job's rule on the first output's name: by default the workbook's own suffix (a
    workbook keeps its kind), else the suffix given (an export's format); refused before the
    workbook is opened."""
    from forecast.errors import UsageError
    from workbook.jobs import file_job
    path = tmp_path / "Plan.XLSM"
    path.write_bytes(b"pas ouvert")

    def unopened(book, data):
        pytest.fail("classeur ouvert")
    with pytest.raises(UsageError) as kept:
        file_job(path, "le classeur", {"la copie (-o)": tmp_path / "copie.xlsx"}, unopened)
    assert str(kept.value) == ("La copie (-o) « copie.xlsx » doit finir par .xlsm, comme le "
                               "classeur « Plan.XLSM » : un classeur garde son type (avec "
                               "macros).")
    with pytest.raises(UsageError) as asked:
        file_job(path, "le classeur", {"le fichier PDF": tmp_path / "deck.xlsm"}, unopened,
                 ".pdf")
    assert str(asked.value) == "Le fichier PDF « deck.xlsm » doit finir par .pdf (--format pdf)."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Plan.XLSM"]


# -- written whole or not at all -------------------------------------------------------------

def _fail_halfway(self, file):
    file.write(b"PK\x03\x04 half a workbook")
    raise RuntimeError("planté au milieu de l'écriture")


def test_a_failure_while_writing_leaves_every_existing_file_as_it_was(plan, capsys,
                                                                      monkeypatch):
    old = {"plan-sauvegarde.xlsx": b"ancienne sauvegarde", "plan.json": b"{}"}
    for name, content in old.items():
        (plan.parent / name).write_bytes(content)
    before = _folder(plan)
    monkeypatch.setattr(PatchedBook, "write", _fail_halfway)  # compute's workbook
    monkeypatch.setattr(OpenpyxlBook, "write", _fail_halfway)
    monkeypatch.setenv("XDG_STATE_HOME", str(plan.parent.parent / "state"))
    code, err = _run(capsys, "compute", plan, "--in-place", "--json", "plan.json")
    assert code == 70 and "Aucun fichier n'a été écrit à moitié" in err
    assert _folder(plan) == before  # input, old backup, old JSON; no temporary file


def test_outputs_are_complete_files_and_keep_the_permissions_of_those_they_replace(plan):
    out = plan.parent / "sortie.xlsx"
    out.write_bytes(b"ancien")
    out.chmod(0o640)
    compute_file(plan, out)
    assert out.stat().st_mode & 0o777 == 0o640
    assert zipfile.ZipFile(out).testzip() is None
    assert sorted(_folder(plan)) == ["plan.xlsx", "sortie.xlsx"]


def test_an_output_through_a_symlink_replaces_the_file_it_points_at(plan, tmp_path):
    real = tmp_path / "ailleurs.json"
    real.write_text("ancien")
    (plan.parent / "lien.json").symlink_to(real)
    compute_file(plan, json_path=plan.parent / "lien.json")
    assert (plan.parent / "lien.json").is_symlink() and real.read_text().startswith("{")


# -- messages about the person's own files (10.8) --------------------------------------------

def test_an_unwritable_folder_names_the_persons_file_not_a_temporary_one(plan, capsys,
                                                                        monkeypatch):
    def refused(prefix="", suffix="", dir=None):  # what the system answers in such a folder
        name = os.path.join(dir, f"{prefix}k2j4h{suffix}")
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, err = _run(capsys, "compute", plan, "-o", "sortie.xlsx")
    assert code == 5
    assert err == ("Erreur : Impossible d'écrire « sortie.xlsx » (accès refusé) : le fichier "
                   "est-il ouvert dans Excel ou PowerPoint ? Fermez-le, ou choisissez un "
                   "autre dossier.\n")


def test_a_missing_input_folder_is_the_inputs_problem(plan, capsys, tmp_path):
    missing = tmp_path / "absent" / "plan.xlsx"
    for argv in (["compute", missing], ["compute", missing, "-o", "x.xlsx"],
                 ["export", missing], ["balance", missing], ["risk", missing]):
        code, err = _run(capsys, *argv)
        assert code == 5
        assert err == (f"Erreur : Classeur introuvable : « {missing} » (le dossier « "
                       f"{missing.parent} » n'existe pas). Vérifiez le chemin.\n")


def test_a_missing_output_folder_is_the_outputs_problem(plan, capsys, tmp_path):
    code, err = _run(capsys, "compute", plan, "--json", tmp_path / "absent" / "plan.json")
    assert code == 5 and err == (
        f"Erreur : Le dossier « {tmp_path / 'absent'} » n'existe pas : le fichier JSON "
        f"(--json) « plan.json » ne peut pas y être écrit. Créez-le ou choisissez un autre "
        f"dossier.\n")
    code, err = _run(capsys, "example", "bijoux", "--json", tmp_path / "absent" / "b.json")
    assert code == 5 and "« b.json » ne peut pas y être écrit" in err



# -- files that cannot be read: French, what to do, never a traceback (10.5) -----------------

SHEET = "xl/worksheets/sheet2.xml"


def _rezip(data: bytes, change) -> bytes:
    """The workbook `data` with each part's bytes through `change(name, bytes)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, change(info.filename, zin.read(info)))
    return out.getvalue()


def _bad_crc(data: bytes) -> bytes:
    """A sheet whose stored CRC-32 no longer matches its bytes (local header and directory)."""
    data = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SHEET)
    wrong = struct.pack("<I", info.CRC ^ 0xFFFF)
    data[info.header_offset + 14:info.header_offset + 18] = wrong
    entry = archive.start_dir  # the central directory, one entry per part
    while bytes(data[entry + 46:entry + 46 + len(SHEET)]) != SHEET.encode():
        entry += 46 + sum(struct.unpack("<HHH", data[entry + 28:entry + 34]))
    data[entry + 16:entry + 20] = wrong
    return bytes(data)


def _garbled_deflate(data: bytes) -> bytes:
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def _docx(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override PartName="/word/document.xml" Cont'
                   'entType="application/vnd.openxmlformats-officedocument.wordprocessingml.doc'
                   'ument.main+xml"/></Types>')
        z.writestr("word/document.xml", "<document/>")
    return out.getvalue()


DAMAGED = "est abîmé : une partie du fichier ne peut pas être lue. Ouvrez-le dans Excel"
NOT_A_WORKBOOK = "n'est pas un classeur Excel : c'est un autre fichier renommé en .xlsx"
BAD_FILES = {  # how the bytes of a good workbook are spoilt -> what the message says
    "bad CRC": (_bad_crc, DAMAGED),
    "garbled deflate": (_garbled_deflate, DAMAGED),
    "malformed sheet XML": (lambda d: _rezip(d, lambda n, b: b[:len(b) // 2] if n == SHEET
                                             else b), DAMAGED),
    "a number cell holding text": (lambda d: _rezip(d, lambda n, b: b.replace(
        b"<v>", b"<v>abc", 1) if n == SHEET else b), DAMAGED),
    "cut in half": (lambda d: d[:len(d) // 2], NOT_A_WORKBOOK),
    "a text renamed": (lambda d: "Bonjour, ceci est une lettre.".encode(), NOT_A_WORKBOOK),
    "a Word file renamed": (_docx, NOT_A_WORKBOOK),
    "Excel 97-2003 or a password": (lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + d[8:],
                                    "est protégé par un mot de passe ou enregistré au format "
                                    "Excel 97-2003 : ouvrez-le dans Excel"),
    "empty": (lambda d: b"", "est vide (0 octet) : ce n'est plus un classeur. Repartez de"),
}
ENGLISH = re.compile(r"Traceback|Error|error|Exception|exception|line \d|File \"|token|zlib"
                     r"|CRC|decompress|invalid|unclosed")


@pytest.mark.parametrize("command", ["compute", "export", "risk", "balance"])
@pytest.mark.parametrize("bad", BAD_FILES)
def test_a_damaged_workbook_gets_a_french_message_saying_what_to_do(built, tmp_path, capsys,
                                                                   command, bad):
    spoil, said = BAD_FILES[bad]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(spoil(built.read_bytes()))
    before = _folder(path)
    code, err = _run(capsys, command, path)
    assert code == 4 and err.startswith(f"Erreur : « plan.xlsx » {said}")
    assert not ENGLISH.search(err) and err.endswith(".\n")
    assert _folder(path) == before


@pytest.mark.parametrize("command", ["compute", "export"])
def test_a_folder_or_a_missing_file_gets_a_french_message(tmp_path, capsys, command):
    (tmp_path / "dossier.xlsx").mkdir()
    code, err = _run(capsys, command, tmp_path / "dossier.xlsx")
    assert code == 5 and err == (f"Erreur : « {tmp_path / 'dossier.xlsx'} » est un dossier, "
                                 f"pas un fichier : donnez le chemin du classeur lui-même (un "
                                 f"fichier .xlsx).\n")
    code, err = _run(capsys, command, tmp_path / "absent.xlsx")
    assert code == 5 and err == (f"Erreur : Classeur introuvable : « {tmp_path / 'absent.xlsx'} "
                                 f"». Vérifiez son nom et son dossier.\n")


def test_the_program_itself_prints_no_traceback_on_a_damaged_file(built, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(_bad_crc(built.read_bytes()))
    done = subprocess.run([sys.executable, "-m", "planae.cli", "export", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 4 and done.stdout == ""
    assert done.stderr.startswith("Erreur : « plan.xlsx » est abîmé") and not ENGLISH.search(
        done.stderr)


# -- a failure planae did not expect: French, and the details in a log file ------------------

def _boom(*args, **kwargs):
    raise RuntimeError("internal failure: list index out of range")


def test_an_unexpected_failure_gives_the_path_of_a_log_holding_the_details(plan, capsys,
                                                                         monkeypatch, tmp_path):
    import workbook.jobs as jobs
    monkeypatch.setattr(jobs, "write_outputs", _boom)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "platform", "linux")
    before = _folder(plan)
    code, err = _run(capsys, "compute", plan)
    logs = list((tmp_path / "state" / "planae").glob("planae-erreur-*.log"))
    assert code == 70 and len(logs) == 1
    assert err == (f"Erreur inattendue : planae n'a pas pu terminer. Aucun fichier n'a été écrit "
                   f"à moitié. Les détails techniques sont dans « {logs[0]} » : joignez ce "
                   f"fichier quand vous signalez le problème.\n")
    detail = logs[0].read_text("utf-8")
    assert f"planae : compute {plan}" in detail and "Traceback" in detail
    assert "RuntimeError: internal failure: list index out of range" in detail
    assert _folder(plan) == before


def test_without_a_writable_log_folder_the_log_goes_to_the_temporary_folder(plan, capsys,
                                                                           monkeypatch,
                                                                           tmp_path):
    import workbook.jobs as jobs
    monkeypatch.setattr(jobs, "write_outputs", _boom)
    (tmp_path / "un-fichier").write_text("pas un dossier")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "un-fichier"))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    code, err = _run(capsys, "compute", plan)
    assert code == 70 and f"« {tmp_path / 'temp'}{os.sep}planae-erreur-" in err


def test_old_logs_are_pruned(monkeypatch, tmp_path):
    from workbook import errorlog
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    folder = tmp_path / "planae"
    folder.mkdir()
    for day in range(1, 31):
        (folder / f"planae-erreur-202511{day:02d}-120000-1.log").write_text("ancien")
    written = errorlog.write_log(RuntimeError("x"), ["compute"])
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == errorlog.KEPT and kept[-1] == written.name
    assert kept[0] == "planae-erreur-20251112-120000-1.log"


@pytest.mark.parametrize("platform, env, expected", [
    ("win32", {"LOCALAPPDATA": "C:/Users/Hélène/AppData/Local"},
     "C:/Users/Hélène/AppData/Local/planae/journal"),
    ("darwin", {}, "HOME/Library/Logs/planae"),
    ("linux", {"XDG_STATE_HOME": "/var/etat"}, "/var/etat/planae"),
    ("linux", {"XDG_STATE_HOME": "relatif"}, "HOME/.local/state/planae"),
])
def test_the_log_folder_is_the_users_usual_one(monkeypatch, tmp_path, platform, env, expected):
    from workbook.errorlog import log_folder
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("LOCALAPPDATA", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert log_folder() == Path(expected.replace("HOME", str(tmp_path)))
