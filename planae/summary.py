"""The terminal summary of a business plan: three years at a glance, then what to watch."""
from __future__ import annotations

from forecast.french import date, euros
from forecast.plan import BusinessPlan


def summary(plan: BusinessPlan) -> str:
    t = plan.tables
    p = plan.assumptions.project
    rows = [
        ("Chiffre d'affaires HT", t["compte_de_resultat"].line("chiffre_affaires").values),
        ("Cotisations sociales", t["compte_de_resultat"].line("cotisations_sociales").values),
        ("Résultat de l'exercice", t["compte_de_resultat"].line("resultat").values),
        ("Revenu disponible", t["compte_de_resultat"].line("revenu_disponible").values),
        ("Trésorerie de fin d'année", t["bilan"].line("tresorerie").values),
        ("Total du bilan", t["bilan"].line("total_actif").values),
    ]
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"{p.name} — début d'activité le {date(p.start_date)}", ""]
    lines.append(" " * width + "".join(f"{'Année ' + str(i + 1):>16}" for i in range(3)))
    for label, values in rows:
        lines.append(f"{label:<{width}}" + "".join(f"{euros(v):>16}" for v in values))
    lowest = min(plan.forecast.cash.balance)
    lines += ["", f"Trésorerie la plus basse sur 36 mois : {euros(lowest)}"]
    events = plan.forecast.events
    if events:
        lines += ["", "Seuils et événements :"]
        lines += [f"  • {date(e.day)} — {e.message}" for e in events]
    others = [a for a in plan.alerts if a.severity != "info" and
              a.code not in {e.code for e in events}]
    if others:
        lines += ["", "Points d'attention :"]
        lines += [f"  • [{a.severity}] {a.message}" for a in others]
    if plan.forecast.notes:
        lines += ["", "Hypothèses :"] + [f"  • {n}" for n in plan.forecast.notes]
    return "\n".join(lines)
