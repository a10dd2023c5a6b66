"""The one declaration of the workbook: every input and where it lives, every output sheet.

The template is built from it, the reader reads through it, the writer writes through it and
the error messages point at cells through it. An input is either a scalar with a defined name
(`Projet_Nom` -> ("project", "name")) or a column of a named Excel table (`tblOffres`), so a
person may insert or delete rows and move things around: nothing is found by position.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from forecast import fields as spec
from forecast import risk_inputs as risk
from forecast.fields import (CHOICE, DATE, EUROS, FLAG, INTEGER, MONTH,  # noqa: F401
                             NUMBER, NUMBER_KINDS, PERCENT, TEXT, Spec)
from forecast.timeline import HORIZON

EURO_FORMAT = '#,##0 "€";[Red]-#,##0 "€";0 "€"'
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"
DAYS_FORMAT = '0 "j"'
MONTHS_FORMAT = '0 "mois"'
TIMES_FORMAT = '0.0 "fois"'
NUMBER_FORMAT = "#,##0.##"

# Value lists for data validation, on the hidden `Listes` sheet, each under a defined name.
LISTS: dict[str, tuple[str, ...]] = {
    "lstActivites": spec.PROJECT["activity"].choices,
    "lstOuiNon": spec.YES_NO,
    "lstDeclarations": spec.DECLARATIONS,
    "lstTypesOffre": spec.OFFER_KINDS,
    "lstSaisieMois": spec.MONTHS_MODES,
    "lstQuantitesPar": spec.VOLUME_UNITS,
    "lstCategories": spec.CHARGE_CATEGORIES,
    "lstTypesPret": spec.LOAN_KINDS,
    "lstChomage": spec.FOUNDER["choice"].choices,
}
_LIST_NAMES = {values: name for name, values in LISTS.items()}
LISTS_SHEET = "Listes"
MONTHS_BY_QUANTITY, MONTHS_BY_COEFFICIENT = LISTS["lstSaisieMois"]


class _Input:
    """What a field and a column read from their spec."""
    spec: Spec

    label = property(lambda self: self.spec.label)
    kind = property(lambda self: self.spec.kind)
    help = property(lambda self: self.spec.help)
    lo = property(lambda self: self.spec.lo)
    hi = property(lambda self: self.spec.hi)
    key = property(lambda self: self.spec.key)
    required = property(lambda self: self.spec.required)

    @property
    def choices(self) -> str | None:
        """The name of the list of values Excel offers (a LISTS key), if any."""
        return _LIST_NAMES.get(self.spec.choices)


@dataclass(frozen=True)
class Field(_Input):
    """A scalar input, in one cell under a defined name (`Projet_CFE`)."""
    name: str
    spec: Spec
    lines: int = 1  # a long text: the cell wraps over this many lines

    path = property(lambda self: self.spec.path)
    unit = property(lambda self: self.spec.unit)
    default = property(lambda self: self.spec.default)  # what the empty template shows


@dataclass(frozen=True)
class Column(_Input):
    """A column of an input table: its header is the Excel table's column name, its spec's
    label unless `heading` says otherwise (the 12 month columns)."""
    spec: Spec
    width: float = 14
    shown: str = "input"  # "input"; "fixed": planae's text, locked; "key": what planae reads
    heading: str = ""
    unit_shown: bool = True
    below: str = ""  # the key of the same row's column that bounds this one (less one)

    header = property(lambda self: self.heading or self.spec.label)
    unit = property(lambda self: self.spec.unit if self.unit_shown else "")


@dataclass(frozen=True)
class InputTable:
    """An Excel table of inputs, one row per item (an offer, a loan)."""
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
    """A row of a field grid: its label, unit, help and cells."""
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
    """An input sheet: its title, intro, fields, tables and grids."""
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
    fields=tuple(Field(f"Porteur_{name}", spec.FOUNDER[key], lines) for key, name, lines in (
        ("experience", "Experience", 5), ("training", "Formation", 3),
        ("motivation", "Motivation", 5), ("situation", "Situation", 2),
        ("monthly_needs", "Besoins", 1), ("other_income", "AutresRevenus", 1),
        ("couple", "Couple", 1), ("parts", "Parts", 1), ("rfr_two_years_before", "RFR", 1),
        ("spontaneous_instalments", "AcomptesDebut", 1), ("are_daily", "AREJournaliere", 1),
        ("are_days", "AREJours", 1), ("reference_daily_wage", "SJR", 1),
        ("choice", "Choix", 1))))

_PROJECT_NAMES = {"name": "Nom", "activity": "Activite", "start_date": "DateDebut",
                  "plan_start": "DebutPrevisionnel",
                  "acre": "ACRE", "versement_liberatoire": "VL", "declaration": "Declaration",
                  "cfe": "CFE", "cfe_artisan_exempt": "CFEArtisan",
                  "opening_cash": "TresorerieDepart", "minimum_cash": "TresorerieMin",
                  "vat_prices_kept": "PrixTTCMaintenus", "vat_monthly": "TVAMensuelle",
                  "tax_rate": "TauxImposition"}
PROJECT = InputSheet(
    "Projet", "Projet", "Identité du projet et régime micro-entrepreneur. Les cellules jaunes "
    "sont à remplir ; les autres feuilles de saisie sont Offre, Charges, Investissements et "
    "Financement.",
    fields=tuple(Field(f"Projet_{name}", spec.PROJECT[key]) for key, name in
                 _PROJECT_NAMES.items()))

_O, _C, _I, _L, _G = spec.OFFER, spec.CHARGE, spec.INVESTMENT, spec.LOAN, spec.GRANT
OFFERS = InputTable("tblOffres", ("offers",), "Offre", (
    Column(_O["name"], width=34), Column(_O["kind"], width=10),
    Column(_O["months_mode"], width=13), Column(_O["unit_price"], width=12),
    Column(_O["unit_cost"], width=12), Column(_O["annual_volume"], width=11),
    Column(_O["growth_y2"], width=11), Column(_O["growth_y3"], width=11),
    Column(_O["payment_days"], width=11), Column(_O["volume_unit"], width=11),
    Column(_O["days_per_week"], width=11),
    *(Column(_O["by_month"], width=8, heading=f"Mois {m}", unit_shown=m == 1)
      for m in range(1, 13)),
    Column(_O["vat_rate"], width=9),
), rows=6)

CHARGES = InputTable("tblCharges", ("charges",), "Charge", (
    Column(_C["label"], width=40), Column(_C["category"], width=30),
    Column(_C["monthly_amount"], width=13), Column(_C["first_month"], width=11),
    Column(_C["indexation"], width=12), Column(_C["vat_rate"], width=11),
), rows=10)

INVESTMENTS = InputTable("tblInvestissements", ("investments",), "Investissement", (
    Column(_I["label"], width=44), Column(_I["amount"], width=13),
    Column(_I["month"], width=11), Column(_I["years"], width=17),
    Column(_I["vat_rate"], width=11),
), rows=8)

LOANS = InputTable("tblEmprunts", ("financing", "loans"), "Emprunt", (
    Column(_L["label"], width=34), Column(_L["kind"], width=10),
    Column(_L["amount"], width=12), Column(_L["rate"], width=10),
    Column(_L["months"], width=9), Column(_L["deferral"], width=9, below="months"),
    Column(_L["month"], width=11),
), rows=4)

GRANTS = InputTable("tblSubventions", ("financing", "grants"), "Subvention", (
    Column(_G["label"], width=34), Column(_G["amount"], width=10),
    Column(_G["month"], width=12),
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
    fields=tuple(Field(f"Exploitation_{name}", spec.OPERATIONS[key]) for key, name in (
        ("subcontracting_rate", "SousTraitance"), ("initial_stock", "StockInitial"),
        ("stock_days", "StockJours"), ("supplier_days", "DelaiFournisseurs"),
        ("drawings_monthly", "Prelevements"), ("drawings_first_month", "PremierPrelevement"))),
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
    fields=tuple(Field(f"Financement_{name}", spec.FINANCING[key]) for key, name in (
        ("apport", "Apport"), ("arce", "ARCE"), ("new_loan_rate", "TauxNouvelEmprunt"),
        ("new_loan_months", "DureeNouvelEmprunt"))),
    tables=(LOANS, GRANTS))

_B = spec.BENCHMARK
BENCHMARKS = InputTable("tblReperes", ("benchmarks",), "Repère", (
    Column(_B["key"], width=24, shown="key"), Column(_B["label"], width=86, shown="fixed"),
    Column(_B["low"], width=12), Column(_B["high"], width=12),
    Column(_B["unit"], width=8, shown="fixed"),
), rows=11)

BENCHMARKS_SHEET = InputSheet(
    "Repères", "Repères du secteur",
    "Fourchettes habituelles d'une auto-entreprise (document de référence). Adaptez « Bas » et "
    "« Haut » à votre secteur, avec votre conseiller : planae avertit en dehors, sans interdire.",
    tables=(BENCHMARKS,))

# The risk settings (forecast/risk_inputs.py declares them: labels, bounds, defaults, help).
_RISK_NAMES = {"volumes": "Volumes", "prices": "Prix", "payment_days": "DelaiClients",
               "charges": "Charges", "start_delay": "Retard", "delay_probability":
               "RetardProbabilite", "delay_months": "RetardMax", "noise": "AleaMensuel",
               "draws": "Tirages", "seed": "Graine", "pessimistic": "Pessimiste",
               "optimistic": "Optimiste", "low": "Bas", "high": "Haut"}


def _risk_field(s: Spec) -> Field:
    prefix = {"uncertainty": "Incertitude", **{c: "Scenario" for c, _, _ in risk.CASES}}
    name = "_".join([prefix.get(s.path[1], "Risque"),
                     *(_RISK_NAMES[step] for step in s.path[1:] if step != "uncertainty")])
    return Field(name, s)


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
    """Where an output table is written on its sheet, and the area cleared before."""
    table: str  # key of BusinessPlan.tables
    row: int  # first row of the block (the header)
    max_rows: int  # rows cleared before writing
    max_cols: int  # value columns cleared before writing
    span: int = 0  # a block of sentences: each line one cell across the label and `span` value
    # columns, wrapped, as tall as its text
    wide: int = 0  # a block of words beside its labels (a table of fixed lines): each value one
    # cell across `wide` value columns, wrapped
    printed: bool = True  # False: on screen only, the sheet's print area ends above the block


@dataclass(frozen=True)
class OutputSheet:
    """An output sheet: its blocks, column widths and print layout."""
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
                 OutputBlock("besoin_financement", 62, 8, 1, wide=3),
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
                 OutputBlock("are_arce_conseil", 36, 4, 0, span=4),
                 OutputBlock("hypotheses_foyer", 41, 10, 0, span=4),
                 # the 36 months side by side: printed, they would shrink the yearly tables
                 OutputBlock("foyer_mois", 52, 16, HORIZON, printed=False)),
                value_width=16, label_width=62, landscape=True),
)
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
# The sheets computing fills: what a command that only reads the inputs (an export) need not load.
WRITTEN_SHEETS = frozenset(
    [s.name for s in (*OUTPUT_SHEETS, *RISK_SHEETS)] + [DASHBOARD, FLAGGED_SHEET])


# The dashboard: key figures on top, four charts, and below them the chart data (filled by
# compute, not printed). Fixed layout: the charts point at these cells.
@dataclass(frozen=True)
class DashboardLayout:
    """The dashboard's fixed rows and columns, which its charts point at."""
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
