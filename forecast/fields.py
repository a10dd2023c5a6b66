"""Every input a person types, declared once: its key, French label, kind, unit, bounds,
default, help and choices.

The Python validation (`forecast.assumptions`, `forecast.risk_inputs`) reads these specs, and
the workbook builds its labels, units, helps and Excel data validations from the same ones
(`workbook/schema.py`), so a bound or a label cannot differ between Excel and Python.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .activity import ACTIVITY_LABELS
from .french import date
from .rules import load_rules
from .timeline import HORIZON
from .vat import rates as vat_rates
from .volumes import DAYS_PER_WEEK, UNITS as VOLUME_UNITS

# Kinds of input: how a value is validated, formatted and converted.
TEXT, NUMBER, EUROS, PERCENT, DATE, FLAG, CHOICE, MONTH, INTEGER = (
    "text", "number", "euros", "percent", "date", "flag", "choice", "month", "integer")
WHOLE_KINDS = (MONTH, INTEGER)
NUMBER_KINDS = (NUMBER, EUROS, PERCENT, *WHOLE_KINDS)

_RULES = load_rules()
VAT_RATES = vat_rates(_RULES, _RULES.covered_until)  # 20, 10, 5,5, 2,1 and 0 %
NORMAL_VAT = f"{VAT_RATES[0] * 100:g} %".replace(".", ",")  # the normal rate, from the rules data
CFE_REDUCTION = _RULES.value("cfe.second_year_base_reduction", _RULES.covered_until)
FIRST_COVERED_DATE = _RULES.covered_from  # the first day every rule has a value
MICRO_REGIME_START = dt.date(2009, 1, 1)  # the auto-entrepreneur regime's first day
YES_NO = ("oui", "non")
DECLARATIONS = ("mensuelle", "trimestrielle")
OFFER_KINDS = ("vente", "service")
MONTHS_MODES = ("quantités", "coefficients")
LOAN_KINDS = ("banque", "honneur")
# The VAT a charge's amount holds, recovered once the franchise is lost, unless typed: none on
# insurance and bank services (exempt), on a bare lease (VAT only if the landlord opts), on travel
# (much of it not recoverable) and training (often exempt) — cautious defaults a person changes on
# the Charges sheet; the normal rate on the rest.
CHARGE_VAT_RATES = {
    "Loyer et charges locatives": 0.0, "Assurances": 0.0,
    "Marketing et communication": VAT_RATES[0], "Télécom et logiciels": VAT_RATES[0],
    "Déplacements": 0.0, "Honoraires (comptable, banque)": 0.0,
    "Fournitures et petit matériel": VAT_RATES[0], "Formation": 0.0,
    "Autres charges externes": VAT_RATES[0],
}
CHARGE_CATEGORIES = tuple(CHARGE_VAT_RATES)

# Upper bounds of amounts and quantities: far above any micro-enterprise, low enough that
# every sum of the plan stays an exact, finite number.
MAX_PRICE = 1e6  # a unit price or cost, a monthly charge or drawing
MAX_AMOUNT = 1e7  # an investment, a loan, a grant, an apport, cash
MAX_QUANTITY = 1e7  # units sold in a month or a year
MAX_MONTHS = 360  # a loan's duration


@dataclass(frozen=True)
class Spec:
    """One input. `path` is where its value lives in the assumptions dict: the whole path for
    a single value (("project", "cfe")), the key inside a row for a table's column
    (("unit_price",)). `default` is what the empty template shows and, unless the input is
    `required`, what an empty cell means; `lo` of a date is its earliest day. `choices`
    lists the values allowed (a list in Excel); a number with choices (a VAT rate) is bounded
    in Excel by the lowest and highest."""
    path: tuple
    label: str
    kind: str
    unit: str = ""
    lo: float | None = 0
    hi: float | None = None
    default: Any = None
    required: bool = False
    help: str = ""
    choices: tuple = ()

    @property
    def key(self) -> str:
        return self.path[-1]

    @property
    def integer(self) -> bool:
        return self.kind in WHOLE_KINDS

    @property
    def message_unit(self) -> str:
        """The unit a typed value is shown with in a message: « 5 € », « 12 % », « 30 jours »;
        a month number (1 = first month) has none."""
        if self.kind == EUROS:
            return "€"
        if self.kind == PERCENT:
            return "%"
        return self.unit if self.kind != MONTH and self.unit in ("jours", "mois", "ans") else ""


def _by_key(*specs: Spec) -> dict[str, Spec]:
    return {s.key: s for s in specs}


MONTH_HELP = "1 = premier mois du plan ; ou le mois en date (03/2026)."


def _month(key: str, label: str) -> Spec:
    return Spec((key,), label, MONTH, unit="mois", lo=1, hi=HORIZON, default=1, help=MONTH_HELP)


def _vat(key: str, label: str, help: str, default: float | None = VAT_RATES[0]) -> Spec:
    return Spec((key,), label, PERCENT, unit="%", lo=0, hi=max(VAT_RATES), default=default,
                help=help, choices=VAT_RATES)


def _label(key: str, help: str) -> Spec:
    return Spec((key,), "Libellé", TEXT, required=True, help=help)


P = "project"
PROJECT = _by_key(
    Spec((P, "name"), "Nom du projet", TEXT, default="", required=True,
         help="Apparaît en en-tête de chaque page imprimée."),
    Spec((P, "activity"), "Activité", CHOICE, default=ACTIVITY_LABELS[next(iter(ACTIVITY_LABELS))],
         required=True, choices=tuple(ACTIVITY_LABELS.values()),
         help="Catégorie qui fixe les taux de cotisations, la CFP, la chambre consulaire et les "
              "plafonds."),
    Spec((P, "start_date"), "Date de début d'activité", DATE, unit="date",
         lo=MICRO_REGIME_START, required=True,
         help="Celle déclarée à l'URSSAF ; premier mois du plan (36 mois) pour une création."),
    Spec((P, "plan_start"), "Début du prévisionnel (activité existante)", DATE, unit="date",
         lo=FIRST_COVERED_DATE,
         help=f"Activité déjà en cours : premier mois du plan, à partir du "
              f"{date(FIRST_COVERED_DATE)}. Vide pour une création."),
    Spec((P, "acre"), "ACRE", FLAG, default=False, choices=YES_NO,
         help="Cotisations réduites la première année si vous y êtes éligible (demande à "
              "l'URSSAF)."),
    Spec((P, "versement_liberatoire"), "Versement libératoire", FLAG, default=False,
         choices=YES_NO,
         help="Impôt sur le revenu payé avec les cotisations, en % du CA, sous condition de "
              "revenu fiscal de référence."),
    Spec((P, "declaration"), "Déclaration du CA", CHOICE, default="mensuelle",
         choices=DECLARATIONS, help="Périodicité de la déclaration et du paiement des "
                                    "cotisations."),
    Spec((P, "cfe"), "CFE annuelle de la commune", EUROS, unit="€", hi=50_000, default=0,
         help="Cotisation foncière des entreprises d'une année pleine (avis de CFE ou "
              "délibération de la commune) ; 0 : estimation. Aucune l'année de création, "
              f"{(1 - CFE_REDUCTION) * 100:.0f} % l'année suivante."),
    Spec((P, "cfe_artisan_exempt"), "Artisan travaillant seul (exonéré de CFE)", FLAG,
         default=False, choices=YES_NO,
         help="Art. 1452 du CGI : artisan travaillant seul ou avec des apprentis, travail manuel "
              "prépondérant."),
    Spec((P, "opening_cash"), "Trésorerie de départ (hors apport)", EUROS, unit="€",
         hi=MAX_AMOUNT, default=0,
         help="Activité déjà en cours : argent sur le compte professionnel au premier mois du "
              "plan. Création : 0 — votre épargne mise dans l'entreprise se saisit une seule "
              "fois, en « Apport personnel » (feuille Financement)."),
    Spec((P, "minimum_cash"), "Trésorerie minimale", EUROS, unit="€", hi=MAX_AMOUNT, default=0,
         help="Matelas de sécurité sous lequel le compte ne doit pas descendre."),
    Spec((P, "vat_prices_kept"), "Prix TTC maintenus si TVA", FLAG, default=False,
         choices=YES_NO,
         help="Si la franchise de TVA est perdue : « oui » garde les prix payés par les clients "
              "(la TVA est prise sur votre marge), « non » ajoute la TVA."),
    Spec((P, "vat_monthly"), "Déclarations de TVA mensuelles", FLAG, default=False,
         choices=YES_NO,
         help="Si la franchise est perdue : « non » = régime réel simplifié (déclaration annuelle "
              "en mai, acomptes en juillet et décembre), « oui » = option pour une déclaration "
              "et un paiement chaque mois."),
    Spec((P, "tax_rate"), "Taux d'imposition du foyer", PERCENT, unit="%", hi=0.45, default=0,
         help="Sans versement libératoire : taux moyen estimé de l'impôt sur le revenu."),
)

OFFER = _by_key(
    Spec(("name",), "Nom de l'offre", TEXT, required=True, help="Produit ou prestation."),
    Spec(("kind",), "Type", CHOICE, default="service", choices=OFFER_KINDS,
         help="vente (marchandises, produits) ou service."),
    Spec(("months_mode",), "Mois saisis en", CHOICE, choices=MONTHS_MODES,
         help="quantités : les mois sont des quantités vendues ; coefficients : ils "
              "répartissent le volume annuel (1 = mois moyen)."),
    Spec(("unit_price",), "Prix unitaire HT", EUROS, unit="€", hi=MAX_PRICE, required=True,
         help="Prix de vente hors taxes."),
    Spec(("unit_cost",), "Coût direct unitaire", EUROS, unit="€", hi=MAX_PRICE, default=0,
         help="Achat, matière ou sous-traitance par unité vendue."),
    Spec(("annual_volume",), "Volume annuel", NUMBER, unit="unités", hi=MAX_QUANTITY,
         required=True, help="Année 1, si les mois sont des coefficients."),
    Spec(("growth_y2",), "Croissance année 2", PERCENT, unit="%", lo=-1, hi=5, default=0,
         help="Des quantités par rapport à l'année 1."),
    Spec(("growth_y3",), "Croissance année 3", PERCENT, unit="%", lo=-1, hi=5, default=0,
         help="Des quantités par rapport à l'année 2."),
    Spec(("payment_days",), "Délai de paiement clients", NUMBER, unit="jours", hi=180,
         default=0, help="0 = payé comptant."),
    Spec(("volume_unit",), "Quantités par", CHOICE, default="mois", choices=VOLUME_UNITS,
         help="Les quantités des mois sont vendues par mois, par semaine ou par jour "
              "travaillé (6 clients par jour : « jour » et 6 dans chaque mois)."),
    Spec(("days_per_week",), "Jours travaillés par semaine", NUMBER, unit="jours", lo=1, hi=7,
         default=DAYS_PER_WEEK, help="Pour des quantités par jour : jours de travail d'une "
                                     "semaine."),
    # The 12 month columns hold quantities or coefficients, as « Mois saisis en » says: Excel
    # bounds them by the quantities' bounds, Python checks each as what it is.
    Spec(("by_month",), "Mois", NUMBER, unit="quantités ou coefficients, selon « Mois saisis "
         "en »", hi=MAX_QUANTITY, default=0,
         help="Année 1, mois par mois (mois 1 = premier mois d'activité)."),
    _vat("vat_rate", "Taux de TVA", "Dès que la franchise en base est perdue : "
         + ", ".join(f"{r * 100:g}".replace(".", ",") for r in VAT_RATES)
         + f" % (vide : {NORMAL_VAT})."),
)
QUANTITY = Spec(("quantities",), "Quantité du mois", NUMBER, hi=MAX_QUANTITY, default=0)
COEFFICIENT = Spec(("seasonality",), "Coefficient du mois", NUMBER, hi=12, default=1.0)

CHARGE = _by_key(
    _label("label", "Une charge fixe par ligne."),
    Spec(("category",), "Catégorie", CHOICE, default="Autres charges externes",
         choices=CHARGE_CATEGORIES, help="Regroupe les charges dans le tableau de bord."),
    Spec(("monthly_amount",), "Montant mensuel", EUROS, unit="€ / mois", hi=MAX_PRICE,
         required=True, help="Montant payé chaque mois (TTC sous franchise)."),
    _month("first_month", "Premier mois"),
    Spec(("indexation",), "Indexation annuelle", PERCENT, unit="%", lo=-0.5, hi=0.5, default=0,
         help="Hausse du montant chaque année."),
    _vat("vat_rate", "TVA récupérable", "Taux de la TVA comprise dans le montant, récupérée si "
         f"la franchise est perdue. Vide : {NORMAL_VAT}, sauf loyer, assurances, banque et "
         "honoraires, déplacements et formation (0 %).", default=None),  # by category: CHARGE_VAT_RATES
)

O = "operations"
OPERATIONS = _by_key(
    Spec((O, "subcontracting_rate"), "Sous-traitance (part du CA)", PERCENT, unit="%", hi=1,
         default=0, help="Part du chiffre d'affaires reversée à des sous-traitants ou "
                         "freelances."),
    Spec((O, "initial_stock"), "Stock initial", EUROS, unit="€", hi=MAX_AMOUNT, default=0,
         help="Marchandises et matières achetées avant l'ouverture."),
    Spec((O, "stock_days"), "Stock (jours d'achats consommés)", NUMBER, unit="jours", hi=365,
         default=0, help="Stock gardé en permanence, en jours d'achats."),
    Spec((O, "supplier_days"), "Délai de paiement des fournisseurs", NUMBER, unit="jours",
         hi=120, default=0, help="0 = payé comptant."),
    Spec((O, "drawings_monthly"), "Prélèvements mensuels", EUROS, unit="€ / mois", hi=MAX_PRICE,
         default=0, help="Ce que vous vous versez chaque mois pour vivre."),
    Spec((O, "drawings_first_month"), "Premier mois de prélèvement", MONTH, unit="mois", lo=1,
         hi=HORIZON, default=1, help=MONTH_HELP),
)

INVESTMENT = _by_key(
    _label("label", "Matériel, logiciel, site, frais de création…"),
    Spec(("amount",), "Montant TTC", EUROS, unit="€", hi=MAX_AMOUNT, required=True,
         help="TTC : sous franchise la TVA n'est pas récupérée ; elle l'est une fois la "
              "franchise perdue."),
    _month("month", "Mois d'achat"),
    Spec(("years",), "Durée d'amortissement", INTEGER, unit="ans", hi=50, default=3,
         help="0 = passé en charges d'un coup (frais d'établissement, petit matériel)."),
    _vat("vat_rate", "TVA récupérable", "Taux de la TVA comprise dans le montant, récupérée si "
         f"la franchise est perdue à la date d'achat (vide : {NORMAL_VAT} ; 0 % pour une "
         "voiture particulière)."),
)

LOAN = _by_key(
    _label("label", "Banque, microcrédit…"),
    Spec(("kind",), "Type", CHOICE, default="banque", choices=LOAN_KINDS,
         help="banque, ou honneur (prêt d'honneur à 0 %)."),
    Spec(("amount",), "Montant", EUROS, unit="€", hi=MAX_AMOUNT, required=True),
    Spec(("rate",), "Taux annuel", PERCENT, unit="%", hi=0.25, default=0),
    Spec(("months",), "Durée", INTEGER, unit="mois", lo=1, hi=MAX_MONTHS, required=True,
         help="Durée totale, différé compris."),
    # At most the loan's own duration less one month: Excel reads the row's « Durée ».
    Spec(("deferral",), "Différé", INTEGER, unit="mois", hi=MAX_MONTHS - 1, default=0,
         help="Mois où seuls les intérêts sont payés."),
    _month("month", "Mois de déblocage"),
)

GRANT = _by_key(
    _label("label", "Aide régionale, bourse French Tech…"),
    Spec(("amount",), "Montant", EUROS, unit="€", hi=MAX_AMOUNT, required=True),
    _month("month", "Mois de versement"),
)

F = "financing"
FINANCING = _by_key(
    Spec((F, "apport"), "Apport personnel", EUROS, unit="€", hi=MAX_AMOUNT, default=0,
         help="Votre argent mis dans l'entreprise (épargne), versé le premier mois : l'apport "
              "que lit la banque. Ne le comptez pas aussi en trésorerie de départ."),
    Spec((F, "arce"), "ARCE (montant total)", EUROS, unit="€", hi=1e6, default=0,
         help="Versée par France Travail en deux fois, la seconde six mois plus tard."),
    Spec((F, "new_loan_rate"), "Taux de l'emprunt à solliciter", PERCENT, unit="%", hi=0.25,
         default=0.05, help="Conditions de l'emprunt que propose « Équilibrer le "
                            "financement »."),
    Spec((F, "new_loan_months"), "Durée de l'emprunt à solliciter", INTEGER, unit="mois", lo=1,
         hi=MAX_MONTHS, default=60, help="Conditions de l'emprunt que propose « Équilibrer le "
                                         "financement »."),
)

R = "founder"
FOUNDER = _by_key(
    Spec((R, "experience"), "Expérience professionnelle", TEXT, default="",
         help="Vos métiers, vos années d'expérience, ce qui vous rend crédible dans ce projet."),
    Spec((R, "training"), "Formation et diplômes", TEXT, default="",
         help="Diplômes, formations suivies ou prévues."),
    Spec((R, "motivation"), "Pourquoi ce projet", TEXT, default="",
         help="Ce qui vous pousse à créer, ce que vous visez."),
    Spec((R, "situation"), "Situation familiale", TEXT, default="",
         help="Par exemple : en couple, deux enfants ; le conjoint est salarié."),
    Spec((R, "monthly_needs"), "Besoins mensuels du foyer", EUROS, unit="€ / mois",
         hi=MAX_PRICE, default=0,
         help="Ce dont le foyer a besoin pour vivre chaque mois, hors impôt sur le revenu. "
              "Saisi, il fixe les prélèvements sur l'entreprise (il remplace les prélèvements de "
              "la feuille Charges)."),
    Spec((R, "other_income"), "Autres revenus nets du foyer", EUROS, unit="€ / mois",
         hi=MAX_PRICE, default=0,
         help="Salaire du conjoint, pensions… nets, avant impôt sur le revenu."),
    Spec((R, "couple"), "Imposition commune (marié ou pacsé)", FLAG, default=False,
         choices=YES_NO, help="Oui : une déclaration de revenus pour le couple."),
    Spec((R, "parts"), "Parts de quotient familial", NUMBER, unit="parts", lo=1, hi=20,
         default=1,
         help="1 par adulte imposé, 0,5 par enfant pour les deux premiers, 1 à partir du "
              "troisième (voir votre avis d'impôt)."),
    Spec((R, "rfr_two_years_before"), "Revenu fiscal de référence de l'avant-dernière année",
         EUROS, unit="€", hi=1e8, default=0,
         help="Sur votre avis d'impôt : il décide si le versement libératoire est permis. "
              "0 : non saisi."),
    Spec((R, "spontaneous_instalments"), "Acomptes d'impôt dès la première année", FLAG,
         default=False, choices=YES_NO,
         help="Oui : vous déclarez un acompte sur impots.gouv pour ne pas tout payer l'année "
              "suivante."),
    Spec((R, "are_daily"), "Allocation journalière ARE (brute)", EUROS, unit="€ / jour",
         hi=1000, default=0, help="Sur la notification de France Travail. 0 : pas de droits."),
    Spec((R, "are_days"), "Jours de droits restants au début de l'activité", NUMBER,
         unit="jours", hi=2000, default=0, help="Sur votre espace France Travail."),
    Spec((R, "reference_daily_wage"), "Salaire journalier de référence (SJR)", EUROS,
         unit="€ / jour", hi=5000, default=0,
         help="Sur la notification : plafond du cumul et participation retraite de 3 %. 0 : non "
              "saisi."),
    Spec((R, "choice"), "ARE maintenue ou ARCE", CHOICE, default="",
         choices=("ARE maintenue", "ARCE"),
         help="ARE maintenue : chaque mois, réduite selon votre CA. ARCE : 60 % des droits en "
              "capital, en deux fois (ACRE obligatoire). Comparez sur la feuille Revenus du "
              "foyer."),
)

BENCHMARK = _by_key(
    Spec(("key",), "Clé", TEXT, required=True, help="Identifiant lu par planae : ne pas "
                                                    "modifier."),
    Spec(("label",), "Repère", TEXT, help="Ce qui est comparé."),
    Spec(("low",), "Bas", NUMBER, hi=MAX_AMOUNT,
         help="En dessous : planae avertit. Les % s'écrivent 40 % ou 0,4."),
    Spec(("high",), "Haut", NUMBER, hi=MAX_AMOUNT, help="Au-dessus : planae avertit."),
    Spec(("unit",), "Unité", TEXT, help="€, % ou ans."),
)

# A financer's threshold a person edits (rows of key and value; a share is at most 100 %).
FINANCER_RULE = _by_key(
    Spec(("key",), "Clé", TEXT, required=True),
    Spec(("value",), "Valeur", NUMBER, hi=MAX_AMOUNT),
)
