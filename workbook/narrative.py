"""The written part of the business plan: one declaration, the input sheets, the reader.

Everything a person writes is declared once in `FIELDS` (built from `COVER`, `SECTIONS`,
`SWOT`, `BMC`, `PESTEL`): its key, its French title, a short guidance, and its defined name in
the workbook. `write_sheets` lays the fields out on two input sheets, `read` reads them back
through the `workbook.book.Book` protocol, and the deck (`report.deck`) draws the plain dict
`read` returns.

The narrative dict (what `read` returns, what the JSON examples carry under "narrative"):

    {
      "couverture": {"porteur": str, "lieu": str, "contact": str},
      "sections":   {"marche": str, "entreprise": str, ...},   # keys of SECTIONS
      "swot":       {"forces": [str, ...], ...},               # keys of SWOT
      "bmc":        {"partenaires": [str, ...], ...},          # keys of BMC
      "pestel":     {"politique": [str, ...], ...},            # keys of PESTEL
    }

A section text is free text: paragraphs are separated by a blank line (or a line break), a line
starting with "- " or "• " is a bullet point. A block of the SWOT, the canvas or the PESTEL is a
list of short points (in the workbook: one point per line of its cell). Every key may be missing
or empty: the deck then leaves the section out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils.cell import get_column_letter, range_boundaries

from forecast.errors import WorkbookError

from .cells import put

TEXT_SHEET = "Partie rédigée"
GRID_SHEET = "SWOT BMC PESTEL"
INPUT_TAB = "FFC000"  # workbook.template's tab colour of the input sheets


@dataclass(frozen=True)
class Field:
    """A cell of the written part: its group, key, title and what to write in it."""
    group: str  # "couverture", "sections", "swot", "bmc", "pestel"
    key: str
    title: str
    guidance: str

    @property
    def name(self) -> str:
        """The workbook's defined name of the cell holding this field."""
        return f"redac_{self.group}_{self.key}"

    @property
    def is_list(self) -> bool:
        return self.group in LIST_GROUPS


COVER = (
    ("porteur", "Porteur du projet", "Vos prénom et nom, tels qu'ils figureront sur la "
     "couverture."),
    ("lieu", "Lieu d'implantation", "Ville ou territoire où l'activité s'exerce."),
    ("contact", "Contact", "Téléphone, adresse e-mail ou site : ce que le banquier utilisera "
     "pour vous joindre."),
)

SECTIONS = (
    ("marche", "Présentation du marché",
     "Chiffrez le marché de votre secteur avec des sources récentes et datées (taille, "
     "croissance, demande locale). Citez deux ou trois tendances qui vous portent et les "
     "facteurs clés de succès d'une petite structure : qualité, souplesse, relation client."),
    ("entreprise", "Présentation de l'entreprise",
     "Qui vous êtes, votre parcours, ce que vous vendez et à quel prix, où et comment vous "
     "travaillez, vos valeurs. En quelques lignes, le concept qui vous distingue."),
    ("proposition_valeur", "Proposition de valeur",
     "Le problème que vous réglez pour vos clients et pourquoi ils vous choisiront plutôt "
     "qu'un autre : expertise, délai, prix, expérience, proximité. Soyez concret, une idée "
     "par paragraphe."),
    ("cibles", "Clientèle cible",
     "Décrivez deux ou trois segments (particuliers, TPE, commerces…) : qui ils sont, ce "
     "qu'ils achètent, combien ils dépensent, comment vous les atteignez. Les chiffres de "
     "volume du prévisionnel doivent en découler."),
    ("concurrence", "Analyse concurrentielle",
     "Nommez vos concurrents directs et indirects (locaux, en ligne, plateformes), leurs "
     "prix et leurs points faibles, puis ce qui vous en distingue. Un tableau n'est pas "
     "nécessaire : trois ou quatre comparaisons précises suffisent."),
    ("strategie", "Stratégie de développement sur 3 ans",
     "Les étapes année par année : lancement, fidélisation, développement. Pour chacune, "
     "les objectifs chiffrés et les actions ; ils doivent correspondre à la croissance "
     "saisie dans les hypothèses."),
    ("modele_economique", "Modèle économique",
     "Comment l'activité gagne de l'argent : sources de revenus, prix, coûts principaux, "
     "partenaires et activités clés. Le Business Model Canvas résume ce texte."),
    ("marketing", "Stratégie marketing",
     "Les canaux pour vous faire connaître et vendre (réseaux sociaux, référencement, "
     "bouche-à-oreille, salons, partenariats), le budget annuel et la façon de mesurer ce "
     "qui marche."),
    ("risques", "Risques et parades",
     "Les trois à cinq risques principaux (clients, saisonnalité, santé, réglementation, "
     "fournisseurs) et, pour chacun, la parade prévue : réserve de trésorerie, assurance, "
     "diversification. Une ligne par risque : « - Risque : parade. » La feuille Alertes "
     "propose, pour chaque alerte, une phrase de départ que vous pouvez reprendre ici."),
    ("conclusion", "Conclusion",
     "En un paragraphe ou deux : pourquoi le projet est viable, ce que vous demandez (prêt, "
     "montant, durée) et ce que la banque y gagne. Reprenez les chiffres clés du "
     "prévisionnel."),
)

