"""Signatories written as text: a pasted list, a letter's signatory block or spreadsheet columns, read row by row.

The forms real letters use, one signatory per line: "Organization (City, Country)", "Organization (Country)",
"Organization, City, Country", an organization alone, "Name, Title, Organization", a name line followed by
a title line; or tab-separated columns copied from a spreadsheet, with or without a header row. Nothing is
saved here: the rows go to a preview, then to ``signatories_add``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from r2p_letters.lib.countries import country_code
from r2p_letters.lib.text import fold

from .models import Signatory

# The longest value each field of a signatory holds.
LIMITS = {
    name: Signatory._meta.get_field(name).max_length
    for name in ("organization", "city", "location", "person_name", "person_title")
}
COLUMNS = ("organization", "city", "country", "person_name", "person_title")

# A header cell names its column in English, French or Spanish (folded, punctuation dropped).
HEADERS = {
    "organization": (
        "organization",
        "organisation",
        "organizacion",
        "org",
        "ngo",
        "ong",
        "group",
        "groupe",
        "entity",
        "organization name",
        "organisation name",
        "name of organization",
        "nom de l organisation",
        "organisme",
    ),
    "city": ("city", "town", "ville", "localite", "ciudad"),
    "country": ("country", "country code", "pays", "pais", "nation"),
    "location": ("location", "place", "lieu", "lugar", "address", "adresse"),
    "person_name": ("name", "person", "contact", "full name", "nom", "nom complet", "personne", "nombre", "signed by"),
    "person_title": ("title", "job title", "position", "role", "function", "fonction", "titre", "poste", "cargo"),
    "email": ("email", "e mail", "email address", "courriel", "adresse email", "adresse e mail", "correo"),
}
_HEADER_WORDS = {name: column for column, names in HEADERS.items() for name in names}

# Words that start a person's name, and words that make a line a person's title (folded).
HONORIFICS = set(
    "dr mr mrs ms miss mx prof professor he h e hon rev sir dame mme mlle m me pr sr sra srta dra don dona".split()
)
TITLE_WORDS = set(
    """director directrice directeur directora executive executif executive president presidente
    chair chairperson chairman chairwoman coordinator coordinatrice coordinateur coordinadora coordinador
    secretary secretaire secretario secretaria founder cofounder fondateur fondatrice fundador fundadora
    ceo coo officer head manager representative representant representante adviser advisor conseiller
    conseillere asesor asesora spokesperson porte parole vice deputy adjoint adjointe researcher chercheur
    chercheuse lawyer avocat avocate abogado abogada member membre miembro senior leader delegate delegue
    deleguee delegado delegada ambassador ambassadeur ambassadrice embajador embajadora commissioner""".split()
)
# Words that make a line an organization's name rather than a person's.
ORGANIZATION_WORDS = set(
    """international watch project centre center society association institute institut instituto league ligue
    union committee comite network reseau red foundation fondation fundacion coalition council conseil group
    groupe movement mouvement movimiento federation alliance alianza forum organization organisation
    organizacion observatory observatoire initiative campaign campagne trust fund united nations ngo ong
    platform plateforme commission clinic partners action rights droits derechos children women femmes
    mujeres peace paix paz church eglise iglesia""".split()
)
_EMAIL = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
EMAIL = re.compile(rf"<?(?P<email>{_EMAIL})>?")
_PLACE = re.compile(r"\(([^()]*)\)")
# A place in brackets at the end of a line, or just before the signer's email address.
_ENDS_WITH_PLACE = re.compile(rf"^(?P<name>.*?)\s*\((?P<place>[^()]*)\)\s*(?:[,;:–-]?\s*<?{_EMAIL}>?)?\s*$")
_MULTIPLE_PLACES = re.compile(r"\s(?:and|et|y|&)\s")


@dataclass
class SignatoryRow:
    """One signatory read from text: its fields, the source line(s) it came from, and what is wrong with it."""

    organization: str = ""
    city: str = ""
    country: str = ""  # ISO 3166 alpha-2, or ""
    location: str = ""  # the place as printed, only when city and country cannot say it
    person_name: str = ""
    person_title: str = ""
    email: str = ""  # the signer's address, where the list gives one (late signatures need it)
    line: str = ""
    problem: str = ""  # a translated message; "" when the row was read


def signatory_rows_parse(text: str, *, language: str = "en") -> list[SignatoryRow]:
    """The signatories that ``text`` lists, in its order, blank lines ignored; rows that could not be read
    carry a ``problem`` (in ``language``)."""
    with translation.override(language):
        lines = [_clean(line) for line in text.splitlines()]
        if any("\t" in line for line in lines):
            return _table_rows([line for line in lines if line.strip()])
        lines = [line for line in lines if line]
        if lines and _header([lines[0]]):
            lines = lines[1:]  # a one-column spreadsheet's header ("Organization")
        return [_checked(row) for row in _line_rows(lines)]


def signatory_rows_from_table(cells: list[list[str]], *, language: str = "en") -> list[SignatoryRow]:
    """The signatories of a spreadsheet's rows (a .csv or .xlsx): the same reading as pasted columns."""
    lines = ["\t".join(_clean(cell).replace("\t", " ") for cell in row) for row in cells]
    return signatory_rows_parse("\n".join(line for line in lines if line.strip()), language=language)


