"""Activity categories of the micro-entreprise and what they decide: rates, chamber, ceilings."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Activity(str, Enum):
    """The project's category (DOMAIN.md). Sales offers always use the sales rate; service offers
    use the category's service rate, so a shop selling services too is a mixed activity."""

    VENTE = "vente"
    VENTE_ARTISAN = "vente_artisan"
    SERVICES_BIC = "services_bic"
    SERVICES_ARTISAN = "services_artisan"
    BNC = "bnc"
    CIPAV = "cipav"


@dataclass(frozen=True)
class ActivityInfo:
    """What a category decides: its French label, consular chamber, rules keys of its rates."""
    label: str
    chamber: str | None  # "cci", "cma" or None
    cfp: str  # key suffix of cfp.*
    service_rate: str  # cotisations.* key for service offers
    vl_service: str  # vl.* key for service offers
    abattement_service: str


ACTIVITIES: dict[Activity, ActivityInfo] = {
    Activity.VENTE: ActivityInfo(
        "Achat-revente de marchandises, restauration, hébergement (commerçant)",
        "cci", "commercant", "services_bic", "services_bic", "services_bic"),
    Activity.VENTE_ARTISAN: ActivityInfo(
        "Vente de produits fabriqués, restauration (artisan)",
        "cma", "artisan", "services_bic", "services_bic", "services_bic"),
    Activity.SERVICES_BIC: ActivityInfo(
        "Prestations de services commerciales (BIC)",
        "cci", "commercant", "services_bic", "services_bic", "services_bic"),
    Activity.SERVICES_ARTISAN: ActivityInfo(
        "Prestations de services artisanales (BIC)",
        "cma", "artisan", "services_bic", "services_bic", "services_bic"),
    Activity.BNC: ActivityInfo(
        "Profession libérale non réglementée (BNC, SSI)",
        None, "liberal", "bnc", "bnc", "bnc"),
    Activity.CIPAV: ActivityInfo(
        "Profession libérale réglementée (BNC, CIPAV)",
        None, "liberal", "cipav", "bnc", "bnc"),
}

ACTIVITY_LABELS = {a: info.label for a, info in ACTIVITIES.items()}
_BY_TEXT = {a.value: a for a in Activity} | {
    info.label.casefold(): a for a, info in ACTIVITIES.items()}


def parse_activity(text: object) -> Activity:
    """An activity from its code (`bnc`) or its French label; ValueError otherwise."""
    if isinstance(text, Activity):
        return text
    key = str(text or "").strip().casefold()
    if key in _BY_TEXT:
        return _BY_TEXT[key]
    codes = ", ".join(a.value for a in Activity)
    raise ValueError(f"Activité inconnue : « {text} ». Choisissez parmi : {codes}, "
                     "ou un libellé de la liste.")


def main_kind(activity: Activity) -> str:
    """The kind of turnover an activity's own rates and ceilings are about: sales for the
    sales categories, services otherwise (the ceilings and VAT thresholds of services apply)."""
    return "vente" if activity in (Activity.VENTE, Activity.VENTE_ARTISAN) else "service"
