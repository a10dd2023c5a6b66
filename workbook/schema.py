"""The one declaration of the workbook: every input and where it lives, every output sheet.

The template is built from it, the reader reads through it, the writer writes through it and
the error messages point at cells through it. An input is either a scalar with a defined name
(`Projet_Nom` -> ("project", "name")) or a column of a named Excel table (`tblOffres`), so a
person may insert or delete rows and move things around: nothing is found by position.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from forecast.activity import ACTIVITY_LABELS
from forecast.assumptions import (CHARGE_CATEGORIES, DECLARATIONS, FIRST_COVERED_DATE,
                                  HORIZON, LOAN_KINDS, OFFER_KINDS, UNEMPLOYMENT_CHOICES,
                                  VAT_RATES)
from forecast import risk_inputs as risk
from forecast.rules import load_rules

NORMAL_VAT = f"{VAT_RATES[0] * 100:g} %".replace(".", ",")  # the normal rate, from the rules data
CFE_REDUCTION = load_rules().value("cfe.second_year_base_reduction", load_rules().covered_until)

# Kinds of input: how a value is validated, formatted and converted.
TEXT, NUMBER, EUROS, PERCENT, DATE, FLAG, CHOICE, MONTH, INTEGER = (
    "text", "number", "euros", "percent", "date", "flag", "choice", "month", "integer")

MICRO_REGIME_START = dt.date(2009, 1, 1)  # the auto-entrepreneur regime's first day

EURO_FORMAT = '#,##0 "€";[Red]-#,##0 "€";0 "€"'
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"
DAYS_FORMAT = '0 "j"'
MONTHS_FORMAT = '0 "mois"'
TIMES_FORMAT = '0.0 "fois"'
NUMBER_FORMAT = "#,##0.##"

# Value lists for data validation, on the hidden `Listes` sheet, each under a defined name.
LISTS: dict[str, tuple[str, ...]] = {
    "lstActivites": tuple(ACTIVITY_LABELS.values()),
    "lstOuiNon": ("oui", "non"),
    "lstDeclarations": DECLARATIONS,
    "lstTypesOffre": OFFER_KINDS,
    "lstSaisieMois": ("quantités", "coefficients"),
    "lstCategories": CHARGE_CATEGORIES,
    "lstTypesPret": LOAN_KINDS,
    "lstChomage": tuple(UNEMPLOYMENT_CHOICES.values()),
}
LISTS_SHEET = "Listes"
MONTHS_BY_QUANTITY, MONTHS_BY_COEFFICIENT = LISTS["lstSaisieMois"]


@dataclass(frozen=True)
class Field:
    """A scalar input, in one cell under a defined name."""
    name: str  # the defined name
    path: tuple  # where it goes in the assumptions dict
    label: str
    kind: str
    unit: str = ""
    help: str = ""
    default: Any = None  # what the empty template shows
    lo: float | None = None
    hi: float | None = None
    choices: str | None = None  # a LISTS key
    lines: int = 1  # a long text: the cell wraps over this many lines

    @property
    def key(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Column:
    """A column of an input table: its header is the Excel table's column name."""
    header: str
    key: str  # key of the row dict; "by_month" for the 12 month columns of the offers
    kind: str
    unit: str = ""
    help: str = ""
    lo: float | None = None
    hi: float | None = None
    choices: str | None = None
    width: float = 14
    required: bool = False
    shown: str = "input"  # "input"; "fixed": planae's text, locked; "key": what planae reads


@dataclass(frozen=True)
class InputTable:
    name: str  # Excel table name
    path: tuple  # ("offers",) or ("financing", "loans")
    label: str  # what one row is, in French: « Offre »
    columns: tuple[Column, ...]
    rows: int = 8  # empty rows of the template
    style: str = "TableStyleLight9"

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class GridRow:
    label: str
    unit: str
    help: str
    cells: tuple  # one per column of the grid: a Field (an input cell) or a fixed value


