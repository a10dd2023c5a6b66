"""The details of a failure planae did not expect, kept for whoever fixes it: the person reads a
French sentence giving the path of a log file (README, « Quand une commande échoue »), never a
traceback — on the command line and from the ribbon alike. One file per failure, the newest
`KEPT` kept, in the user's usual folder for logs."""
from __future__ import annotations

import datetime
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

KEPT = 20
PREFIX = "planae-erreur-"


def log_folder() -> Path:
    """Windows: %LOCALAPPDATA%\\planae\\journal; macOS: ~/Library/Logs/planae; elsewhere the
    XDG state folder: $XDG_STATE_HOME/planae (~/.local/state/planae)."""
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "planae" / "journal"
    if sys.platform == "darwin":
        return home / "Library" / "Logs" / "planae"
    state = os.environ.get("XDG_STATE_HOME", "")
    return (Path(state) if os.path.isabs(state) else home / ".local" / "state") / "planae"


def write_log(error: BaseException, argv: list[str]) -> Path | None:
    """The log file of `error` (its traceback, the command, the versions), in the log folder or,
    when it cannot be written, in the temporary folder; None when neither can."""
    now = datetime.datetime.now()
    text = (f"planae : {' '.join(argv)}\n{now.isoformat(timespec='seconds')}\n"
            f"Python {platform.python_version()} sur {platform.platform()}\n\n"
            + "".join(traceback.format_exception(error)))
    name = f"{PREFIX}{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for folder in (log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, "utf-8")
        except OSError:
            continue
        _prune(folder)
        return folder / name
    return None


def _prune(folder: Path) -> None:
    """Keep the newest KEPT logs (their names sort by date)."""
    for old in sorted(folder.glob(f"{PREFIX}*.log"))[:-KEPT]:
        old.unlink(missing_ok=True)


def unexpected_message(log: Path | None,
                       what: str = "planae n'a pas pu terminer. Aucun fichier n'a été écrit à "
                                   "moitié.") -> str:
    """The French sentence for an unexpected failure: `what` happened, and where the details
    are."""
    where = (f"Les détails techniques sont dans « {log} » : joignez ce fichier quand vous "
             f"signalez le problème." if log else
             "Les détails techniques n'ont pas pu être enregistrés (aucun dossier accessible "
             "en écriture).")
    return f"Erreur inattendue : {what} {where}"
