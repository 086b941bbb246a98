"""Letters the export tests share: one with every kind of part, one with a private list of online signatures,
ones whose text calls their footnotes ("[^1]")."""

import datetime
import html
import re

from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.citations import situation_with_legal_basis
from r2p_letters.letters.models import Footnote, Letter, Signatory
from r2p_letters.letters.services import letter_refresh
from r2p_letters.printing.html import render_letter
from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

from ..factories import AskFactory, InstrumentFactory, ParagraphFactory, SignatoryFactory
from .signing import sign


def cite(
    letter, *, instrument=None, text="The Council has reaffirmed the responsibility to protect.", pinpoint="para. 4"
):
    """The letter's situation cites ``instrument`` (a new one by default) as a legal-basis entry printed before
    citations went inline: ``text`` ends with its note call; without ``text`` the situation's last paragraph does.
    The letter's legal basis follows (as after any write)."""
    instrument = instrument or InstrumentFactory()
    situation = [p.text for p in letter.paragraphs.filter(section="situation")]
    texts = situation_with_legal_basis(
        situation, [{"instrument": instrument.symbol, "pinpoint": pinpoint, "text": text}]
    )
    letter.paragraphs.filter(section="situation").delete()
    for position, paragraph in enumerate(texts):
        ParagraphFactory(letter=letter, section="situation", position=position, text=paragraph)
    letter_refresh(letter=letter)
    return instrument


def letter_with_every_part(make_letter, organization=None, *, language="en", **fields):
    """A letter with a letterhead, every heading field, formatted paragraphs, asks, legal basis, notes and
    signatories of each kind."""
    letter = make_letter(
        **{
            "title": "Protect civilians in El Fasher",
            "slug": f"el-fasher-{language}",
            "language": language,
            "status": Letter.Status.PUBLISHED,
            "lead_organization": organization,
            "issued_by": "Sudan Civil Society Coalition",
            "place": "New York",
            "date": datetime.date(2026, 3, 2),
            "date_line": "",
            "subject": "The siege of El Fasher",
            "addressee": "Members of the United Nations Security Council\nNew York",
            "salutation": "Excellencies,",
            "concerned_country": "SD",
            "concerned_region": "Darfur",
            "valediction": "Respectfully,",
            **fields,
        }
    )
    ParagraphFactory(
        letter=letter, section="opening", position=0, text="We write about **El Fasher**, besieged *for a year*."
    )
    ParagraphFactory(
        letter=letter,
        section="situation",
        position=0,
        text="The [UN panel](https://www.un.org/panel) found that:\n\n- markets were shelled\n- hospitals were hit",
    )
    ParagraphFactory(letter=letter, section="situation", position=1, text="Famine has been confirmed.")
    ParagraphFactory(letter=letter, section="closing", position=0, text="We count on your leadership.")
    AskFactory(letter=letter, position=0, text="Demand an end to the siege.", by_when="before the next session")
    AskFactory(letter=letter, position=1, text="Open the **Adre** crossing.", by_when="")
    AskFactory(letter=letter, position=2, text="Refer the situation to the Court.", by_when="30 June 2026")
    cite(
        letter,
        text="The Council has reaffirmed the responsibility to protect.",
        pinpoint="para. 4",
        instrument=InstrumentFactory(
            symbol="S/RES/1674 (2006)",
            slug="s-res-1674",
            url="https://undocs.org/S/RES/1674(2006)",
            adopted_on=datetime.date(2006, 4, 28),
        ),
    )
    cite(
        letter,
        text="",
        pinpoint="",
        instrument=InstrumentFactory(symbol="A/RES/60/1", slug="a-res-60-1", title="World Summit"),
    )
    Footnote.objects.create(letter=letter, position=0, text="Figures of *OCHA*, 1 March 2026.")
    SignatoryFactory(
        letter=letter, organization="Darfur Bar Association", city="Khartoum", country="SD", role="lead", position=0
    )
    SignatoryFactory(
        letter=letter,
        organization="Human Rights Watch",
        city="",
        country="",
        location="New York, USA",
        position=1,
        signed_on=datetime.date(2026, 3, 1),
    )
    SignatoryFactory(
        letter=letter,
        organization="Global Centre for R2P",
        person_name="Savita Pawnday",
        person_title="Executive Director",
        city="New York",
        country="US",
        position=2,
    )
    return Letter.objects.with_everything().get(pk=letter.pk)


def letter_with_private_online_signature(make_letter, organization, owner):
    """A letter open for signatures whose list is private, signed online by "Secret Signers League"."""
    letter = make_letter(
        title="Protect civilians in Sennar", slug="sennar", status=Letter.Status.READY, lead_organization=organization
    )
    AskFactory(letter=letter, position=0, text="Demand an immediate end to the siege.")
    SignatoryFactory(letter=letter, organization="Entered Lead Organization", role="lead", position=0)
    sign_on = letter_open_for_signatures(
        letter=letter,
        user=owner,
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="Africa/Khartoum",
            signers="organizations",
            moderated=False,
            list_public=False,
        ),
    )
    sign(sign_on, "Secret Signers League")
    return letter


