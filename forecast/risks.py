"""A starting sentence for the person's « Risques et parades », proposed by each alert.

The deck shows only what the person wrote: an alert is advice to the author and stays in the
workbook. When an alert names a risk a banker will see too, it proposes the beginning of the
line the person may copy into « Risques et parades » — the risk in the person's voice, and the
start of a parade to complete (« … »). Alerts about a typing error (a seasonality not summing
to 12, a loan longer than what it finances) or plain information propose nothing.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .alerts import Alert, default_benchmarks
from .engine import Forecast
from .french import date, euros, month_label


def _cash(f: Forecast, alert: Alert) -> str:
    cash = f.balances.cash
    low = int(np.argmin(cash))
    return (f"- Trésorerie tendue en {month_label(f.months[low])} (au plus bas "
            f"{euros(cash[low])}) : la réserve de départ et un suivi mensuel de la "
            "trésorerie permettent de tenir ; si les ventes tardent, …")


def _vat(f: Forecast, alert: Alert) -> str:
    liable = f.turnover.vat_liable
    when = f" en {month_label(f.months[int(np.argmax(liable))])}" if liable.any() else ""
    return (f"- Passage à la TVA{when} : prix exprimés hors taxes pour les clients "
            "professionnels, facturation adaptée, et pour les particuliers …")


def _acre_end(f: Forecast, alert: Alert) -> str:
    end = f" le {date(f.acre_end)}" if f.acre_end else ""
    return (f"- Fin de l'ACRE{end} : les cotisations au taux plein sont prévues dans le plan ; "
            "les prix …")


def _benchmark(f: Forecast, alert: Alert) -> str | None:
    key = alert.code.removeprefix("repere_")
    label = next((b.label for b in default_benchmarks() if b.key == key), None)
    if label is None:
        return None
    side = "au-dessus" if "au-dessus" in alert.message else "en dessous"
    return f"- {label} {side} des usages du secteur : …"


DRAFTS: dict[str, Callable[[Forecast, Alert], str | None] | str] = {
    "tresorerie_minimum": _cash,
    "prix_sous_cout": "- Une offre vendue sous son coût de revient : son prix est relevé à … ",
    "prelevements": "- Revenu de l'activité inférieur aux prélèvements prévus : les prélèvements "
                    "suivent le chiffre d'affaires encaissé, et …",
    "apport_faible": "- Apport personnel limité : il est complété par …",
    "retour_long": "- Investissement long à rentabiliser : …",
    "tva_base": _vat, "tva_majore": _vat, "tva_debut": _vat,
    "plafond_depasse": "- Dépassement des plafonds de la micro-entreprise : le passage à un "
                       "régime réel est préparé avec un expert-comptable, et …",
    "sortie_micro": "- Sortie du régime de la micro-entreprise : le passage à un régime réel est "
                    "préparé avec un expert-comptable, et …",
    "acre_fin": _acre_end,
    "acre_eligibilite": "- ACRE non accordée : le plan au taux plein reste …",
    "acre_plafond": "- ACRE non accordée : le plan au taux plein reste …",
    "cfe_absente": "- CFE due à partir de la deuxième année : son montant, demandé à la "
                   "commune, est provisionné …",
}


def _financer(f: Forecast, alert: Alert) -> str:
    who, _, rule = alert.message.partition(" — ")
    return f"- {rule.split(' : ')[0]} : en deçà de ce qu'attend {who}, compensé par …"


def draft(alert: Alert, f: Forecast) -> str | None:
    """The line this alert proposes for « Risques et parades », or None."""
    if alert.code.startswith("repere_"):
        return _benchmark(f, alert)
    if alert.code.startswith("financeur_"):
        return _financer(f, alert)
    proposal = DRAFTS.get(alert.code)
    return proposal(f, alert) if callable(proposal) else proposal
