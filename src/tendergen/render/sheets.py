"""Spreadsheets a bidder fills in: the prijzenblad (offered prices weighted by reference volumes) and the
vragenformulier of the question round. Made with openpyxl; formula cells are locked and the sheet is protected,
only the bidder's input cells are open; the bytes are deterministic (fixed core dates, normalised zip)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tendergen.dutch import date_nl, number
from tendergen.render.forms import PriceRow, fix_core_dates, price_rows
from tendergen.spec import Programme, Unit
from tendergen.spec.unit import Lot
from tendergen.stamp import Stamp

INPUT_FILL = "FFF2CC"
HEAD_FILL = "1F3864"
FIRST_ROW = 8
"""The first row of the price table (rows above hold the title, the instructions and the header)."""

UNIT_WORDS = {"arrangement": "arrangement"}


@dataclass(frozen=True)
class PriceSheet:
    """What a prijzenblad shows: the unit, its criterion weight and rows."""

    programme: Programme
    unit: Unit
    title: str


def price_scoring_text(points: Decimal) -> str:
    """How the weighted price becomes points (the leidraad prints the same sentence)."""
    return (
        f"Score = laagste totale gewogen prijs van alle geldige inschrijvingen / uw totale gewogen prijs × "
        f"{number(points)} punten"
    )


def price_sheets(programme: Programme, unit: Unit) -> list[tuple[Lot | None, list[PriceRow], Decimal]]:
    """The worksheets of a prijzenblad: (lot, its rows, its price weight). One sheet for the whole unit, or one per
    lot when tariffs or arrangements belong to particular lots (each lot is scored on its own rows)."""
    rows = price_rows(unit)
    lots = programme.lots_of(unit)
    if not lots or not unit.priced_per_lot:
        weight = sum((c.weight for c in unit.price_criteria), Decimal(0))
        return [(None, rows, weight)]
    sheets: list[tuple[Lot | None, list[PriceRow], Decimal]] = []
    for lot in lots:
        criteria = [c for c in unit.price_criteria if not c.lots or lot.id in c.lots]
        if not criteria:
            continue  # this lot is not scored on price
        mine = [row for row in rows if not row.lots or lot.id in row.lots]
        sheets.append((lot, mine, sum((c.weight for c in criteria), Decimal(0))))
    return sheets


def prijzenblad(programme: Programme, unit: Unit, stamp: Stamp) -> bytes:
    """The price sheet of ``unit`` as XLSX bytes: one worksheet, or one per lot."""
    from openpyxl import Workbook

    book = Workbook()
    sheets = price_sheets(programme, unit)
    for index, (lot, rows, weight) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = _sheet_title(lot)
        _fill_price_sheet(sheet, programme, unit, lot, rows, weight)
    _properties(book, f"Prijzenblad {unit.name}", programme, stamp)
    out = io.BytesIO()
    book.save(out)
    return fix_core_dates(out.getvalue(), stamp)


def _sheet_title(lot: Lot | None) -> str:
    """A worksheet name: the lot's name, cut at a word to at most 31 characters, none of ``[]:*?/\\``."""
    if lot is None:
        return "Prijzenblad"
    words = "".join(ch for ch in lot.name if ch not in "[]:*?/\\").split()
    title = ""
    for word in words:
        if len(f"{title} {word}".strip()) > 31:
            break
        title = f"{title} {word}".strip()
    return title or lot.id[:31]