@dataclass(frozen=True)
class FieldGrid:
    """Scalar inputs side by side, one row per driver and one column per case. Each input cell
    is one of its sheet's fields, with its own defined name: the reader finds it by name."""
    title: str
    headers: tuple[str, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class InputSheet:
    name: str
    title: str
    intro: str
    fields: tuple[Field, ...] = ()
    tables: tuple[InputTable, ...] = ()
    fields_title: str = ""
    grids: tuple[FieldGrid, ...] = ()  # when given, the fields are laid out in these grids


FOUNDER_SHEET = InputSheet(
    "Porteur de projet", "Porteur de projet",
    "Qui porte le projet et de quoi vivra le foyer : la banque le lit en premier. Les montants "
    "donnent les prélèvements dont le foyer a besoin, l'ARE ou l'ARCE et l'impôt du foyer "
    "(feuille Revenus du foyer). Laissez vide ce qui ne vous concerne pas.",
    fields_title="Porteur de projet",
    fields=(
        Field("Porteur_Experience", ("founder", "experience"), "Expérience professionnelle",
              TEXT, default="", lines=5,
              help="Vos métiers, vos années d'expérience, ce qui vous rend crédible dans ce "
                   "projet."),
        Field("Porteur_Formation", ("founder", "training"), "Formation et diplômes", TEXT,
              default="", lines=3, help="Diplômes, formations suivies ou prévues."),
        Field("Porteur_Motivation", ("founder", "motivation"), "Pourquoi ce projet", TEXT,
              default="", lines=5, help="Ce qui vous pousse à créer, ce que vous visez."),
        Field("Porteur_Situation", ("founder", "situation"), "Situation familiale", TEXT,
              default="", lines=2, help="Par exemple : en couple, deux enfants ; le conjoint "
                                        "est salarié."),
        Field("Porteur_Besoins", ("founder", "monthly_needs"), "Besoins mensuels du foyer",
              EUROS, unit="€ / mois", lo=0, hi=1e6, default=0,
              help="Ce dont le foyer a besoin pour vivre chaque mois, hors impôt sur le revenu. "
                   "Saisi, il fixe les prélèvements sur l'entreprise (il remplace les "
                   "prélèvements de la feuille Charges)."),
        Field("Porteur_AutresRevenus", ("founder", "other_income"),
              "Autres revenus nets du foyer", EUROS, unit="€ / mois", lo=0, hi=1e6, default=0,
              help="Salaire du conjoint, pensions… nets, avant impôt sur le revenu."),
        Field("Porteur_Couple", ("founder", "couple"), "Imposition commune (marié ou pacsé)",
              FLAG, choices="lstOuiNon", default="non",
              help="Oui : une déclaration de revenus pour le couple."),
        Field("Porteur_Parts", ("founder", "parts"), "Parts de quotient familial", NUMBER,
              unit="parts", lo=1, hi=20, default=1,
              help="1 par adulte imposé, 0,5 par enfant pour les deux premiers, 1 à partir du "
                   "troisième (voir votre avis d'impôt)."),
        Field("Porteur_RFR", ("founder", "rfr_two_years_before"),
              "Revenu fiscal de référence de l'avant-dernière année", EUROS, unit="€", lo=0,
              hi=1e8, default=0,
              help="Sur votre avis d'impôt : il décide si le versement libératoire est permis. "
                   "0 : non saisi."),
        Field("Porteur_AcomptesDebut", ("founder", "spontaneous_instalments"),
              "Acomptes d'impôt dès la première année", FLAG, choices="lstOuiNon",
              default="non",
              help="Oui : vous déclarez un acompte sur impots.gouv pour ne pas tout payer l'année "
                   "suivante."),
        Field("Porteur_AREJournaliere", ("founder", "are_daily"),
              "Allocation journalière ARE (brute)", EUROS, unit="€ / jour", lo=0, hi=1000,
              default=0, help="Sur la notification de France Travail. 0 : pas de droits."),
        Field("Porteur_AREJours", ("founder", "are_days"),
              "Jours de droits restants au début de l'activité", NUMBER, unit="jours", lo=0,
              hi=2000, default=0, help="Sur votre espace France Travail."),
        Field("Porteur_SJR", ("founder", "reference_daily_wage"),
              "Salaire journalier de référence (SJR)", EUROS, unit="€ / jour", lo=0, hi=5000,
              default=0, help="Sur la notification : plafond du cumul et participation "
                              "retraite de 3 %. 0 : non saisi."),
        Field("Porteur_Choix", ("founder", "choice"), "ARE maintenue ou ARCE", CHOICE,
              choices="lstChomage", default="",
              help="ARE maintenue : chaque mois, réduite selon votre CA. ARCE : 60 % des droits "
                   "en capital, en deux fois (ACRE obligatoire). Comparez sur la feuille Revenus "
                   "du foyer."),
    ))

PROJECT = InputSheet(
    "Projet", "Projet", "Identité du projet et régime micro-entrepreneur. Les cellules jaunes "
    "sont à remplir ; les autres feuilles de saisie sont Offre, Charges, Investissements et "
    "Financement.",
    fields=(
        Field("Projet_Nom", ("project", "name"), "Nom du projet", TEXT,
              help="Apparaît en en-tête de chaque page imprimée.", default=""),
        Field("Projet_Activite", ("project", "activity"), "Activité", CHOICE,
              choices="lstActivites", default=ACTIVITY_LABELS[next(iter(ACTIVITY_LABELS))],
              help="Catégorie qui fixe les taux de cotisations, la CFP, la chambre consulaire "
                   "et les plafonds."),
        Field("Projet_DateDebut", ("project", "start_date"), "Date de début d'activité", DATE,
              unit="date", default=None, lo=MICRO_REGIME_START,
              help="Celle déclarée à l'URSSAF ; premier mois du plan (36 mois) pour une "
                   "création."),
        Field("Projet_DebutPrevisionnel", ("project", "plan_start"),
              "Début du prévisionnel (activité existante)", DATE, unit="date", default=None,
              help=f"Activité déjà en cours : premier mois du plan, à partir du "
                   f"{FIRST_COVERED_DATE:%d/%m/%Y}. Vide pour une création."),
        Field("Projet_ACRE", ("project", "acre"), "ACRE", FLAG, choices="lstOuiNon",
              default="non", help="Cotisations réduites la première année si vous y êtes "
                                  "éligible (demande à l'URSSAF)."),
        Field("Projet_VL", ("project", "versement_liberatoire"), "Versement libératoire", FLAG,
              choices="lstOuiNon", default="non",
              help="Impôt sur le revenu payé avec les cotisations, en % du CA, sous condition "
                   "de revenu fiscal de référence."),
        Field("Projet_Declaration", ("project", "declaration"), "Déclaration du CA", CHOICE,
              choices="lstDeclarations", default="mensuelle",
              help="Périodicité de la déclaration et du paiement des cotisations."),
        Field("Projet_CFE", ("project", "cfe"), "CFE annuelle de la commune", EUROS, unit="€",
              lo=0, hi=50_000, default=0,
              help="Cotisation foncière des entreprises d'une année pleine (avis de CFE ou "
                   "délibération de la commune) ; 0 : estimation. Aucune l'année de création, "
                   f"{(1 - CFE_REDUCTION) * 100:.0f} % l'année suivante."),
        Field("Projet_CFEArtisan", ("project", "cfe_artisan_exempt"),
              "Artisan travaillant seul (exonéré de CFE)", FLAG, choices="lstOuiNon",
              default="non", help="Art. 1452 du CGI : artisan travaillant seul ou avec des "
                                  "apprentis, travail manuel prépondérant."),
        Field("Projet_TresorerieDepart", ("project", "opening_cash"), "Trésorerie de départ",
              EUROS, unit="€", lo=0, default=0,
              help="Argent déjà sur le compte professionnel au premier jour."),
        Field("Projet_TresorerieMin", ("project", "minimum_cash"), "Trésorerie minimale",
              EUROS, unit="€", lo=0, default=0,
              help="Matelas de sécurité sous lequel le compte ne doit pas descendre."),
        Field("Projet_PrixTTCMaintenus", ("project", "vat_prices_kept"),
              "Prix TTC maintenus si TVA", FLAG, choices="lstOuiNon", default="non",
              help="Si la franchise de TVA est perdue : « oui » garde les prix payés par les "
                   "clients (la TVA est prise sur votre marge), « non » ajoute la TVA."),
        Field("Projet_TVAMensuelle", ("project", "vat_monthly"), "Déclarations de TVA mensuelles",
              FLAG, choices="lstOuiNon", default="non",
              help="Si la franchise est perdue : « non » = régime réel simplifié (déclaration "
                   "annuelle en mai, acomptes en juillet et décembre), « oui » = option pour "
                   "une déclaration et un paiement chaque mois."),
        Field("Projet_TauxImposition", ("project", "tax_rate"), "Taux d'imposition du foyer",
              PERCENT, unit="%", lo=0, hi=0.45, default=0,
              help="Sans versement libératoire : taux moyen estimé de l'impôt sur le revenu."),
    ))

OFFERS = InputTable("tblOffres", ("offers",), "Offre", (
    Column("Nom de l'offre", "name", TEXT, help="Produit ou prestation.", width=34,
           required=True),
    Column("Type", "kind", CHOICE, choices="lstTypesOffre", width=10,
           help="vente (marchandises, produits) ou service."),
    Column("Mois saisis en", "months_mode", CHOICE, choices="lstSaisieMois", width=13,
           help="quantités : les mois sont des quantités vendues ; coefficients : ils "
                "répartissent le volume annuel (1 = mois moyen)."),
    Column("Prix unitaire HT", "unit_price", EUROS, unit="€", lo=0, hi=1e6, width=12,
           help="Prix de vente hors taxes.", required=True),
    Column("Coût direct unitaire", "unit_cost", EUROS, unit="€", lo=0, hi=1e6, width=12,
           help="Achat, matière ou sous-traitance par unité vendue."),
    Column("Volume annuel", "annual_volume", NUMBER, unit="unités", lo=0, hi=1e7, width=11,
           help="Année 1, si les mois sont des coefficients."),
    Column("Croissance année 2", "growth_y2", PERCENT, unit="%", lo=-1, hi=5, width=11,
           help="Des quantités par rapport à l'année 1."),
    Column("Croissance année 3", "growth_y3", PERCENT, unit="%", lo=-1, hi=5, width=11,
           help="Des quantités par rapport à l'année 2."),
    Column("Délai de paiement clients", "payment_days", NUMBER, unit="jours", lo=0, hi=180,
           width=11, help="0 = payé comptant."),
    *(Column(f"Mois {m}", "by_month", NUMBER, lo=0, width=8,
             unit="quantités ou coefficients, selon « Mois saisis en »" if m == 1 else "",
             help="Année 1, mois par mois (mois 1 = premier mois d'activité).")
      for m in range(1, 13)),
    Column("Taux de TVA", "vat_rate", PERCENT, unit="%", lo=0, hi=max(VAT_RATES), width=9,
           help="Dès que la franchise en base est perdue : "
                + ", ".join(f"{r * 100:g}".replace(".", ",") for r in VAT_RATES)
                + f" % (vide : {NORMAL_VAT})."),
), rows=6)

CHARGES = InputTable("tblCharges", ("charges",), "Charge", (
    Column("Libellé", "label", TEXT, width=40, required=True, help="Une charge fixe par ligne."),
    Column("Catégorie", "category", CHOICE, choices="lstCategories", width=30,
           help="Regroupe les charges dans le tableau de bord."),
    Column("Montant mensuel", "monthly_amount", EUROS, unit="€ / mois", lo=0, hi=1e6,
           width=13, required=True, help="Montant payé chaque mois (TTC sous franchise)."),
    Column("Premier mois", "first_month", MONTH, unit="mois", lo=1, hi=HORIZON, width=11,
           help="1 = premier mois d'activité."),
    Column("Indexation annuelle", "indexation", PERCENT, unit="%", lo=-0.5, hi=0.5,
           width=12, help="Hausse du montant chaque année."),
    Column("TVA récupérable", "vat_rate", PERCENT, unit="%", lo=0, hi=max(VAT_RATES),
           width=11, help="Taux de la TVA comprise dans le montant, récupérée si la franchise "
                          f"est perdue. Vide : {NORMAL_VAT}, sauf loyer, assurances, banque et "
                          "honoraires, déplacements et formation (0 %)."),
), rows=10)

INVESTMENTS = InputTable("tblInvestissements", ("investments",), "Investissement", (
    Column("Libellé", "label", TEXT, width=44, required=True,
           help="Matériel, logiciel, site, frais de création…"),
    Column("Montant TTC", "amount", EUROS, unit="€", lo=0, hi=1e7, width=13, required=True,
           help="TTC : sous franchise la TVA n'est pas récupérée ; elle l'est une fois la "
                "franchise perdue."),
    Column("Mois d'achat", "month", MONTH, unit="mois", lo=1, hi=HORIZON, width=11,
           help="1 = premier mois d'activité."),
    Column("Durée d'amortissement", "years", INTEGER, unit="ans", lo=0, hi=50, width=17,
           help="0 = passé en charges d'un coup (frais d'établissement, petit matériel)."),
    Column("TVA récupérable", "vat_rate", PERCENT, unit="%", lo=0, hi=max(VAT_RATES),
           width=11, help="Taux de la TVA comprise dans le montant, récupérée si la franchise "
                          f"est perdue à la date d'achat (vide : {NORMAL_VAT} ; 0 % pour une "
                          "voiture particulière)."),
), rows=8)

LOANS = InputTable("tblEmprunts", ("financing", "loans"), "Emprunt", (
    Column("Libellé", "label", TEXT, width=34, required=True, help="Banque, microcrédit…"),
    Column("Type", "kind", CHOICE, choices="lstTypesPret", width=10,
           help="banque, ou honneur (prêt d'honneur à 0 %)."),
    Column("Montant", "amount", EUROS, unit="€", lo=0, hi=1e7, width=12, required=True),
    Column("Taux annuel", "rate", PERCENT, unit="%", lo=0, hi=0.25, width=10),
    Column("Durée", "months", INTEGER, unit="mois", lo=1, hi=360, width=9,
           help="Durée totale, différé compris.", required=True),
    Column("Différé", "deferral", INTEGER, unit="mois", lo=0, hi=359, width=9,
           help="Mois où seuls les intérêts sont payés."),
    Column("Mois de déblocage", "month", MONTH, unit="mois", lo=1, hi=HORIZON, width=11,
           help="1 = premier mois d'activité."),
), rows=4)

GRANTS = InputTable("tblSubventions", ("financing", "grants"), "Subvention", (
    Column("Libellé", "label", TEXT, width=34, required=True,
           help="Aide régionale, bourse French Tech…"),
    Column("Montant", "amount", EUROS, unit="€", lo=0, hi=1e7, width=10, required=True),
    Column("Mois de versement", "month", MONTH, unit="mois", lo=1, hi=HORIZON, width=12,
           help="1 = premier mois d'activité."),
), rows=3)

OFFER_SHEET = InputSheet(
    "Offre", "Offre : produits et services",
    "Une ligne par produit ou service. Les mois 1 à 12 décrivent la première année : "
    "soit les quantités vendues, soit des coefficients de saisonnalité qui répartissent le "
    "volume annuel. Insérez des lignes dans le tableau si besoin.",
    tables=(OFFERS,))

CHARGES_SHEET = InputSheet(
    "Charges", "Charges et exploitation",
    "Les charges fixes du mois (une ligne par charge) et les paramètres d'exploitation.",
    fields_title="Exploitation",
    fields=(
        Field("Exploitation_SousTraitance", ("operations", "subcontracting_rate"),
              "Sous-traitance (part du CA)", PERCENT, unit="%", lo=0, hi=1, default=0,
              help="Part du chiffre d'affaires reversée à des sous-traitants ou freelances."),
        Field("Exploitation_StockInitial", ("operations", "initial_stock"), "Stock initial",
              EUROS, unit="€", lo=0, hi=1e7, default=0,
              help="Marchandises et matières achetées avant l'ouverture."),
        Field("Exploitation_StockJours", ("operations", "stock_days"),
              "Stock (jours d'achats consommés)", NUMBER, unit="jours", lo=0, hi=365,
              default=0, help="Stock gardé en permanence, en jours d'achats."),
        Field("Exploitation_DelaiFournisseurs", ("operations", "supplier_days"),
              "Délai de paiement des fournisseurs", NUMBER, unit="jours", lo=0, hi=120,
              default=0, help="0 = payé comptant."),
        Field("Exploitation_Prelevements", ("operations", "drawings_monthly"),
              "Prélèvements mensuels", EUROS, unit="€ / mois", lo=0, hi=1e6, default=0,
              help="Ce que vous vous versez chaque mois pour vivre."),
        Field("Exploitation_PremierPrelevement", ("operations", "drawings_first_month"),
              "Premier mois de prélèvement", MONTH, unit="mois", lo=1, hi=HORIZON, default=1,
              help="1 = premier mois d'activité."),
    ),
    tables=(CHARGES,))

INVESTMENTS_SHEET = InputSheet(
    "Investissements", "Investissements et frais de démarrage",
    "Une ligne par achat. Durée 0 : dépense passée en charges d'un coup.",
    tables=(INVESTMENTS,))

FINANCING_SHEET = InputSheet(
    "Financement", "Financement",
    "Apport, aides et emprunts. « Équilibrer le financement » propose l'emprunt (ou l'apport) "
    "qui garde la trésorerie au-dessus du minimum.",
    fields_title="Ressources",
    fields=(
        Field("Financement_Apport", ("financing", "apport"), "Apport personnel", EUROS,
              unit="€", lo=0, hi=1e7, default=0, help="Versé le premier mois."),
        Field("Financement_ARCE", ("financing", "arce"), "ARCE (montant total)", EUROS,
              unit="€", lo=0, hi=1e6, default=0,
              help="Versée par France Travail en deux fois, la seconde six mois plus tard."),
        Field("Financement_TauxNouvelEmprunt", ("financing", "new_loan_rate"),
              "Taux de l'emprunt à solliciter", PERCENT, unit="%", lo=0, hi=0.25, default=0.05,
              help="Conditions de l'emprunt que propose « Équilibrer le financement »."),
        Field("Financement_DureeNouvelEmprunt", ("financing", "new_loan_months"),
              "Durée de l'emprunt à solliciter", INTEGER, unit="mois", lo=1, hi=360,
              default=60, help="Conditions de l'emprunt que propose « Équilibrer le "
                               "financement »."),
    ),
    tables=(LOANS, GRANTS))

BENCHMARKS = InputTable("tblReperes", ("benchmarks",), "Repère", (
    Column("Clé", "key", TEXT, width=24, required=True, shown="key",
           help="Identifiant lu par planae : ne pas modifier."),
    Column("Repère", "label", TEXT, width=86, help="Ce qui est comparé.", shown="fixed"),
    Column("Bas", "low", NUMBER, lo=0, width=12,
           help="En dessous : planae avertit. Les % s'écrivent 40 % ou 0,4."),
    Column("Haut", "high", NUMBER, lo=0, width=12, help="Au-dessus : planae avertit."),
    Column("Unité", "unit", TEXT, width=8, help="€, % ou ans.", shown="fixed"),
), rows=11)

BENCHMARKS_SHEET = InputSheet(
    "Repères", "Repères du secteur",
    "Fourchettes habituelles d'une auto-entreprise (document de référence). Adaptez « Bas » et "
    "« Haut » à votre secteur, avec votre conseiller : planae avertit en dehors, sans interdire.",
    tables=(BENCHMARKS,))

# The risk settings (forecast/risk_inputs.py declares them: labels, bounds, defaults, help).
_RISK_KINDS = {risk.PERCENT: PERCENT, risk.DAYS: NUMBER, risk.MONTHS: INTEGER, "": INTEGER}
_RISK_NAMES = {"volumes": "Volumes", "prices": "Prix", "payment_days": "DelaiClients",
               "charges": "Charges", "start_delay": "Retard", "delay_probability":
               "RetardProbabilite", "delay_months": "RetardMax", "noise": "AleaMensuel",
               "draws": "Tirages", "seed": "Graine", "pessimistic": "Pessimiste",
               "optimistic": "Optimiste", "low": "Bas", "high": "Haut"}


def _risk_field(s: risk.Setting) -> Field:
    prefix = {"uncertainty": "Incertitude", **{c: "Scenario" for c, _, _ in risk.CASES}}
    name = "_".join([prefix.get(s.path[1], "Risque"),
                     *(_RISK_NAMES[step] for step in s.path[1:] if step != "uncertainty")])
    return Field(name, s.path, s.label, _RISK_KINDS[s.unit], unit=s.unit, help=s.help,
                 default=s.default, lo=s.lo, hi=s.hi)


_SHOCKS = {s.path: _risk_field(s) for s in risk.SHOCK_SETTINGS}
_RANGES = {s.path: _risk_field(s) for s in risk.RANGE_SETTINGS}
_OTHERS = tuple(_risk_field(s) for s in risk.OTHER_SETTINGS)
SCENARIOS_GRID = FieldGrid("Scénarios", ("Pessimiste", "Réaliste (plan saisi)", "Optimiste"), tuple(
    GridRow(d.label, d.unit, d.help, (_SHOCKS[("risk", "pessimistic", d.key)], 0,
                                       _SHOCKS[("risk", "optimistic", d.key)]))
    for d in risk.DRIVERS))
RANGES_GRID = FieldGrid("Incertitudes de la simulation", ("Bas", "Haut"), tuple(
    GridRow(d.label, d.unit, _RANGES[("risk", "uncertainty", d.key, "low")].help,
            tuple(_RANGES[("risk", "uncertainty", d.key, side)] for side, _ in risk.SIDES))
    for d in risk.CONTINUOUS))
SIMULATION_GRID = FieldGrid("Simulation", ("Valeur",), tuple(
    GridRow(f.label, f.unit, f.help, (f,)) for f in _OTHERS))

SCENARIOS_SHEET = InputSheet(
    "Scénarios", "Scénarios et incertitudes",
    "Le plan saisi (réaliste) à côté d'un cas pessimiste et d'un cas optimiste : écarts au plan "
    "saisi, calculés par « Calculer ». Puis les fourchettes de la simulation des risques "
    "(bouton « Simuler les risques ») : chaque tirage prend une valeur entre le bas et le haut, "
    "le plan saisi étant le plus probable.",
    fields=(*_SHOCKS.values(), *_RANGES.values(), *_OTHERS),
    grids=(SCENARIOS_GRID, RANGES_GRID, SIMULATION_GRID))

INPUT_SHEETS: tuple[InputSheet, ...] = (FOUNDER_SHEET, PROJECT, OFFER_SHEET, CHARGES_SHEET,
                                        INVESTMENTS_SHEET, FINANCING_SHEET, BENCHMARKS_SHEET,
                                        SCENARIOS_SHEET)
FIELDS: tuple[Field, ...] = tuple(f for s in INPUT_SHEETS for f in s.fields)
TABLES: tuple[InputTable, ...] = tuple(t for s in INPUT_SHEETS for t in s.tables)


_HOME = {id(item): s for s in INPUT_SHEETS for item in (*s.fields, *s.tables)}


def sheet_of(item: Field | InputTable) -> InputSheet:
    """The input sheet a declared field or table lives on."""
    return _HOME[id(item)]


# ---------------------------------------------------------------------------------------------
# Output sheets. Every output table is written in one block: column A holds each line's style
# (hidden; conditional formats read it), column B the labels, then one column per period.

@dataclass(frozen=True)
class OutputBlock:
    table: str  # key of BusinessPlan.tables
    row: int  # first row of the block (the header)
    max_rows: int  # rows cleared before writing
    max_cols: int  # value columns cleared before writing


@dataclass(frozen=True)
class OutputSheet:
    name: str
    title: str
    blocks: tuple[OutputBlock, ...]
    value_width: float = 16
    label_width: float = 52
    landscape: bool = False
    note: str = ""
    page_breaks: tuple[int, ...] = ()  # printed pages end after these rows
    column_widths: tuple[float, ...] = ()  # of the value columns, when not all value_width;
    # the sheet's texts are then wrapped, each line of a block as tall as `row_height`
    row_height: float | None = None


STYLE_COLUMN = "A"
FIRST_COLUMN = 2  # B: labels
OUTPUT_SHEETS: tuple[OutputSheet, ...] = (
    OutputSheet("Compte de résultat", "Compte de résultat prévisionnel",
                (OutputBlock("compte_de_resultat", 4, 80, 3),), value_width=22),
    OutputSheet("Trésorerie", "Plan de trésorerie mensuel (36 mois)",
                (OutputBlock("tresorerie", 4, 40, HORIZON),), value_width=11, label_width=44,
                landscape=True),
    OutputSheet("Bilan", "Bilan prévisionnel", (OutputBlock("bilan", 4, 40, 3),),
                value_width=22),
    OutputSheet("BFR", "Besoin en fonds de roulement", (OutputBlock("bfr", 4, 30, 3),),
                value_width=22),
    OutputSheet("Amortissements", "Tableau des amortissements",
                (OutputBlock("amortissements", 4, 80, 3),), value_width=22, label_width=64),
    OutputSheet("Plan de financement", "Plan de financement",
                (OutputBlock("plan_de_financement_initial", 4, 24, 1),
                 OutputBlock("plan_de_financement", 30, 30, 3),
                 OutputBlock("besoin_financement", 62, 8, 1),
                 OutputBlock("emprunts", 72, 12, 6),
                 OutputBlock("couverture_emprunts", 86, 12, 3),
                 OutputBlock("echeancier", 100, 6, 6)), value_width=22,
                label_width=56, landscape=True, page_breaks=(60, 84)),
    OutputSheet("Indicateurs", "Indicateurs clés", (OutputBlock("indicateurs", 4, 40, 3),),
                value_width=22),
    OutputSheet("Lecture des financeurs", "Lecture des financeurs sollicités",
                (OutputBlock("lecture_financeurs", 4, 30, 5),), label_width=26,
                column_widths=(58, 16, 14, 34, 18), row_height=44, landscape=True),
    OutputSheet("Alertes", "Alertes et points d'attention",
                (OutputBlock("alertes", 4, 200, 5),), label_width=12,
                # Sujet, Message, Concerne, the line for « Risques et parades », Cellule
                column_widths=(22, 92, 16, 56, 14), row_height=72, landscape=True),
    OutputSheet("Règles appliquées", "Règles appliquées : paramètres légaux utilisés, leur "
                "valeur et leur source", (OutputBlock("regles", 4, 150, 3),), label_width=44,
                column_widths=(26, 14, 96), row_height=72, landscape=True),
    OutputSheet("Revenus du foyer", "Revenus du foyer : ARE ou ARCE, impôt, budget personnel",
                (OutputBlock("revenus_foyer", 4, 20, 4),
                 OutputBlock("are_arce_synthese", 25, 10, 2),
                 OutputBlock("are_arce_conseil", 36, 4, 0),
                 OutputBlock("hypotheses_foyer", 41, 10, 0),
                 OutputBlock("foyer_mois", 52, 16, HORIZON)), value_width=16, label_width=62,
                landscape=True),
)
# The « Revenus du foyer » blocks of sentences (no value column): each line spans the sheet
HOUSEHOLD_TEXT_BLOCKS = ("are_arce_conseil", "hypotheses_foyer")
HOUSEHOLD_TEXT_SPAN = 4  # value columns they span beside the label
HOUSEHOLD_MONTHLY_BLOCK = "foyer_mois"  # on screen, not printed
# Scenarios (computed with the plan) and the simulation (« Simuler les risques »): the same
# writer, their own sheets after the plan's.
SCENARIO_RESULTS = OutputSheet("Scénarios comparés", "Scénarios : pessimiste, réaliste, optimiste",
                               (OutputBlock("scenarios", 4, 32, 3),), value_width=22)
RISK_RESULTS = OutputSheet(
    "Risques", "Simulation des risques de trésorerie (Monte Carlo)",
    (OutputBlock("risque_synthese", 4, 12, 1), OutputBlock("sensibilites", 22, 9, 3),
     OutputBlock("risque_mensuel", 36, 7, HORIZON), OutputBlock("eventail", 70, 6, HORIZON)),
    value_width=13, label_width=62, landscape=True)
RISK_SHEETS = (SCENARIO_RESULTS, RISK_RESULTS)
RISK_CHART_COLUMN, RISK_METHOD_ROW = "G", 45  # the charts beside the tables; the method below
DASHBOARD = "Tableau de bord"
SUBTITLE_CELL = "B2"  # the project's name and start, on every output sheet
CHECK_CELL = "B3"  # the master check, the row below: both are written in one block
# Input cells the alerts point at, one per row, on a hidden output sheet; conditional formats of
# the input sheets look them up, so computing highlights inputs without writing into them.
FLAGGED_SHEET, FLAGGED_NAME, FLAGGED_ROWS = "Contrôles", "AlertesCellules", 2000
FLAGGED_AREA = "A1:AZ300"  # of each input sheet
GUIDE = "Guide"


# The dashboard: key figures on top, four charts, and below them the chart data (filled by
# compute, not printed). Fixed layout: the charts point at these cells.
@dataclass(frozen=True)
class DashboardLayout:
    kpi_row: int = 4  # header of the key figures block (B:E)
    kpi_rows: int = 8
    chart_row: int = 14  # top of the first chart row
    data_row: int = 66  # title of the chart data
    yearly_row: int = 67  # header of the yearly block (B:E)
    monthly_col: int = 7  # G: month labels; H: cash; I: minimum cash
    monthly_row: int = 67  # header of the monthly block


DASH = DashboardLayout()

# Lines of the yearly chart data: (label, how to compute from the plan tables)
YEARLY_CHART_LINES: tuple[tuple[str, str], ...] = (
    ("Chiffre d'affaires HT", "ca"),
    ("Charges totales", "charges"),
    ("Résultat de l'exercice", "resultat"),
    ("Seuil de rentabilité", "seuil"),
    ("Achats consommés", "achats_consommes"),
    ("Coûts directs et sous-traitance", "couts_directs"),
    ("Charges externes", "charges_externes"),
    ("Impôts et taxes", "impots_taxes"),
    ("Cotisations sociales", "cotisations_sociales"),
    ("Dotations aux amortissements", "dotations"),
    ("Charges financières", "charges_financieres"),
)
COST_LINES = YEARLY_CHART_LINES[4:]

KPI_LINES: tuple[tuple[str, str], ...] = (
    ("Chiffre d'affaires HT", "ca"),
    ("Résultat de l'exercice", "resultat"),
    ("Revenu mensuel de l'exploitant", "revenu_mensuel"),
    ("Trésorerie en fin d'année", "tresorerie_fin"),
    ("Trésorerie la plus basse de l'année", "tresorerie_min"),
    ("Seuil de rentabilité (CA)", "seuil"),
    ("Point mort atteint en", "point_mort"),
)


# Ribbon buttons the Guide explains.
RIBBON: tuple[tuple[str, str], ...] = (
    ("Calculer", "Lit les feuilles de saisie, calcule le prévisionnel et remplit toutes les "
                 "feuilles de résultats (compte de résultat, trésorerie, bilan…)."),
    ("Vérifier", "Contrôle les saisies sans rien écrire et liste les cellules à corriger."),
    ("Équilibrer le financement", "Propose l'emprunt (ou l'apport) le plus petit qui garde la "
                                  "trésorerie au-dessus du minimum choisi."),
    ("Simuler les risques", "Recalcule le plan des milliers de fois dans les fourchettes de la "
                            "feuille Scénarios et remplit la feuille Risques : probabilité "
                            "d'une trésorerie négative mois par mois, éventail de la "
                            "trésorerie, coussin et facteurs décisifs."),
    ("Exporter PowerPoint", "Crée la présentation du business plan pour la banque."),
    ("Exporter PDF", "Crée le dossier PDF (texte et tableaux)."),
    ("Charger un exemple", "Ouvre un exemple calculé (graphiste ou bijoux) dans un nouveau "
                           "classeur, sans toucher au vôtre."),
    ("Nouveau plan", "Ouvre une copie vierge du modèle pour repartir d'un plan vide."),
    ("Aide", "Ouvre ce guide."),
)


def excel_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None
