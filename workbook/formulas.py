"""The `Formules` sheet (each custom formula at work) and xlwings's `xlwings.conf` sheet.

Dynamic arrays and openpyxl: Excel 365 marks a spilling formula with cell metadata (the `cm`
attribute of the cell and a `metadata.xml` part), which openpyxl can neither write nor keep. A
plain formula written by openpyxl opens in Excel 365 as a legacy formula under implicit
intersection (`=@AE_BILAN(…)`, one cell). So the table formulas are written here as classic
array formulas over a fixed block ({=AE_BILAN(…)} : openpyxl's ArrayFormula), which every
Excel version computes; the formulas pad their result with empty cells to the block's size
(xlwings's `caller`), so no cell shows #N/A. Typed by the person in one cell of Excel 365, the
same formula spills as a dynamic array.

The workbook is also read where the add-in is absent (a banker's or an accountant's Excel, a
Mac, LibreOffice): there a custom formula is an unknown name (#NOM?). So each formula of the
sheet is wrapped in IFERROR: without the add-in its cell — the first cell of a block, the
others left empty — says that the planae add-in computes it. Only the sheet's top (the
explanation and the small formulas) is printed; `xlwings.conf` is hidden.
"""
from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from . import schema
from .cells import Formula, put
from .openpyxl_book import OpenpyxlBook
from .style import font

FORMULAS_SHEET = "Formules"
CONFIG_SHEET = "xlwings.conf"
UDF_MODULE = "udfs"
WITHOUT_ADDIN = "Formule du complément planae (Excel pour Windows)"

_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_HEADER_FONT = font(bold=True, color="FFFFFF")
_TITLE_FONT = font(bold=True, size=15, color="1F3864")
_HELP_FONT = font(italic=True, size=9, color="595959")
_CODE_FONT = Font(name="Consolas", size=10, color="1F3FBF")

# (formula, rows, columns of its block, what it shows)
TABLE_BLOCKS: tuple[tuple[str, int, int, str], ...] = (
    ("AE_COMPTE_RESULTAT", 34, 4, "Le compte de résultat prévisionnel sur 3 ans."),
    ("AE_TRESORERIE", 26, 37, "Le plan de trésorerie, mois par mois sur 36 mois."),
    ("AE_BILAN", 20, 4, "Le bilan aux trois fins d'exercice."),
    ("AE_PLAN_FINANCEMENT", 40, 4, "Le plan de financement initial, puis sur 3 ans."),
    ("AE_INDICATEURS", 22, 4,
     "Les indicateurs clés (marges, EBE, CAF, seuil de rentabilité…)."),
    ("AE_ALERTES", 30, 5, "Les alertes et points d'attention."),
    ("AE_BESOIN_FINANCEMENT", 6, 2, "L'emprunt (ou l'apport) qui garde la trésorerie au-dessus "
                                    "du minimum."),
)

SCALAR_EXAMPLES: tuple[tuple[str, str], ...] = (
    ('=AE_COTISATIONS(30000,"bnc",2026)',
     "Cotisations sociales sur 30 000 € encaissés en 2026 par une profession libérale (BNC)."),
    ('=AE_COTISATIONS(30000,"bnc",2026,TRUE,DATE(2026,3,1))',
     "Les mêmes, tout le CA encaissé pendant l'ACRE, activité débutée le 01/03/2026."),
    ('=AE_PRELEVEMENTS(60000,"vente",2026,FALSE,TRUE)',
     "Tableau (5 lignes × 2 colonnes) : cotisations, CFP, TFC, versement libératoire, total."),
    ('=AE_PLAFOND("services_bic",2026)', "Plafond de CA du régime micro (prestations de "
                                         "services) en 2026."),
    ('=AE_PLAFOND(Projet_Activite,YEAR(Projet_DateDebut))',
     "Le plafond de votre activité, l'année de votre début d'activité."),
    ('=AE_SEUIL_TVA("vente",2026)', "Seuil de base de la franchise de TVA (ventes) en 2026."),
    ('=AE_ARCE(40,518,DATE(2026,3,1))', "ARCE versée en deux moitiés : 40 € par jour, 518 jours "
                                        "de droits restants (l'exemple de service-public.fr)."),
    ('=AE_ARE_MAINTENUE(40,1000,"bnc",DATE(2026,3,1),70)',
     "ARE versée pour un mois où 1 000 € sont encaissés (BNC), salaire journalier de référence "
     "70 €."),
    ('=AE_IMPOT_FOYER(30000,1,FALSE,2025)',
     "Impôt sur les revenus de 2025 d'une personne seule, 30 000 € imposables."),
)


def fields_range(wb, sheet: schema.InputSheet) -> str:
    """The label + value block of a sheet's named cells, e.g. `Projet!$B$5:$C$15`: each value
    cell (found through its defined name) and the label left of it."""
    names = OpenpyxlBook(wb).defined_names()
    rows, cols, home = [], [], sheet.name
    for f in sheet.fields:
        where = names.get(f.name)
        if where is None or not where[0]:  # missing, or broken (#REF!)
            continue
        home = where[0]
        min_col, min_row, _, _ = range_boundaries(where[1])
        rows.append(min_row)
        cols.append(min_col)
    if not rows:
        return '""'
    left = get_column_letter(max(min(cols) - 1, 1))
    right = get_column_letter(max(cols))
    return f"{quote_sheetname(home)}!${left}${min(rows)}:${right}${max(rows)}"


