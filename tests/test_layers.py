"""Layers only point down: every import of every module (function-level ones included) stays in
its own package or goes to a package below it, and no two modules import each other."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BELOW = {  # package -> the packages of the project it may import
    "forecast": set(),
    "workbook": {"forecast"},
    "report": {"forecast", "workbook"},
    "udfs": {"forecast", "workbook"},
    "addin": {"forecast", "workbook", "report", "udfs"},
    "planae": {"forecast", "workbook", "report", "udfs", "addin"},
}
NEVER_IN_ENGINE = {"openpyxl", "xlwings", "pptx"}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str | None = None) -> list[str]:
    """The absolute names of the modules `path` (the module `module`) imports."""
    here = (module or _module(path)).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            stem = ".".join(base + ([node.module] if node.module else []))
            out += [f"{stem}.{a.name}" for a in node.names]  # a module or a name in one
    return out


MODULES = {_module(p): p for pkg in BELOW for p in sorted((ROOT / pkg).rglob("*.py"))}


def _wrong_imports(name: str, path: Path) -> list[str]:
    package = name.split(".")[0]
    allowed = BELOW[package] | {package}
    return [t for t in _imports(path, name)
            if (t.split(".")[0] in BELOW and t.split(".")[0] not in allowed)
            or (package == "forecast" and t.split(".")[0] in NEVER_IN_ENGINE)]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down(name):
    assert _wrong_imports(name, MODULES[name]) == []


def _as_module(target: str) -> str:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target


def test_no_two_modules_import_each_other():
    graph = {name: {_as_module(t) for t in _imports(path)} - {"", name}
             for name, path in MODULES.items()}
    pairs = sorted((a, b) for a, targets in graph.items() for b in targets
                   if a < b and a in graph.get(b, ()))
    assert pairs == []


def test_the_checker_sees_wrong_imports(tmp_path):
    """What the layers once had: the reader importing the report, inside a function, an
    engine module importing openpyxl; relative imports resolve to their package."""
    fake = tmp_path / "reader.py"
    fake.write_text("from . import schema\n"
                    "def read():\n    from report import narrative\n    import openpyxl\n")
    assert _wrong_imports("workbook.reader", fake) == ["report.narrative"]
    assert _as_module(_imports(fake, "workbook.reader")[0]) == "workbook.schema"
    assert _wrong_imports("forecast.x", fake) == ["report.narrative", "openpyxl"]
