"""The pack path lays out PDFs with the same fetcher as every PDF: nothing remote, ever."""

import pytest

from r2p_letters.council.models import PackAddressee
from r2p_letters.letters.models import LetterTemplate

from ..helpers.council import unzip
from ..helpers.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_a_template_referencing_remote_urls_renders_nothing_remote_in_the_pack(
    listener, ministers_letter, ngo, as_, pack_url
):
    base, requests = listener
    ministers_letter.template = LetterTemplate.objects.create(
        name="Hostile",
        slug="hostile",
        organization=ngo,
        html=f"""
        <link rel="stylesheet" href="{base}/style.css">
        <img src="{base}/logo.png"> <img src="file:///etc/passwd">
        <address>{{% for line in letter.addressee_lines %}}{{{{ line }}}}<br>{{% endfor %}}</address>
        <p style="background: url('{base}/bg.png')">{{{{ letter.salutation }}}} {{{{ letter.title }}}}</p>""",
    )
    ministers_letter.save()
    # What an editor types is text, never markup that fetches.
    PackAddressee.objects.create(
        letter=ministers_letter, audience="ministers", country="FR", name=f'<img src="{base}/name.png">'
    )

    files = unzip(as_("editor").get(pack_url(ministers_letter, "pack_zip")).content)
    combined = as_("editor").get(pack_url(ministers_letter, "pack_combined"))
    president = as_("editor").get(pack_url(ministers_letter, "president_pdf"))

    assert requests == []
    assert len(files) == 15 and combined.status_code == 200 and president.status_code == 200
    france = next(pdf for name, pdf in files.items() if "-fr-" in name)
    assert f'H.E. <img src="{base}/name.png">' in pdf_text(france)