def _clean(line: str) -> str:
    # A Markdown hard break ("  " or "\" at the end of a line) and non-breaking spaces are no part of a name.
    return line.replace("\u00a0", " ").rstrip().removesuffix("\\").strip(" ")


# Lines ----------------------------------------------------------------------------------------------------


def _line_rows(lines: list[str]) -> list[SignatoryRow]:
    lines = _mended(lines)
    rows: list[SignatoryRow] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _is_name_line(line) and _is_title_line(following):
            row = _person_with_title(line, following)
            used = 2
            third = lines[i + 2] if i + 2 < len(lines) else ""
            if not row.organization and third and _is_organization_line(third) and not _is_title_line(third):
                row.organization = third
                row.line += "\n" + third
                used = 3
            rows.append(row)
            i += used
            continue
        rows.append(_line_row(line))
        i += 1
    return rows


def _mended(lines: list[str]) -> list[str]:
    """Lines as the list meant them, where a PDF's copy broke them: two signatories on one line are split
    after the first one's place, and in a list where most lines end with a place, a line without one is the
    start of the next line's name ("Unit" + "ed Nations Association…", "West Africa" + "Civil Society…")."""
    split: list[str] = []
    for line in lines:
        start = 0
        for match in _PLACE.finditer(line):
            rest = line[match.end() :].strip()
            ends = rest.startswith(("(", ",", ";", ".")) or EMAIL.fullmatch(rest.strip(",;:–- "))
            if rest and _is_place(match.group(1)) and not ends:
                split.append(line[start : match.end()].strip())
                start = match.end()
        split.append(line[start:].strip())
    with_place = sum(1 for line in split if _is_complete(line))
    if with_place * 2 <= len(split):
        return split
    mended: list[str] = []
    pending = ""
    for i, line in enumerate(split):
        if pending:
            line = pending + ("" if line[:1].islower() else " ") + line
            pending = ""
        following = split[i + 1] if i + 1 < len(split) else ""
        if following and not _is_complete(line) and not _is_title_line(following):
            pending = line
            continue
        mended.append(line)
    return mended


def _is_complete(line: str) -> bool:
    """Whether a line names its place: in brackets, or after its last comma ("Organization, City, Country")."""
    last = line.rpartition(",")[2]
    return _ends_with_place(line) or bool("," in line and country_code(EMAIL.sub("", last).strip()))


def _ends_with_place(line: str) -> bool:
    match = _ENDS_WITH_PLACE.match(line)
    return bool(match and _is_place(match.group("place")))


def _is_place(text: str) -> bool:
    """Whether the words in brackets after a name say where it is ("Kampala, Uganda; New York, USA", "Kenya",
    "New York and Geneva"), not part of the name ("LCDH", "FIDH")."""
    text = text.strip()
    return bool(text) and (
        "," in text or ";" in text or bool(country_code(text)) or bool(_MULTIPLE_PLACES.search(text))
    )


def _line_row(line: str) -> SignatoryRow:
    source, email = line, ""
    if found := EMAIL.search(line):
        email = found.group("email")
        line = (line[: found.start()].rstrip(" ,;:–-") + " " + line[found.end() :].lstrip(" ,;:–-")).strip()
    row = _line_fields(line)
    row.line, row.email = source, email
    return row


def _line_fields(line: str) -> SignatoryRow:
    match = _ENDS_WITH_PLACE.match(line)
    if match and _is_place(match.group("place")) and match.group("name"):
        name = match.group("name")  # "Organization" or "Name, Title, Organization"
        return _with_place(_person_row(name) or SignatoryRow(organization=name), match.group("place"))
    parts = [part.strip() for part in line.split(",")]
    if len(parts) >= 2 and all(parts) and (code := country_code(parts[-1])):
        city = parts[-2] if len(parts) >= 3 else ""
        name = ", ".join(parts[: -2 if len(parts) >= 3 else -1])  # "Organization" or "Name, Title, Organization"
        row = _person_row(name) or SignatoryRow(organization=name)
        row.city, row.country = city, code
        return row
    return _person_row(line) or SignatoryRow(organization=line)