SWOT = (
    ("forces", "Forces", "Atouts internes : compétences, réseau, coûts faibles, souplesse."),
    ("faiblesses", "Faiblesses", "Limites internes : notoriété, temps, trésorerie, "
     "dépendance à quelques clients."),
    ("opportunites", "Opportunités", "Ce que l'environnement vous offre : tendances, "
     "nouveaux besoins, aides, partenariats possibles."),
    ("menaces", "Menaces", "Ce qui pourrait vous nuire : concurrence, prix des matières, "
     "réglementation, conjoncture."),
)

BMC = (
    ("partenaires", "Partenaires clés", "Fournisseurs, sous-traitants, prescripteurs, "
     "plateformes sur lesquels vous vous appuyez."),
    ("activites", "Activités clés", "Ce que vous faites chaque semaine pour délivrer la "
     "valeur : production, prospection, suivi des clients."),
    ("ressources", "Ressources clés", "Compétences, matériel, outils, réseau indispensables."),
    ("proposition", "Proposition de valeur", "La promesse faite au client, en quelques mots."),
    ("relation", "Relation client", "Comment vous accompagnez et fidélisez : conseil, suivi, "
     "service après-vente."),
    ("canaux", "Canaux", "Par où les clients vous trouvent et achètent : site, boutique, "
     "marchés, réseaux sociaux."),
    ("segments", "Segments de clientèle", "Les groupes de clients servis."),
    ("couts", "Structure de coûts", "Les principaux postes de dépenses, fixes et variables."),
    ("revenus", "Sources de revenus", "Ce que les clients paient, sous quelle forme et à quel "
     "prix."),
)

PESTEL = (
    ("politique", "Politique", "Aides publiques, politique locale, commande publique."),
    ("economique", "Économique", "Pouvoir d'achat des clients, prix des matières, "
     "conjoncture du secteur."),
    ("socioculturel", "Socioculturel", "Habitudes et attentes des clients, modes de "
     "consommation."),
    ("technologique", "Technologique", "Outils numériques, nouvelles techniques, ventes en "
     "ligne."),
    ("environnemental", "Environnemental", "Attentes écologiques, matériaux, déchets, "
     "circuits courts."),
    ("legal", "Légal", "Règles propres à votre métier : statut, normes, assurances, "
     "obligations d'information."),
)

GROUPS = {"couverture": COVER, "sections": SECTIONS, "swot": SWOT, "bmc": BMC,
          "pestel": PESTEL}
GROUP_TITLES = {"couverture": "Couverture", "sections": "Partie rédigée",
                "swot": "Analyse SWOT", "bmc": "Business Model Canvas",
                "pestel": "Analyse PESTEL"}
LIST_GROUPS = ("swot", "bmc", "pestel")
FIELDS = tuple(Field(group, key, title, guidance)
               for group, items in GROUPS.items() for key, title, guidance in items)
