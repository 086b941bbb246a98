"""Drafters start a letter or reuse one, and edit it section by section; nothing typed is lost."""

import html

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter, Revision
from r2p_letters.letters.services import letter_create_from
from r2p_letters.printing.html import render_letter

from ..helpers.letters import formset_data, section_url


@pytest.fixture
def draft(examples, ngo, co_lead, people):
    """A draft of the lead NGO made from the 2010 Kyrgyzstan letter, co-led by the Bangui league."""
    letter = letter_create_from(source=examples["2010-kyrgyzstan-gcr2p"], organization=ngo, author=people["owner"])
    letter.co_leads.add(co_lead)
    return Letter.objects.with_everything().get(pk=letter.pk)


def asks_of(letter):
    return list(Letter.objects.get(pk=letter.pk).asks.values_list("text", flat=True))


def test_use_as_template_copies_the_text_but_not_the_signatories(as_, examples, ngo):
    source = examples["2010-kyrgyzstan-icrtop"]

    response = as_("editor").post(
        reverse("letters:reuse", args=[source.slug]), {"organization": ngo.pk, "title": "On Osh"}
    )

    letter = Letter.objects.get(derived_from=source)
    assert response["Location"] == reverse("letters:compose", args=[letter.slug])
    assert letter.status == Letter.Status.DRAFT and letter.lead_organization == ngo
    assert letter.signatories.count() == 0
    assert [b.instrument.symbol for b in letter.legal_bases.all()] == [
        "A/RES/60/1",
        "S/RES/1674 (2006)",
        "A/RES/63/308",
    ]
    assert letter.paragraphs.count() == source.paragraphs.count()


def test_a_new_blank_letter_is_a_draft_of_the_chosen_organization(as_, ngo, builtin_templates):
    as_("owner").post(
        reverse("letters:new"),
        {
            "organization": ngo.pk,
            "title": "Letter on Sudan",
            "language": "fr",
            "template": builtin_templates["letter-foreign-ministers"].pk,
        },
    )

    letter = Letter.objects.get(title="Letter on Sudan")
    assert (letter.status, letter.language, letter.lead_organization) == (Letter.Status.DRAFT, "fr", ngo)


def test_someone_without_an_organization_is_sent_to_create_one(as_, people):
    response = as_("outsider").get(reverse("letters:new"))

    assert response["Location"] == reverse("organizations:list")


def test_editing_the_heading_changes_the_preview(as_, draft, builtin_templates):
    data = {
        "base_edit": 0,
        "fields-title": "Open letter on Osh",
        "fields-language": "en",
        "fields-template": builtin_templates["open-letter-security-council"].pk,
        "fields-salutation": "Excellency,",
        "fields-addressee": "The President of the Security Council",
        "fields-date": "2026-11-23",
    }

    response = as_("editor").post(section_url(draft, "header"), data)

    assert response.status_code == 302
    html = as_("editor").get(reverse("letters:document", args=[draft.slug])).content.decode()
    assert "Open letter on Osh" in html and "Excellency," in html
    assert "The President of the Security Council" in html


def test_asks_are_reordered_added_and_removed(as_, draft):
    asks = asks_of(draft)
    items = [{"text": text, "by_when": ""} for text in asks]
    items[0]["ORDER"] = 9  # first ask last
    items[1]["DELETE"] = "on"
    data = formset_data(items)
    data["items-5-text"] = "The Council must request a briefing by the OSCE."
    data["items-5-by_when"] = "27 June 2010"
    data["items-5-ORDER"] = 1

    as_("editor").post(section_url(draft, "asks"), data)

    assert asks_of(draft) == ["The Council must request a briefing by the OSCE.", asks[2], asks[3], asks[4], asks[0]]
    assert "(by 27 June 2010)" in render_letter(Letter.objects.with_everything().get(pk=draft.pk)).html


def test_the_symbols_a_paragraph_cites_are_the_letters_legal_basis(as_, draft):
    data = formset_data(
        [
            {"text": "States pledged so at the World Summit.[^A/RES/60/1, paras 138–139]"},
            {"text": "The Council may act under [^UN Charter, Chapter VII, Art. 42] and resolution 1674 (2006)."},
        ],
        extra_fields={"concerned_country": "KG", "concerned_region": ""},
    )

    as_("co_editor").post(section_url(draft, "situation"), data)

    letter = Letter.objects.with_everything().get(pk=draft.pk)
    assert [b.citation for b in letter.legal_bases.all()] == [
        "A/RES/60/1, paras 138–139",
        "UN Charter, Chapter VII, Art. 42",
        "S/RES/1674 (2006)",
    ]


