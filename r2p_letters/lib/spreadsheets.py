"""The rows of an uploaded spreadsheet (.csv or .xlsx) as text cells, read within bounds: a file too large,
too many rows, a zip bomb or a file that is not what its name says is refused with a message, never half-read."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import openpyxl
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024  # a list of a few thousand signatories is a few hundred kilobytes
MAX_COLUMNS = 20
# An .xlsx is a zip of XML files: what they may unpack to, in all and compared with the file's size.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
# Rows read (empty ones too) for each row allowed: a sheet of a million empty rows is not read to its end.
EMPTY_ROWS_READ = 5


class SpreadsheetRefused(ValueError):
    """The upload cannot be read as a spreadsheet; the message says why, for the person who sent it."""


def spreadsheet_rows(upload, *, max_rows: int) -> list[list[str]]:
    """The non-empty rows of ``upload`` (a Django UploadedFile named .csv or .xlsx), cells as text; raise
    SpreadsheetRefused for anything else, or for more than ``max_rows`` rows."""
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise SpreadsheetRefused(
            _("The file is larger than %(size)s MB: split the list, or paste it.") % {"size": MAX_BYTES // 2**20}
        )
    data = upload.read(MAX_BYTES + 1)
    if name.endswith(".csv"):
        return _csv_rows(data, max_rows)
    if name.endswith(".xlsx"):
        return _xlsx_rows(data, max_rows)
    raise SpreadsheetRefused(_("Upload a spreadsheet saved as .csv or .xlsx."))


def _too_many(max_rows: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The file has more than %(count)s rows: split the list and add it in parts.") % {"count": max_rows}
    )


def _csv_rows(data: bytes, max_rows: int) -> list[list[str]]:
    if b"\x00" in data:
        raise SpreadsheetRefused(_("This file is not a CSV text file. Save the spreadsheet as CSV or .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what older Excel saves as CSV
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text), dialect):
            cells = [cell.strip() for cell in cells[:MAX_COLUMNS]]
            if any(cells):
                rows.append(cells)
                if len(rows) > max_rows:
                    raise _too_many(max_rows)
    except csv.Error as error:
        raise SpreadsheetRefused(_("This CSV file cannot be read: %(error)s") % {"error": error}) from error
    return rows


def _xlsx_rows(data: bytes, max_rows: int) -> list[list[str]]:
    not_xlsx = SpreadsheetRefused(_("This file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV."))
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise not_xlsx from error
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
        raise SpreadsheetRefused(_("This workbook unpacks to far more than its size: it is refused."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise not_xlsx from error
    rows = []
    try:
        sheet = workbook.worksheets[0]
        for read, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                rows.append(cells)
                if len(rows) > max_rows:
                    raise _too_many(max_rows)
            if read > EMPTY_ROWS_READ * max_rows:
                break
    except SpreadsheetRefused:
        raise
    except Exception as error:
        raise not_xlsx from error
    finally:
        workbook.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()
