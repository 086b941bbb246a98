"""A PDF that would take too long or too much memory is stopped; the reader is told so, and the next one prints."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter

from ..helpers.letters import long_sudan_letter
from ..helpers.pdf import pdf_text


@pytest.fixture
def long_letter(make_letter, ngo):
    """A letter with 5,000 signatories: about 120 pages, several seconds of layout."""
    return long_sudan_letter(make_letter, ngo, 5000)


@pytest.fixture
def short_letter(make_letter, ngo):
    return make_letter(lead_organization=ngo, title="Protect civilians in Chad")


def pdf_of(client, letter):
    return client.get(reverse("letters:pdf", args=[letter.slug]))


def unchanged(letter) -> bool:
    now = Letter.objects.get(pk=letter.pk)
    return (now.updated_at, now.print_version, now.title) == (letter.updated_at, letter.print_version, letter.title)


def test_a_pdf_over_the_time_limit_is_stopped_with_a_clear_message(
    client, settings, long_letter, short_letter, pdf_cache_dir
):
    settings.PDF_RENDER_TIMEOUT = 0.5

    response = pdf_of(client, long_letter)

    assert response.status_code == 503
    assert "took longer than the server allows" in response.text
    assert "The letter is unchanged" in response.text
    assert unchanged(long_letter)
    assert not list(pdf_cache_dir.glob(f"{long_letter.pk}-*"))  # nothing half-made is kept

    settings.PDF_RENDER_TIMEOUT = 60
    after = pdf_of(client, short_letter)
    assert after.status_code == 200 and "Protect civilians in Chad" in pdf_text(after.content)


def test_a_pdf_over_the_memory_limit_is_stopped_with_a_clear_message(client, settings, long_letter, short_letter):
    settings.PDF_RENDER_MEMORY_MB = 40  # a layout of 5,000 signatories needs about 110 MB

    response = pdf_of(client, long_letter)

    assert response.status_code == 503
    assert "needs more memory than the server allows" in response.text
    assert unchanged(long_letter)

    settings.PDF_RENDER_MEMORY_MB = 1024
    after = pdf_of(client, short_letter)
    assert after.status_code == 200 and "Protect civilians in Chad" in pdf_text(after.content)


def test_the_long_letter_prints_within_the_usual_limits(client, long_letter):
    response = pdf_of(client, long_letter)

    assert response.status_code == 200
    assert "Human rights organization number 4999" in pdf_text(response.content)