def test_every_save_is_a_revision(as_, draft, people):
    as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "First version."}]))
    as_("owner").post(section_url(draft, "asks"), formset_data([{"text": "Second version."}], base_edit=1))

    revisions = Revision.objects.filter(letter=draft, section="asks").order_by("number")
    assert [(r.number, r.author, r.content["items"][0]["text"]) for r in revisions] == [
        (1, people["editor"], "First version."),
        (2, people["owner"], "Second version."),
    ]


def test_the_second_of_two_simultaneous_saves_is_told_and_sees_both_texts(as_, draft):
    as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "The editor's ask."}], base_edit=0))

    response = as_("owner").post(section_url(draft, "asks"), formset_data([{"text": "The owner's ask."}], base_edit=0))

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this section" in html
    assert "The editor&#x27;s ask." in html  # theirs
    assert "The owner&#x27;s ask." in html  # mine, kept in the form
    assert asks_of(draft) == ["The editor's ask."]
    assert 'name="base_edit" value="1"' in html  # saving again replaces theirs, knowingly


def test_a_failed_validation_keeps_every_field(as_, draft):
    data = formset_data([{"text": "Kept ask.", "by_when": "x" * 300}, {"text": "Another kept ask."}])

    response = as_("editor").post(section_url(draft, "asks"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert "Kept ask." in html and "Another kept ask." in html
    assert asks_of(draft) != ["Kept ask.", "Another kept ask."]


@pytest.mark.parametrize("base_edit", ["", "abc", "-1", "99999999999999"])
def test_a_tampered_base_edit_is_refused_without_an_error_page(as_, draft, base_edit):
    response = as_("editor").post(
        section_url(draft, "asks"), formset_data([{"text": "Tampered."}], base_edit=base_edit)
    )

    assert response.status_code in (200, 409)
    assert "Tampered." in response.content.decode()
    assert "Tampered." not in asks_of(draft)


def test_html_and_script_in_every_text_field_print_as_text(as_, draft):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    as_("editor").post(section_url(draft, "opening"), formset_data([{"text": hostile}]))

    html = as_("editor").get(reverse("letters:document", args=[draft.slug])).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_section_is_not_found(as_, draft):
    assert as_("editor").get(section_url(draft, "nonsense")).status_code == 404


CAST = [
    ("owner", 200, 200),
    ("editor", 200, 200),
    ("co_editor", 200, 200),
    ("viewer", 200, 403),
    ("outsider", 404, 404),
    (None, 404, 302),
]


@pytest.mark.parametrize(("who", "read", "edit"), CAST)
def test_who_reads_and_who_edits_a_draft(as_, draft, who, read, edit):
    client = as_(who)

    for name in ("detail", "document", "pdf"):
        assert client.get(reverse(f"letters:{name}", args=[draft.slug])).status_code == read
    assert client.get(reverse("letters:compose", args=[draft.slug])).status_code == edit
    assert client.get(section_url(draft, "asks")).status_code == edit
    assert client.post(section_url(draft, "asks"), formset_data([{"text": "Intrusion."}])).status_code in (edit, 302)
    if edit != 200:
        assert "Intrusion." not in asks_of(draft)


def test_a_published_letter_is_read_by_all_but_edited_by_none(as_, examples, ngo):
    letter = examples["2010-kyrgyzstan-icrtop"]

    assert as_(None).get(letter.get_absolute_url()).status_code == 200
    assert as_("owner").get(reverse("letters:compose", args=[letter.slug])).status_code == 403


def test_the_library_lists_a_draft_only_to_its_organizations(as_, draft):
    def listed(who):
        return [
            (letter.pk, letter.signatory_count) for letter in as_(who).get(reverse("letters:library")).context["page"]
        ]

    assert (draft.pk, 0) in listed("viewer")
    assert (draft.pk, 0) in listed("co_editor")
    assert draft.pk not in [pk for pk, _ in listed("outsider")]
    assert draft.pk not in [pk for pk, _ in listed(None)]
    assert sorted(count for _, count in listed("viewer")) == [0, 1, 9, 20]  # counts not inflated by joins


def test_the_preview_shows_unsaved_text_and_saves_nothing(as_, draft):
    before = asks_of(draft)

    response = as_("editor").post(
        reverse("letters:preview", args=[draft.slug, "asks"]), formset_data([{"text": "An ask not saved yet."}])
    )

    assert response.status_code == 200
    assert "An ask not saved yet." in response.content.decode()
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert asks_of(draft) == before
    assert not Revision.objects.filter(letter=draft).exists()


def test_the_preview_waits_for_valid_fields(as_, draft):
    response = as_("editor").post(
        reverse("letters:preview", args=[draft.slug, "asks"]), formset_data([{"text": "x", "by_when": "y" * 500}])
    )

    assert "once every field of the form is valid" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404), (None, 302)])
def test_only_editors_preview(as_, draft, who, status):
    response = as_(who).post(reverse("letters:preview", args=[draft.slug, "asks"]), formset_data([{"text": "x"}]))

    assert response.status_code == status


