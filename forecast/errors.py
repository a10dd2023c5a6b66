"""The one error protocol of planae, shared by every layer.

Every problem planae can explain derives from `PlanaeError`. Its `describe()` is the French
text a person reads, whichever door they came through: the command line prints it and exits
with the error's `exit_code`, the ribbon shows it in a message box, a custom formula puts it in
its cell. A door never shows a Python class name or a traceback; `describe(error)` also turns
the system's own errors (a file not found, access refused) and, as a last resort, any other
exception into French.

Kinds, with the command line's exit codes (README lists them):

- 2 `UsageError`: the command was misused (an unknown example, contradictory options);
- 3 `forecast.assumptions.InvalidAssumptions`: inputs to correct, each naming its cell;
- 4 `WorkbookError`: the workbook cannot be used (damaged, a sheet or a name missing…);
- 5 `FileError`: a file cannot be read or written, or would overwrite an input;
- 6 `report.export.ExportError`: the deck or the PDF cannot be made;
- 7 `forecast.rules.RulesError`: the rules data does not cover what was asked;
- 70 anything else: a planae bug (the message says where the details were logged).
"""
from __future__ import annotations

import contextlib
import warnings

INTERNAL_EXIT = 70
OS_REASONS = {FileNotFoundError: "fichier ou dossier introuvable",
              PermissionError: "accès refusé", IsADirectoryError: "c'est un dossier",
              NotADirectoryError: "un élément du chemin n'est pas un dossier",
              FileExistsError: "le fichier existe déjà"}


class PlanaeError(Exception):
    """A problem planae can explain in French."""
    exit_code = 1

    def describe(self, most: int | None = None) -> str:
        """The French text for a person; `most` caps how many problems a list shows."""
        return f"Erreur : {self}"


class UsageError(PlanaeError):
    """The command or the button was asked something it cannot do."""
    exit_code = 2


class WorkbookError(PlanaeError):
    """The workbook itself is not usable (a sheet renamed, a defined name deleted…)."""
    exit_code = 4


class FileError(PlanaeError):
    """A file cannot be read or written, or an output would replace an input."""
    exit_code = 5


def os_reason(error: OSError) -> str:
    """Why the system refused, in French."""
    for kind, reason in OS_REASONS.items():
        if isinstance(error, kind):
            return reason
    if getattr(error, "errno", None) == 28:
        return "disque plein"
    if getattr(error, "errno", None) == 30:
        return "support en lecture seule"
    return "erreur du système de fichiers"


def describe(error: BaseException, most: int | None = None) -> str:
    """Any exception as French text: a PlanaeError's own, a system error naming its file,
    else a generic sentence with the exception's text (never its class name)."""
    if isinstance(error, PlanaeError):
        return error.describe(most)
    if isinstance(error, OSError):
        where = f" « {error.filename} »" if error.filename else ""
        return f"Erreur : impossible de lire ou d'écrire{where} ({os_reason(error)})."
    detail = str(error.args[0] if isinstance(error, KeyError) and error.args else error)
    return f"Erreur inattendue : {detail.strip() or 'sans détail'}."


def exit_code(error: BaseException) -> int:
    if isinstance(error, PlanaeError):
        return error.exit_code
    if isinstance(error, OSError):
        return FileError.exit_code
    return INTERNAL_EXIT


@contextlib.contextmanager
def no_warnings():
    """At a door (the command line, a ribbon button, a formula) no Python warning (numpy's
    RuntimeWarning…) reaches a person: planae's figures are checked finite by themselves."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