SHEET_OF_GROUP = {"couverture": TEXT_SHEET, "sections": TEXT_SHEET, "swot": GRID_SHEET,
                  "bmc": GRID_SHEET, "pestel": GRID_SHEET}


def empty() -> dict:
    return {group: {} for group in GROUPS}


def title(group: str, key: str) -> str:
    for k, t, _ in GROUPS[group]:
        if k == key:
            return t
    raise KeyError(f"{group}.{key}")


# --- the input sheets -------------------------------------------------------------------

_INTRO = {
    TEXT_SHEET: "Rédigez ici la présentation de votre projet. Chaque texte alimente une partie "
                "du document exporté (Export PowerPoint ou PDF) ; une partie laissée vide "
                "n'apparaît pas. Séparez les paragraphes par une ligne vide ; une ligne "
                "commençant par « - » devient une puce.",
    GRID_SHEET: "Un point court par ligne dans chaque case (Alt+Entrée pour aller à la ligne). "
                "Trois à cinq points par case suffisent : le document les dessine en grille.",
}


def _cell_value(field: Field, narrative: dict) -> str | None:
    value = (narrative.get(field.group) or {}).get(field.key)
    if not value:
        return None
    return "\n".join(value) if isinstance(value, (list, tuple)) else str(value)


COLUMN_WIDTHS = {"A": 30, "B": 80, "C": 48}  # title, the person's text, guidance
LEAST_HEIGHT = {"couverture": 18, "sections": 150}  # a written section: room to type
GRID_HEIGHT = 75
MOST_HEIGHT = 409  # Excel's highest row


def write_sheets(wb, narrative: dict | None = None, project: str = "") -> None:
    """Add the two written-part input sheets to an openpyxl Workbook, one defined name per
    text cell, filled from `narrative` (the dict documented above) when given. Each row is as
    tall as its text or guidance needs (Excel and LibreOffice keep stored heights), and the
    sheets print on landscape pages, fit to width."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.workbook.defined_name import DefinedName

    from .style import font, print_setup, wrapped_height

    narrative = narrative or {}
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor="1F3A5F")
    wrap_top = Alignment(wrap_text=True, vertical="top")
    for sheet_name in (TEXT_SHEET, GRID_SHEET):
        ws = wb.create_sheet(sheet_name)
        ws.sheet_properties.tabColor = INPUT_TAB  # yellow, like every input sheet
        for letter, width in COLUMN_WIDTHS.items():
            ws.column_dimensions[letter].width = width
        ws["A1"] = sheet_name
        ws["A1"].font = font(bold=True, size=14, color="1F3A5F")
        ws["A2"] = _INTRO[sheet_name]
        ws.merge_cells("A2:C2")
        ws["A2"].alignment, ws["A2"].font = wrap_top, font()
        ws.row_dimensions[2].height = wrapped_height(_INTRO[sheet_name],
                                                     sum(COLUMN_WIDTHS.values()))
        row = 4
        for group, items in GROUPS.items():
            if SHEET_OF_GROUP[group] != sheet_name:
                continue
            for col, text in zip("ABC", (GROUP_TITLES[group], "Votre texte", "Conseils")):
                ws[f"{col}{row}"] = text
                ws[f"{col}{row}"].font = font(bold=True, color="FFFFFF")
                ws[f"{col}{row}"].fill = header_fill
            row += 1
            for key, label, guidance in items:
                field = Field(group, key, label, guidance)
                ws[f"A{row}"] = label
                ws[f"A{row}"].font = font(bold=True)
                ws[f"A{row}"].alignment = wrap_top
                cell = ws[f"B{row}"]
                put(cell, _cell_value(field, narrative))
                cell.fill = input_fill
                cell.font = font(color="1F4E9A")
                cell.alignment = wrap_top
                ws[f"C{row}"] = guidance
                ws[f"C{row}"].font = font(italic=True, color="595959")
                ws[f"C{row}"].alignment = wrap_top
                ws.row_dimensions[row].height = min(MOST_HEIGHT, max(
                    LEAST_HEIGHT.get(group, GRID_HEIGHT),
                    wrapped_height(label, COLUMN_WIDTHS["A"], bold=True),
                    wrapped_height(cell.value or "", COLUMN_WIDTHS["B"]),
                    wrapped_height(guidance, COLUMN_WIDTHS["C"])))
                ref = f"'{sheet_name}'!$B${row}"
                wb.defined_names[field.name] = DefinedName(field.name, attr_text=ref)
                row += 1
            row += 1
        ws.freeze_panes = "A4"
        print_setup(ws, project, landscape=True)


# --- reading back -----------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-–—•*·]\s*)")


def points(text) -> list[str]:
    """A block's cell text as a list of points: one per non-empty line, bullets removed."""
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        lines = [str(t) for t in text]
    else:
        lines = str(text).splitlines()
    return [_BULLET.sub("", line).strip() for line in lines if line.strip()]


