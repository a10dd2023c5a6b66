"""« Règles appliquées »: every legal parameter a plan read, its value on each date used, its
unit and its legal source — so the person and the bank see which law the figures follow."""
from __future__ import annotations

from .french import date, euros, number, percent
from .rules import Rules
from .tables import Line, Table, make_table

COLUMNS = ("Valeur", "Unité", "Source")


def show(value: float, unit: str) -> str:
    """A parameter's value in French: a rate or a fraction in percent, euros to the cent when
    not whole."""
    if unit == "taux" or unit.startswith("fraction"):
        return percent(value, 6, trim=True)
    if unit == "€":
        return euros(value, cents=True)
    return number(value, 6, trim=True)


def rules_table(rules: Rules) -> Table:
    """The parameters `rules` noted (see Rules.recording), one line each, by key: its value on
    each date used (« depuis le » the date it took effect) and its sources."""
    by_key: dict[str, tuple] = {}
    for (key, _), (p, dated) in sorted((rules.used or {}).items(), key=lambda item: item[0]):
        by_key.setdefault(key, (p, []))[1].append(dated)
    lines = []
    for key, (p, values) in by_key.items():
        shown = " ; ".join(f"{show(v.value, p.unit)} depuis le {date(v.start)}"
                           for v in values)
        sources = " ; ".join(dict.fromkeys(v.source for v in values))
        lines.append(Line(key, p.label, (shown, p.unit, sources), "text"))
    return make_table("regles", "Règles appliquées", COLUMNS, lines)


def rules_records(table: Table) -> list[dict]:
    """The JSON of the table: one object per parameter."""
    return [{"cle": line.key, "libelle": line.label, "valeur": line.values[0],
             "unite": line.values[1], "source": line.values[2]} for line in table.lines]
