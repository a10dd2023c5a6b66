"""The files a command reads and writes, so that nothing a person has is ever lost.

- `read_input(path)`: the bytes of the person's file, or a French error about that file (its
  folder missing, a folder instead of a file, a file not found, access refused).
- `check_outputs(inputs, outputs)`: before any work, no output may be an input or another
  output — compared as the file system sees them: symlinks, `./` and `..`, hard links, and
  case or accents in a folder that ignores them (probed, not assumed) — and every output's
  folder exists.
- `write_files(files)`: each output written whole into a temporary file beside it; once all
  are written, each is renamed over its target. A failure leaves the existing files as they
  were and no temporary file behind, and its message names the person's file.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from forecast.errors import FileError, os_reason

Writer = Callable[[BinaryIO], object]


def read_input(path: Path) -> bytes:
    """The whole file the person named: read once, so that what is computed, what is backed
    up and what was checked are the same bytes."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileError(f"Classeur introuvable : « {path} » (le dossier « {path.parent} » "
                        f"n'existe pas). Vérifiez le chemin.")
    if path.is_dir():
        raise FileError(f"« {path} » est un dossier, pas un fichier : donnez le chemin du "
                        f"classeur lui-même (un fichier .xlsx).")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileError(f"Classeur introuvable : « {path} ». Vérifiez son nom et son "
                        f"dossier.") from None
    except OSError as e:
        raise FileError(f"« {path} » ne peut pas être lu ({os_reason(e)}) : est-il ouvert "
                        f"dans un autre programme ?") from None


def _same_existing(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _loose(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _spelling(folder: Path) -> Callable[[str], str]:
    """How `folder` compares names: whether it takes a name in other case (Windows, macOS) or
    in another Unicode form (macOS) for the same file — probed with a file created there and
    looked up under its other spellings, not assumed from the system."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".planae-Casse-\u00e9-", dir=folder)
    except OSError:  # nothing can be written there: writing the output will say so
        return _exact
    os.close(fd)
    try:
        name = Path(probe).name
        case = (folder / name.swapcase()).exists()
        form = (folder / unicodedata.normalize("NFD", name)).exists()
    finally:
        os.unlink(probe)
    if not (case or form):
        return _exact

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFC", text) if form else text
        return text.casefold() if case else text
    return fold


def _exact(name: str) -> str:
    return name


def same_file(a: Path, b: Path) -> bool:
    """Whether writing `a` would write over `b`."""
    if _same_existing(a, b):  # both exist: the system says (links, case, accents)
        return True
    a, b = Path(a).resolve(), Path(b).resolve()
    if a == b:
        return True
    if _loose(a.name) != _loose(b.name) or not _same_existing(a.parent, b.parent):
        return False
    fold = _spelling(a.parent)
    return fold(a.name) == fold(b.name)


def check_outputs(inputs: Mapping[str, Path], outputs: Mapping[str, Path]) -> None:
    """Refuse before any work an output that would replace an input or another output, or
    that cannot be written where it is asked. Keys name each file as the person knows it
    (« le classeur », « le fichier JSON (--json) »…)."""
    for label, out in outputs.items():
        out = Path(out)
        if out.is_dir():
            raise FileError(f"{capital(label)} « {out} » est un dossier : donnez un nom de "
                            f"fichier.")
        if not out.parent.is_dir():
            raise FileError(f"Le dossier « {out.parent} » n'existe pas : {label} « {out.name} "
                            f"» ne peut pas y être écrit. Créez-le ou choisissez un autre "
                            f"dossier.")
        for name, path in inputs.items():
            if same_file(out, path):
                raise FileError(f"Refusé : {label} « {out} » serait écrit sur {name} « {path} "
                                f"». planae n'écrit jamais sur un fichier qu'il lit : choisissez "
                                f"un autre nom de fichier.")
    labels = list(outputs)
    for i, first in enumerate(labels):
        for second in labels[i + 1:]:
            if same_file(outputs[first], outputs[second]):
                raise FileError(f"{capital(first)} et {second} seraient le même fichier « "
                                f"{outputs[second]} » : choisissez deux noms différents.")


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def json_bytes(data) -> bytes:
    """The JSON files planae writes: UTF-8, accents as they are, no NaN."""
    import json  # only an output asked for (--json): a bare compute does not load it
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def write_files(files: Mapping[Path, Writer]) -> None:
    """Write every file (`write` receives a binary file) whole, then rename them all over their
    targets; a symlink is followed (the file it points at is replaced, the link kept)."""
    temporaries: dict[Path, Path] = {}
    named = None
    try:
        for path, write in files.items():
            named = Path(path)
            target = named.resolve()
            temporaries[target] = _written_beside(target, write)
        for (target, temporary), path in zip(temporaries.items(), files):
            named = Path(path)
            os.replace(temporary, target)
    except OSError as e:
        raise FileError(_unwritable(named, e)) from e
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def _written_beside(target: Path, write: Writer) -> Path:
    """A temporary file in `target`'s folder holding what `write` writes, with the
    permissions `target` has (or would get)."""
    mode = _mode(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _mode(path: Path) -> int:
    """The existing file's permissions, else the usual ones under the current umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _unwritable(path: Path, error: OSError) -> str:
    hint = ("le fichier est-il ouvert dans Excel ou PowerPoint ? Fermez-le, ou choisissez un "
            "autre dossier" if isinstance(error, PermissionError)
            else "choisissez un autre fichier ou dossier")
    return f"Impossible d'écrire « {path} » ({os_reason(error)}) : {hint}."