def _broken(field: Field, sheet: str, ref: str) -> str:
    shown = f"{sheet}!{ref or '#REF!'}" if sheet else (ref or "#REF!")
    return (f"  • « {field.title} » ({GROUP_TITLES[field.group]}, feuille "
            f"{SHEET_OF_GROUP[field.group]}) : le nom « {field.name} » vaut « {shown} »")


def _located(book) -> dict[str, list[tuple[Field, int, int]]]:
    """The named cells of the written part, by sheet. A name missing from the book is left
    out (an older workbook has no written part; deleting a name is also how a person drops a
    part). A name that no longer points to a cell (#REF! after its cell or sheet was deleted)
    is an error naming each field and the way out: leaving it out silently would drop the
    person's text from the deck without a word."""
    names = book.defined_names()
    sheets = set(book.sheet_names())
    located: dict[str, list[tuple[Field, int, int]]] = {}
    broken = []
    for field in FIELDS:
        where = names.get(field.name)
        if not where:
            continue
        sheet, ref = where
        try:
            left, top, _, _ = range_boundaries(ref)
        except (TypeError, ValueError):
            left = top = None
        if not sheet or sheet not in sheets or left is None or top is None:
            broken.append(_broken(field, sheet, ref))
            continue
        located.setdefault(sheet, []).append((field, top, left))
    if broken:
        raise WorkbookError(
            "Partie rédigée : ces cases ne sont plus reliées à une cellule (la cellule ou sa "
            "feuille a été supprimée) :\n" + "\n".join(broken) + "\nRecréez chaque nom sur "
            "sa case « Votre texte » (Formules > Gestionnaire de noms), ou supprimez les noms "
            "des parties que vous ne voulez pas : le document les laisse alors de côté.")
    return located


def read(book) -> dict:
    """The written part read back from a Book: its defined names and sheet names, then one
    `read_range` per sheet covering all its named cells. Raises WorkbookError when a name
    points nowhere (see `_located`)."""
    out = empty()
    for sheet, cells in _located(book).items():
        top = min(r for _, r, _ in cells)
        bottom = max(r for _, r, _ in cells)
        left = min(c for _, _, c in cells)
        right = max(c for _, _, c in cells)
        rows = book.read_range(sheet, f"{get_column_letter(left)}{top}:"
                                      f"{get_column_letter(right)}{bottom}")
        for field, r, c in cells:
            try:
                value = rows[r - top][c - left]
            except IndexError:
                value = None
            if field.is_list:
                items = points(value)
                if items:
                    out[field.group][field.key] = items
            elif value is not None and str(value).strip():
                out[field.group][field.key] = str(value).strip()
    return out


def normalized(narrative: dict | None) -> dict:
    """Any narrative dict (from JSON or `read`) with every group present, lists as lists of
    points and texts stripped; empty entries dropped."""
    out = empty()
    for field in FIELDS:
        value = ((narrative or {}).get(field.group) or {}).get(field.key)
        if field.is_list:
            items = points(value)
            if items:
                out[field.group][field.key] = items
        elif value is not None and str(value).strip():
            out[field.group][field.key] = str(value).strip()
    return out