def _person_row(text: str) -> SignatoryRow | None:
    """ "Name, Title" or "Name, Title, Organization", else None."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) >= 2 and all(parts) and _is_title_line(parts[1]) and _is_person_name(parts[0]):
        return SignatoryRow(person_name=parts[0], person_title=parts[1], organization=", ".join(parts[2:]))
    return None


def _with_place(row: SignatoryRow, place: str) -> SignatoryRow:
    """``row`` placed: "City, Country", "Country", or several places ("Kampala, Uganda; New York, USA")
    printed as written, the first one's city and country kept for sorting and search."""
    place = place.strip()
    first = place.split(";")[0].strip()
    if ";" in place or (_MULTIPLE_PLACES.search(place) and "," not in place):
        row.location = place
    if "," in first:
        city, _comma, country = first.rpartition(",")
        row.city = city.strip()
        row.country = country_code(country)
        if not row.country:
            row.problem = _("We do not know the country “%(country)s”.") % {"country": country.strip()}
    elif code := country_code(first):
        row.country = code
    elif not row.location:
        row.city = first
    return row


def _is_person_name(text: str) -> bool:
    words = fold(text).replace(".", ". ").split()
    if not words or any(ch.isdigit() for ch in text):
        return False
    if words[0].rstrip(".") in HONORIFICS:
        return True
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in text.split()) and not _is_organization_line(text)


def _is_name_line(line: str) -> bool:
    """A person's name alone on its line ("Dr. Mónica Serrano,"), as a title line follows in letters."""
    return "(" not in line and "," not in line.rstrip(",") and _is_person_name(line.rstrip(","))


def _is_title_line(line: str) -> bool:
    words = set(re.findall(r"\w+", fold(line)))
    return bool(line) and "(" not in line and bool(words & TITLE_WORDS) and not _ends_with_place(line)


def _is_organization_line(line: str) -> bool:
    return bool(set(re.findall(r"\w+", fold(line))) & ORGANIZATION_WORDS)


def _person_with_title(name: str, title: str) -> SignatoryRow:
    title_part, _comma, organization = title.partition(",")
    return SignatoryRow(
        person_name=name.rstrip(",").strip(),
        person_title=title_part.strip(),
        organization=organization.strip(),
        line=name + "\n" + title,
    )


# Columns --------------------------------------------------------------------------------------------------


def _table_rows(lines: list[str]) -> list[SignatoryRow]:
    if not lines:
        return []
    columns = _header(lines[0].split("\t"))
    if columns:
        lines = lines[1:]
    rows = []
    for line in lines:
        if "\t" not in line:
            rows.append(_checked(_line_row(line)))
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        rows.append(_checked(_cells_row(cells, columns, line)))
    return rows


def _header(cells: list[str]) -> list[str]:
    """The columns a header row names, in order ("" for a column it does not name), or [] for no header."""
    named = [_HEADER_WORDS.get(" ".join(re.findall(r"\w+", fold(cell))), "") for cell in cells]
    filled = [column for column, cell in zip(named, cells, strict=True) if cell.strip()]
    return named if filled and all(filled) else []


def _cells_row(cells: list[str], columns: list[str], line: str) -> SignatoryRow:
    row = SignatoryRow(line=line.replace("\t", " | "))
    if not columns:
        # Without a header, an email address is known by its shape, wherever its column is.
        emails = [cell for cell in cells if EMAIL.fullmatch(cell)]
        row.email = emails[0] if emails else ""
        cells = [cell for cell in cells if not EMAIL.fullmatch(cell)]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) == 2 and cells[1] and not country_code(cells[1]):
            columns = ["organization", "location"]  # "Organization <tab> Kampala, Uganda"
        else:
            columns = list(COLUMNS)
        if len(cells) > len(columns):
            row.problem = _("This row has more columns than organization, city, country, name and title.")
    for column, cell in zip(columns, cells, strict=False):
        if not column or not cell:
            continue
        if column == "location":
            _with_place(row, cell) if _is_place(cell) else setattr(row, "city", cell)
        elif column == "country":
            row.country = country_code(cell)
            if not row.country and not row.problem:
                row.problem = _("We do not know the country “%(country)s”.") % {"country": cell}
        else:
            setattr(row, column, cell)
    return row


# Checks ---------------------------------------------------------------------------------------------------


def _checked(row: SignatoryRow) -> SignatoryRow:
    if row.problem:
        return row
    if not any(ch.isalnum() for ch in row.organization + row.person_name):
        row.problem = _("This row names no organization and no person.")
    for field, limit in LIMITS.items():
        if len(getattr(row, field)) > limit:
            row.problem = _("Too long: at most %(limit)s characters for a signatory's %(field)s.") % {
                "limit": limit,
                "field": Signatory._meta.get_field(field).verbose_name,
            }
    return row
