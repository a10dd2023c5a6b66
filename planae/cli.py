"""The `planae` command: every subcommand is a thin door onto the engine and the workbook code."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from forecast.errors import INTERNAL_EXIT, UsageError, describe, exit_code, no_warnings
from forecast.examples import EXAMPLES, example_data
from forecast.french import number

# numpy (the engine's, and openpyxl's) starts one BLAS thread per core when imported; planae's
# arrays are 36 months long and never use them: one thread spares their start-up.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _example(args) -> None:
    from forecast.plan import build_plan
    from .summary import summary
    names = EXAMPLES if args.name == "tous" else (args.name,)
    tables = {}
    for name in names:
        plan = build_plan(example_data(name))
        print(summary(plan))
        print()
        tables[name] = plan.to_json()
    if args.json:  # one example: its tables; « tous »: the tables of each, by name
        from workbook.files import check_outputs, json_bytes, write_files
        out = Path(args.json)
        check_outputs({}, {"le fichier JSON (--json)": out})
        text = json_bytes(tables[names[0]] if len(names) == 1 else tables)
        write_files({out: lambda f: f.write(text)})


def _build(args) -> None:
    from .build import build_all
    for path in build_all(Path(args.dist)):
        print(f"écrit : {path}")
    print()
    _example(argparse.Namespace(name="tous", json=None))


def _compute(args) -> None:
    from workbook.jobs import compute_file
    out = compute_file(Path(args.workbook), Path(args.output) if args.output else None,
                       in_place=args.in_place,
                       json_path=Path(args.json) if args.json else None,
                       csv_dir=Path(args.csv) if args.csv else None)
    print(f"calculé : {out}")
    if args.csv:
        print(f"tableaux CSV : {args.csv}")


def _risk(args) -> None:
    from forecast.risk_inputs import MAX_DRAWS, MIN_DRAWS
    from workbook.jobs import compute_file
    if args.draws is not None and not MIN_DRAWS <= args.draws <= MAX_DRAWS:
        raise UsageError(f"--draws : entre {number(MIN_DRAWS)} et {number(MAX_DRAWS)} tirages "
                         f"(saisi : {args.draws}).")
    if args.seed is not None and args.seed < 0:
        raise UsageError(f"--seed : un entier positif ou nul (saisi : {args.seed}).")
    out = compute_file(Path(args.workbook), Path(args.output) if args.output else None,
                       json_path=Path(args.json) if args.json else None, simulated=True,
                       draws=args.draws, seed=args.seed)
    print(f"simulé : {out}")


def _balance(args) -> None:
    from workbook.jobs import balance_file
    out, message = balance_file(Path(args.workbook), Path(args.output) if args.output else None)
    print(message)
    print(f"écrit : {out}")


def _export(args) -> None:
    from report.export import export_file
    out = export_file(Path(args.workbook), args.format, Path(args.output) if args.output else None,
                      despite_alerts=args.malgre_alertes)
    print(f"exporté : {out}")


def _addin(args) -> None:
    from addin import install
    print(install.install() if args.action == "install" else install.remove())


# argparse looks its messages up through gettext at run time: French ones for a French tool.
FRENCH = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
}


def parser() -> argparse.ArgumentParser:
    argparse._ = lambda text: FRENCH.get(text, text)
    ap = argparse.ArgumentParser(prog="planae", description="Business plan de micro-entreprise.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("example", help="calcule un exemple fourni et affiche sa synthèse")
    p.add_argument("name", nargs="?", default="tous", help=f"{', '.join(EXAMPLES)} ou tous")
    p.add_argument("--json", help="écrit aussi toutes les tables en JSON")
    p.set_defaults(run=_example)
    p = sub.add_parser("build", help="construit le modèle, les exemples et le complément")
    p.add_argument("--dist", default="dist", help="dossier de sortie (dist par défaut)")
    p.set_defaults(run=_build)
    p = sub.add_parser("compute", help="calcule un classeur (sans Excel)")
    p.add_argument("workbook", help="le classeur .xlsx à calculer")
    p.add_argument("-o", "--output", help="classeur de sortie (NOM-calcule.xlsx par défaut)")
    p.add_argument("--json", help="écrit aussi toutes les tables en JSON")
    p.add_argument("--csv", metavar="DOSSIER",
                   help="écrit aussi chaque tableau dans un fichier CSV pour Excel (« ; », "
                        "virgule décimale)")
    p.add_argument("--in-place", action="store_true",
                   help="écrit dans le classeur lui-même (une sauvegarde est faite avant)")
    p.set_defaults(run=_compute)
    p = sub.add_parser("risk", help="simule les risques de trésorerie (Monte Carlo) sans Excel")
    p.add_argument("workbook", help="le classeur .xlsx à simuler")
    p.add_argument("--draws", type=int, help="nombre de tirages (celui de la feuille Scénarios "
                                             "par défaut)")
    p.add_argument("--seed", type=int, help="graine du hasard (celle de la feuille Scénarios "
                                            "par défaut)")
    p.add_argument("-o", "--output", help="classeur de sortie (NOM-risques.xlsx par défaut)")
    p.add_argument("--json", help="écrit aussi les tables et le risque en JSON")
    p.set_defaults(run=_risk)
    p = sub.add_parser("balance", help="trouve le financement qui garde la trésorerie au minimum")
    p.add_argument("workbook", help="le classeur .xlsx à équilibrer")
    p.add_argument("-o", "--output", help="copie de sortie (NOM-equilibre.xlsx par défaut)")
    p.set_defaults(run=_balance)
    p = sub.add_parser("export", help="exporte le business plan en PowerPoint ou PDF")
    p.add_argument("workbook", help="le classeur .xlsx à exporter")
    p.add_argument("--format", choices=("pptx", "pdf"), default="pptx", help="pptx ou pdf")
    p.add_argument("-o", "--output", help="fichier de sortie (à côté du classeur par défaut)")
    p.add_argument("--malgre-alertes", action="store_true",
                   help="exporte même s'il reste des alertes bloquantes")
    p.set_defaults(run=_export)
    p = sub.add_parser("addin", help="installe ou retire le complément Excel")
    p.add_argument("action", choices=("install", "remove"), help="install ou remove")
    p.set_defaults(run=_addin)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run a command and return its exit code. Run as the program (no `argv`: the command line),
    the process skips work nobody waits for: it looks for no reference cycles to free (what a
    command builds lives until it ends; measured: the same peak memory), and it ends as soon
    as its files are written and its output flushed, without the interpreter's shutdown
    (freeing the workbook's objects one by one)."""
    if argv is None:
        gc.disable()
    code = _run(argv)
    if argv is None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _run(argv: list[str] | None) -> int:
    """Run a command; any failure is printed in French and ends with its kind's exit code
    (forecast.errors); one planae did not expect also leaves its details in a log file whose
    path the message gives (workbook.errorlog)."""
    args = parser().parse_args(argv)
    try:
        with no_warnings():
            args.run(args)
    except BrokenPipeError:  # the reader stopped early (| head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("Interrompu : aucun fichier n'a été écrit à moitié.", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - a person reads French, never a traceback
        code = exit_code(e)
        if code == INTERNAL_EXIT:
            from workbook.errorlog import unexpected_message, write_log
            print(unexpected_message(write_log(e, sys.argv[1:] if argv is None else argv)),
                  file=sys.stderr)
        else:
            print(describe(e), file=sys.stderr)
        return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