def test_the_catalogue_is_searched_by_words_and_tells_how_to_cite_what_it_finds(as_, draft):
    page = as_("editor").get(section_url(draft, "legal_basis"), {"q": "civilians 2006"})

    assert [i.symbol for i in page.context["found"]] == ["S/RES/1674 (2006)"]
    assert "<code>[^S/RES/1674 (2006), para. 4]</code>" in page.content.decode()


def test_a_missing_instrument_is_added_to_the_catalogue_unverified(as_, draft, people):
    from r2p_letters.letters.models import LegalInstrument

    response = as_("editor").post(
        reverse("letters:instrument_new", args=[draft.slug]),
        {
            "kind": "sc_resolution",
            "symbol": "S/RES/2127 (2013) bis",
            "title": "A resolution we need",
            "adopted_on": "2013-12-05",
            "url": "https://undocs.org/S/RES/2127(2013)",
        },
    )

    instrument = LegalInstrument.objects.get(symbol="S/RES/2127 (2013) bis")
    assert (instrument.verified, instrument.added_by) == (False, people["editor"])
    assert response["Location"] == section_url(draft, "legal_basis")


def test_a_duplicate_or_incomplete_instrument_is_refused_with_the_form_kept(as_, draft):
    response = as_("editor").post(
        reverse("letters:instrument_new", args=[draft.slug]),
        {"kind": "sc_resolution", "symbol": "A/RES/60/1", "title": "Kept title"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in html and 'value="Kept title"' in html


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Protect civilians in \u202eEl Fasher", "change the direction of the text"),
        ("Protect civilians in El Fashеr", "mixes letters of different alphabets"),  # a Cyrillic е
    ],
)
def test_a_new_letter_whose_title_hides_direction_characters_or_look_alike_letters_is_refused(
    as_, ngo, builtin_templates, title, message
):
    response = as_("owner").post(
        reverse("letters:new"),
        {
            "organization": ngo.pk,
            "title": title,
            "language": "en",
            "template": builtin_templates["open-letter-security-council"].pk,
        },
    )

    page = response.content.decode()
    assert message in html.unescape(page)
    assert f'value="{title}"' in page
    assert not Letter.objects.filter(lead_organization=ngo).exists()


def test_a_heading_whose_title_hides_direction_characters_is_refused_and_kept(as_, draft, builtin_templates):
    title = "Open letter on \u2067Osh\u2069"
    data = {
        "base_edit": 0,
        "fields-title": title,
        "fields-language": "en",
        "fields-template": builtin_templates["open-letter-security-council"].pk,
        "fields-salutation": "Excellency,",
        "fields-date": "2026-11-23",
    }

    response = as_("editor").post(section_url(draft, "header"), data)

    page = response.content.decode()
    assert "Nothing was saved" in page and "change the direction of the text" in html.unescape(page)
    assert title in html.unescape(page)
    assert Letter.objects.get(pk=draft.pk).title == draft.title


# The blank extra form as a browser sends it: its role is the default one.
BLANK_SIGNATORY = {"items-1-role": "cosigner"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organization", "Human Rights Wаtch", "mixes letters of different alphabets"),  # a Cyrillic а
        ("organization", "Human Rights \u202dWatch", "change the direction of the text"),  # left-to-right override
        ("person_name", "Kenneth \u202eRoth", "change the direction of the text"),
    ],
)
def test_a_lead_signatory_with_hidden_direction_characters_or_look_alike_letters_is_refused(
    as_, draft, field, value, message
):
    signatory = {
        "organization": "Human Rights Watch",
        "person_name": "",
        "person_title": "",
        "city": "New York",
        "country": "US",
        "location": "",
        "role": "lead",
        field: value,
    }

    response = as_("editor").post(
        section_url(draft, "signatories"), formset_data([signatory], extra_fields=BLANK_SIGNATORY)
    )

    page = response.content.decode()
    assert "Nothing was saved" in page and message in html.unescape(page)
    assert value in html.unescape(page)
    assert not Letter.objects.get(pk=draft.pk).signatories.filter(city="New York").exists()


def test_a_lead_signatory_in_a_right_to_left_script_is_taken_with_its_direction_marks(as_, draft):
    signatory = {
        "organization": "\u200fمركز القاهرة لدراسات حقوق الإنسان (CIHRS)",
        "person_name": "",
        "person_title": "",
        "city": "القاهرة",
        "country": "EG",
        "location": "",
        "role": "lead",
    }

    response = as_("editor").post(
        section_url(draft, "signatories"), formset_data([signatory], extra_fields=BLANK_SIGNATORY)
    )

    assert response.status_code == 302
    assert Letter.objects.get(pk=draft.pk).signatories.filter(city="القاهرة").exists()