def table_arguments(wb) -> str:
    """The ten arguments of the table formulas, in their order (udfs.TABLE_ARGS)."""
    return ",".join((
        fields_range(wb, schema.PROJECT), f"{schema.OFFERS.name}[#All]",
        f"{schema.CHARGES.name}[#All]", fields_range(wb, schema.CHARGES_SHEET),
        f"{schema.INVESTMENTS.name}[#All]", fields_range(wb, schema.FINANCING_SHEET),
        f"{schema.LOANS.name}[#All]", f"{schema.GRANTS.name}[#All]",
        f"{schema.BENCHMARKS.name}[#All]", fields_range(wb, schema.FOUNDER_SHEET)))


def without_addin(formula: str, block: str | None = None) -> Formula:
    """`=F(…)` -> `=IFERROR(F(…),…)`: where F is unknown (no add-in), the cell says where the
    formula comes from — over a block, only its first cell, the others empty."""
    body = formula[1:]
    if block is None:
        return Formula(f'=IFERROR({body},"{WITHOUT_ADDIN}")')
    first = block.split(":")[0]
    return Formula(f'=IFERROR({body},IF((ROW({block})=ROW({first}))*(COLUMN({block})='
                   f'COLUMN({first})),"{WITHOUT_ADDIN}",""))')


def _head(ws, row: int, texts: tuple[str, ...]) -> None:
    for i, text in enumerate(texts):
        cell = ws.cell(row, 2 + i, text)
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT


def _note(ws, row: int, text: str, lines: int) -> None:
    """A help text across the columns of the printed part (B:D), wrapped on `lines` lines."""
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
    cell = ws.cell(row, 2, text)
    cell.font, cell.alignment = _HELP_FONT, Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = 12.5 * lines


def _formulas_sheet(wb) -> None:
    ws = wb.create_sheet(FORMULAS_SHEET)
    ws.sheet_properties.tabColor = "70AD47"
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 46
    ws.column_dimensions["D"].width = 18
    ws.column_dimensions["E"].width = 18
    ws["B1"] = "Formules planae"
    ws["B1"].font = _TITLE_FONT
    _note(ws, 2, "Les formules personnalisées du complément planae (Excel pour Windows). Elles "
                 "se recalculent quand une saisie change. Sans le complément (sur Mac, dans "
                 "LibreOffice, ou chez la personne à qui vous envoyez le classeur), chaque "
                 "formule l'indique au lieu d'un résultat ; les feuilles de résultats, "
                 "remplies par le bouton « Calculer », se lisent partout.", 3)
    row = 4
    _head(ws, row, ("Formule", "Résultat", ""))
    for formula, text in SCALAR_EXAMPLES:
        row += 1
        ws.cell(row, 2, text).font = _HELP_FONT
        row += 1
        ws.cell(row, 2, formula[1:]).font = _CODE_FONT
        if formula.startswith("=AE_PRELEVEMENTS"):  # 5 rows: labels in C, amounts in D
            block = f"C{row}:D{row + 4}"
            ws.cell(row, 3).value = ArrayFormula(block, without_addin(formula, block))
            for r in range(row, row + 5):
                ws.cell(r, 4).number_format = schema.EURO_FORMAT
            row += 4
        else:
            put(ws.cell(row, 3), without_addin(formula))
            ws.cell(row, 3).number_format = schema.EURO_FORMAT
    row += 2
    ws.cell(row, 2, "Tableaux calculés à partir des saisies (matrices)").font = font(
        bold=True, size=12, color="1F3864")
    row += 1
    _note(ws, row, "Arguments, dans l'ordre : projet, offres, charges, exploitation, "
                   "investissements, financement, emprunts, subventions, repères (facultatif : "
                   "sans lui, les repères par défaut), porteur de projet (facultatif : sans "
                   "lui, ni budget personnel ni droits au chômage). Dans Excel 365, la même "
                   "formule tapée dans une seule cellule s'étend d'elle-même.", 3)
    ws.print_area = f"B1:D{row}"  # the explanation and the small formulas: one page
    args = table_arguments(wb)
    for name, rows, cols, text in TABLE_BLOCKS:
        row += 2
        formula = f"={name}({args})"
        ws.cell(row, 2, text).font = font(bold=True)
        ws.cell(row + 1, 2, formula[1:]).font = _CODE_FONT
        top = row + 2
        ref = f"B{top}:{get_column_letter(1 + cols)}{top + rows - 1}"
        ws.cell(top, 2).value = ArrayFormula(ref, without_addin(formula, ref))
        for r in range(top, top + rows):
            for c in range(3, 2 + cols):
                ws.cell(r, c).number_format = schema.EURO_FORMAT
        row = top + rows
    ws.sheet_view.showGridLines = False


def _config_sheet(wb) -> None:
    """xlwings's configuration sheet: its add-in reads keys in column A, values in column B."""
    ws = wb.create_sheet(CONFIG_SHEET)
    ws.sheet_properties.tabColor = "BFBFBF"
    ws["A1"], ws["B1"] = "UDF Modules", UDF_MODULE
    ws["D1"] = ("Réglage de xlwings : les formules planae viennent du module Python « udfs ». "
                "Ne renommez pas cette feuille.")
    ws["D1"].font = _HELP_FONT
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 12
    ws.sheet_state = "hidden"


def add_formula_sheets(wb) -> None:
    """Add the `Formules` demonstration sheet and xlwings's `xlwings.conf` sheet."""
    _formulas_sheet(wb)
    _config_sheet(wb)