HOSTILE_NAMES = ("<script>alert(1)</script>", "{{ 7*7 }}")


def letter_signed_by_hostile_names(make_letter):
    letter = make_letter(title="A letter", slug="hostile")
    for i, name in enumerate(HOSTILE_NAMES):
        SignatoryFactory(letter=letter, organization=name, position=i)
    return letter


def letter_calling_a_footnote(make_letter):
    """A letter whose situation calls its first footnote ("[^1]"); its second footnote is called nowhere."""
    letter = make_letter(title="Protect civilians in Tawila", slug="tawila", status=Letter.Status.PUBLISHED)
    ParagraphFactory(
        letter=letter, section="situation", position=0, text="Over **90,000** people have fled.[^1] Many more will."
    )
    Footnote.objects.create(letter=letter, position=0, text="Calledfootnote figures of *UNHCR*, March 2026.")
    Footnote.objects.create(letter=letter, position=1, text="Uncalledfootnote stays in the list.")
    return Letter.objects.with_everything().get(pk=letter.pk)


def letter_calling_footnotes(make_letter):
    """A letter with two legal-basis notes and three footnotes: its situation calls the first ("[^1]": note 1),
    the legal basis's notes are 2 and 3, its second ask calls the third ("[^3]": note 4); the second footnote is
    called nowhere (note 5)."""
    letter = make_letter(title="Protect civilians in Tawila", slug="tawila", status=Letter.Status.PUBLISHED)
    ParagraphFactory(
        letter=letter, section="situation", position=0, text="Over **90,000** people have fled.[^1] Many more will."
    )
    AskFactory(letter=letter, position=0, text="Demand an end to the siege.")
    AskFactory(letter=letter, position=1, text="Open the *Adre* crossing[^3] at once.")
    cite(
        letter,
        text="The Council has reaffirmed the responsibility to protect.",
        pinpoint="para. 4",
        instrument=InstrumentFactory(symbol="S/RES/1674 (2006)", slug="s-res-1674"),
    )
    cite(
        letter,
        text="",
        pinpoint="",
        instrument=InstrumentFactory(symbol="A/RES/60/1", slug="a-res-60-1", title="World Summit"),
    )
    Footnote.objects.create(letter=letter, position=0, text="Calledfootnote figures of *UNHCR*, March 2026.")
    Footnote.objects.create(letter=letter, position=1, text="Uncalledfootnote stays in the list.")
    Footnote.objects.create(letter=letter, position=2, text="Askfootnote the crossing closed in May.")
    return Letter.objects.with_everything().get(pk=letter.pk)


def review(client, letter, action, **extra):
    """Post a review action (submit, approve, return) on ``letter`` as the composer's buttons do."""
    return client.post(reverse("letters:review", args=[letter.slug]), {"action": action, **extra}, follow=True)


def status(letter) -> str:
    return Letter.objects.get(pk=letter.pk).status


def section_url(letter, section):
    return reverse("letters:compose_section", args=[letter.slug, section])


def formset_data(items: list[dict], *, base_edit=0, extra_fields=None) -> dict:
    """POST data for an item section, as the browser sends it (one blank extra form included)."""
    data = {
        "base_edit": base_edit,
        "items-TOTAL_FORMS": len(items) + 1,
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for i, item in enumerate(items):
        for name, value in item.items():
            data[f"items-{i}-{name}"] = value
        data.setdefault(f"items-{i}-ORDER", i + 1)
    data.update(extra_fields or {})
    return data


def printed_text(letter) -> str:
    """The text of the letter as its PDF and its page print it (the one render, tags left out), every space kept."""
    return html.unescape(re.sub(r"<[^>]*>", "", render_letter(letter).html))


# What a French and a Chinese letter_with_every_part print as their PDF prints them: a citation with its pinpoint,
# one without, the date line and the subject line.
PUNCTUATED = {
    "fr": [
        "S/RES/1674 (2006), para. 4\u00a0: Protection of civilians in armed conflict (28 avril 2006).",
        "A/RES/60/1\u00a0: World Summit.",
        "New York, 2 mars 2026",
        "Objet\u00a0: The siege of El Fasher",
    ],
    "zh-hans": [
        "S/RES/1674 (2006)，para. 4：Protection of civilians in armed conflict (2006年4月28日).",
        "A/RES/60/1：World Summit.",
        "New York，2026年3月2日",
        "事由：The siege of El Fasher",
    ],
}


def long_sudan_letter(make_letter, organization, signatories: int):
    """The lead NGO's letter signed by ``signatories`` organizations in Khartoum: long to lay out."""
    letter = make_letter(lead_organization=organization, title="Protect civilians in Sudan")
    Signatory.objects.bulk_create(
        Signatory(
            letter=letter,
            organization=f"Human rights organization number {n}",
            city="Khartoum",
            country="SD",
            position=n,
        )
        for n in range(signatories)
    )
    return letter
