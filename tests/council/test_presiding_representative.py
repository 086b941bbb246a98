"""The letter to the President of the Council names the Permanent Representative who presided that month when a UN
page confirmed it (data/presidents.csv), instead of the generic "the Permanent Representative of …"."""

import pytest

from r2p_letters.council.models import AddresseeDefault, Presidency

from ..helpers.pdf import pdf_text

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return " ".join(pdf_text(response.content).split())


def test_the_president_of_january_2026_is_named_from_the_uns_page(ministers_letter, as_, pack_url):
    january = text_of(as_("editor").get(pack_url(ministers_letter, "president_pdf", month="2026-01")))

    assert (
        "H.E. Abukar Dahir Osman Permanent Representative of Somalia to the United Nations "
        "President of the Security Council"
    ) in january


def test_a_month_whose_president_no_page_confirmed_stays_generic(ministers_letter, as_, pack_url):
    assert Presidency.objects.get(year=2026, month=3).representative == ""

    march = text_of(as_("editor").get(pack_url(ministers_letter, "president_pdf", month="2026-03")))

    assert "H.E. the Permanent Representative of the United States of America to the United Nations" in march


def test_the_addressee_defaults_name_comes_before_the_presidencys(ministers_letter, as_, pack_url):
    AddresseeDefault.objects.create(country="SO", representative_name="Ms. Test Envoy")

    january = text_of(as_("editor").get(pack_url(ministers_letter, "president_pdf", month="2026-01")))

    assert "H.E. Ms. Test Envoy Permanent Representative of Somalia" in january
    assert "Abukar" not in january


def test_the_pack_page_shows_the_presiding_representative(ministers_letter, as_, pack_url):
    page = as_("viewer").get(pack_url(ministers_letter, month="2026-01")).content.decode()

    assert "President of the Security Council in January 2026: Somalia. Presiding: Abukar Dahir Osman." in page


def test_the_shipped_names_match_the_presiding_member_and_have_a_source(db):
    named = Presidency.objects.exclude(representative="").select_related("member")

    assert {(p.year, p.month): p.representative for p in named}[(2020, 4)] == "José Singer Weisinger"
    assert all(p.representative_source.startswith("http") for p in named)
    assert named.get(year=2025, month=9).member.name == "Republic of Korea"
