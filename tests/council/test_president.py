"""A letter to the President of the Security Council is addressed to the member presiding that month."""

import pytest

from r2p_letters.council.models import AddresseeDefault, Presidency
from r2p_letters.letters.models import Letter

from ..helpers.pdf import pdf_text

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return " ".join(pdf_text(response.content).split())


def test_the_president_fills_in_from_the_chosen_month(ministers_letter, as_, pack_url):
    AddresseeDefault.objects.create(country="LV", representative_name="Ms. Sanita Pavļuta-Deslandes")
    client = as_("editor")

    november = text_of(client.get(pack_url(ministers_letter, "president_pdf", month="2026-11")))
    march = text_of(client.get(pack_url(ministers_letter, "president_pdf", month="2026-03")))

    assert (
        "H.E. Ms. Sanita Pavļuta-Deslandes Permanent Representative of Latvia to the United Nations "
        "President of the Security Council"
    ) in november
    assert (
        "H.E. the Permanent Representative of the United States of America to the United Nations "
        "President of the Security Council"
    ) in march


def test_the_pack_page_names_the_president_of_the_month(ministers_letter, as_, pack_url):
    page = as_("viewer").get(pack_url(ministers_letter, month="2027-01")).content.decode()

    assert "President of the Security Council in January 2027: Portugal." in page
    assert "Minister for Foreign Affairs of Kyrgyzstan" in page  # the members are those of the month's year
    assert "Minister for Foreign Affairs of Somalia" not in page


def test_a_month_without_a_known_presidency_says_so(ministers_letter, as_, pack_url):
    Presidency.objects.filter(year=2026, month=4).delete()

    page = as_("viewer").get(pack_url(ministers_letter, month="2026-04"))
    download = as_("viewer").get(pack_url(ministers_letter, "president_pdf", month="2026-04"))

    assert "We do not know who presides over the Council in April 2026." in page.content.decode()
    assert download.status_code == 404


def test_the_2014_central_african_republic_letter_goes_to_luxembourgs_presidency(examples, ngo, as_, pack_url):
    Letter.objects.filter(slug="2014-car-unsc-members").update(lead_organization=ngo)
    letter = examples["2014-car-unsc-members"]

    page = as_("viewer").get(f"/letters/{letter.slug}/delivery/").content.decode()
    president = text_of(as_("viewer").get(pack_url(letter, "president_pdf", month="2014-03")))
    chad = text_of(as_("viewer").get(pack_url(letter, "member_pdf", month="2014-03", country="td")))

    assert "President of the Security Council in March 2014: Luxembourg." in page
    assert "Permanent Representative of Luxembourg to the United Nations President of the Security Council" in president
    assert "Minister for Foreign Affairs of Chad" in chad
    assert "Dear Minister, We write to urge you to use your seat" in chad  # the letter's own salutation