def _fill_price_sheet(
    sheet: Any, programme: Programme, unit: Unit, lot: Lot | None, rows: list[PriceRow], weight: Decimal
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    bold = Font(bold=True)
    where = f" · perceel {lot.name}" if lot is not None else ""
    sheet["A1"] = f"Prijzenblad {programme.unit_term} {unit.name}{where}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        f"{programme.authority.name} · {programme.title} · versie {programme.version} · "
        f"{date_nl(programme.document_date)}"
    )
    fixed = any(not row.offered for row in rows)
    lumpsum = [row.code for row in rows] == ["LS"]
    if lumpsum:
        sheet["A3"] = (
            "Vul in de gele cel het bedrag in dat u biedt voor de uitvoering van de hele opdracht, in euro's "
            "exclusief btw, ten hoogste het maximale budget."
        )
        sheet["A4"] = "Gewogen prijs = het geboden bedrag. " + price_scoring_text(weight) + "."
    else:
        sheet["A3"] = (
            "Vul in de gele cellen uw tarief in, in euro's exclusief btw, per eenheid. Een tarief mag niet hoger zijn "
            "dan het maximumtarief."
            + (" Vaste tarieven zijn niet in te vullen en tellen niet mee in de gewogen prijs." if fixed else "")
            + (f" Vul dit blad alleen in als u inschrijft op perceel {lot.name}." if lot is not None else "")
        )
        sheet["A4"] = (
            "Gewogen prijs per regel = uw tarief × fictief volume per jaar. Totale gewogen prijs = de som van de "
            f"regels{' van dit perceel' if lot is not None else ''}. "
            + price_scoring_text(weight)
            + ". De fictieve volumes zijn geen toezegging van afname."
        )
    sheet["A5"] = "Inschrijver:"
    sheet["A5"].font = bold
    sheet["B5"].protection = Protection(locked=False)
    sheet["B5"].fill = PatternFill("solid", fgColor=INPUT_FILL)
    headers = (
        "Code",
        "Omschrijving",
        "Eenheid",
        "Maximumbedrag (€)" if lumpsum else "Maximumtarief (€)",
        "Aantal" if lumpsum else "Fictief volume per jaar",
        "Uw bedrag (€)" if lumpsum else "Uw tarief (€)",
        "Gewogen prijs (€)",
        "Controle",
    )
    header_row = FIRST_ROW - 1
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(header_row, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows):
        _price_row(sheet, FIRST_ROW + offset, row, lumpsum)
    last = FIRST_ROW + len(rows) - 1
    total_row = last + 2
    sheet.cell(total_row, 2, "Totale gewogen prijs").font = bold
    total = sheet.cell(total_row, 7, f"=SUM(G{FIRST_ROW}:G{last})")
    total.font = bold
    total.number_format = "€ #,##0.00"
    sheet.cell(total_row, 8, f'=IF(COUNTBLANK(F{FIRST_ROW}:F{last})>0,"nog niet alle tarieven ingevuld","")')
    _widths(sheet, (10, 48, 14, 18, 18, 16, 20, 26))
    sheet.protection.sheet = True
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def _price_row(sheet: Any, number: int, row: PriceRow, lumpsum: bool) -> None:
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.cell(number, 1, row.code)
    sheet.cell(number, 2, row.name)
    sheet.cell(number, 3, f"per {row.unit}" if lumpsum else UNIT_WORDS.get(row.unit, row.unit))
    price = sheet.cell(number, 4, float(row.price))
    price.number_format = "€ #,##0.00"
    if lumpsum:
        sheet.cell(number, 5, 1).number_format = "0"  # the offered amount counts once
    else:
        volume = sheet.cell(number, 5, float(row.volume) if row.volume is not None else None)
        whole = row.volume is None or row.volume == int(row.volume)
        volume.number_format = "#,##0" if whole else "#,##0.0#"
    if row.offered:
        offered = sheet.cell(number, 6)
        offered.protection = Protection(locked=False)
        offered.fill = PatternFill("solid", fgColor=INPUT_FILL)
        offered.number_format = "€ #,##0.00"
        sheet.cell(number, 7, f'=IF(F{number}="","",F{number}*E{number})').number_format = "€ #,##0.00"
        sheet.cell(number, 8, f'=IF(F{number}="","",IF(F{number}>D{number},"boven het maximum",""))')
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=f"$D${number}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tarief boven het maximum",
            error="Het tarief moet tussen 0 en het maximumtarief liggen.",
        )
        sheet.add_data_validation(rule)
        rule.add(f"F{number}")
    else:
        sheet.cell(number, 4).value = float(row.price)
        sheet.cell(number, 6, "vast tarief")
        sheet.cell(number, 7, "telt niet mee")


def _widths(sheet: Any, widths: tuple[int, ...]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _properties(book: Any, title: str, programme: Programme, stamp: Stamp) -> None:
    when = stamp.when.replace(tzinfo=None)
    props = book.properties
    props.title = title
    props.creator = programme.authority.name
    props.lastModifiedBy = programme.authority.name
    props.created = when
    props.modified = when
    props.language = "nl-NL"


QUESTION_ROWS = 100
"""How many question rows the vragenformulier offers."""


def vragenformulier(programme: Programme, title: str, documents: list[tuple[str, str]], stamp: Stamp) -> bytes:
    """The question form of one procedure as XLSX bytes; ``documents`` lists (key, title) of the documents a
    question may be about (the ``document:`` values of the Q&A file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Vragen"
    sheet["A1"] = f"Vragenformulier {title}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"{programme.authority.name} · versie {programme.version} · {date_nl(programme.document_date)}"
    sheet["A3"] = (
        "Stel uw vragen in dit formulier, één vraag per regel, en dien het in vóór de uiterste datum voor vragen in "
        "de planning van de aanbestedingsleidraad. Kies in kolom B het document; noem in kolom C de paragraaf of "
        "pagina. Vragen en antwoorden verschijnen geanonimiseerd in de nota van inlichtingen. Vragen: "
        f"{programme.authority.contact.name}, {programme.authority.contact.email}."
    )
    sheet["A3"].alignment = Alignment(wrap_text=True)
    sheet.merge_cells("A3:E3")
    sheet.row_dimensions[3].height = 60
    sheet["A4"] = "Inschrijver:"
    sheet["B4"].protection = Protection(locked=False)
    sheet["B4"].fill = PatternFill("solid", fgColor=INPUT_FILL)
    header = 6
    for column, text in enumerate(("Nr.", "Document", "Paragraaf of pagina", "Vraag", "Toelichting"), start=1):
        cell = sheet.cell(header, column, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
    lists = book.create_sheet("Documenten")
    for index, (key, doc_title) in enumerate(documents, start=1):
        lists.cell(index, 1, doc_title)
        lists.cell(index, 2, key)
    lists.protection.sheet = True
    choice = DataValidation(
        type="list", formula1=f"=Documenten!$A$1:$A${len(documents)}", allow_blank=True, showErrorMessage=True
    )
    sheet.add_data_validation(choice)
    first, last = header + 1, header + QUESTION_ROWS
    for row in range(first, last + 1):
        sheet.cell(row, 1, row - header)
        for column in (2, 3, 4, 5):
            cell = sheet.cell(row, column)
            cell.protection = Protection(locked=False)
            cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    choice.add(f"B{first}:B{last}")
    _widths(sheet, (6, 32, 20, 70, 40))
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False
    _properties(book, f"Vragenformulier {title}", programme, stamp)
    out = io.BytesIO()
    book.save(out)
    return fix_core_dates(out.getvalue(), stamp)
