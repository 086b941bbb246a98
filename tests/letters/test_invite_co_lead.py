"""A letter's editors invite another organization to co-lead it; that organization's owners or editors
accept or decline. Until it accepts, the organization has no part in the letter."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from r2p_letters.letters.models import CoLeadInvitation, Letter
from r2p_letters.letters.services import letter_create_from
from r2p_letters.organizations.models import Membership, Role
from r2p_letters.organizations.services import organization_create

from ..helpers.letters import review, section_url, status
from ..helpers.pdf import pdf_text


@pytest.fixture
def bob(people, django_user_model):
    """A stranger who signed up and made his own organization."""
    people["bob"] = django_user_model.objects.create_user(
        email="bob@example.net", password="pw-12345!x", full_name="Bob"
    )
    return organization_create(user=people["bob"], name="Bob's Coalition")


@pytest.fixture
def partner(people, django_user_model):
    """Partner Gamma: an owner, an editor and a viewer."""
    for name in ("partner_owner", "partner_editor", "partner_viewer"):
        people[name] = django_user_model.objects.create_user(email=f"{name}@gamma.example", password="pw-12345!x")
    organization = organization_create(
        user=people["partner_owner"],
        name="Partner Gamma",
        city="Goma",
        country="CD",
        letterhead="Avenue du Lac 12, Goma",
    )
    Membership.objects.create(organization=organization, user=people["partner_editor"], role=Role.EDITOR)
    Membership.objects.create(organization=organization, user=people["partner_viewer"], role=Role.VIEWER)
    return organization


@pytest.fixture
def draft(examples, ngo, people):
    return letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    def post(client, letter, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("letters:co_lead_add", args=[letter.slug]), data, follow=True)

    return post


def answer(client, invitation, choice):
    return client.post(
        reverse("letters:co_lead_answer", args=[invitation.organization.slug, invitation.pk]),
        {"answer": choice},
        follow=True,
    )


def co_leads(letter) -> list:
    return list(Letter.objects.get(pk=letter.pk).co_leads.all())


def document(client, letter) -> str:
    return client.get(reverse("letters:document", args=[letter.slug])).content.decode()


# -- The attacks ---------------------------------------------------------------------------------------


def test_an_editor_cannot_print_another_organizations_letterhead_on_his_open_letter(
    as_, bob, partner, make_letter, invite
):
    letter = make_letter(slug="bobs-open-letter", lead_organization=bob, status=Letter.Status.OPEN)

    invite(as_("bob"), letter, organization=partner.slug)

    assert co_leads(letter) == []
    assert "Avenue du Lac 12" not in document(as_(None), letter)
    assert not CoLeadInvitation.objects.exists()  # an open letter takes no new co-lead at all


def test_an_invited_organization_is_neither_printed_nor_given_access_before_it_accepts(
    as_, bob, partner, make_letter, invite, people
):
    letter = make_letter(slug="bobs-draft", lead_organization=bob, status=Letter.Status.DRAFT)

    invite(as_("bob"), letter, organization=partner.slug)

    assert co_leads(letter) == []
    assert CoLeadInvitation.objects.get().status == CoLeadInvitation.Status.PENDING
    assert "Avenue du Lac 12" not in document(as_("bob"), letter)
    assert as_("partner_owner").get(letter.get_absolute_url()).status_code == 404


def test_only_the_invited_organizations_owners_and_editors_answer(as_, draft, partner, bob, invite, people):
    invite(as_("editor"), draft, organization=partner.slug)
    invitation = CoLeadInvitation.objects.get()

    assert answer(as_("partner_viewer"), invitation, "accept").status_code == 403
    assert answer(as_("bob"), invitation, "accept").status_code == 404
    assert answer(as_("owner"), invitation, "accept").status_code == 404  # the inviting side cannot accept for it
    assert answer(as_(None), invitation, "accept").redirect_chain[0][0].startswith(reverse("accounts:login"))
    # Under another organization's address, the invitation is not found.
    assert (
        as_("bob")
        .post(reverse("letters:co_lead_answer", args=[bob.slug, invitation.pk]), {"answer": "accept"})
        .status_code
        == 404
    )
    assert (
        as_("partner_owner").get(reverse("letters:co_lead_answer", args=[partner.slug, invitation.pk])).status_code
        == 405
    )
    assert co_leads(draft) == []


def search(client, letter, words):
    return client.get(reverse("letters:co_lead_add", args=[letter.slug]), {"q": words})


def test_a_search_lists_every_organization_with_the_name_and_never_picks_one(as_, draft, partner, bob, people):
    squatter = organization_create(user=people["bob"], name="PARTNER GAMMA")

    page = search(as_("editor"), draft, "Partner Gamma").content.decode()

    assert partner.slug in page and squatter.slug in page  # the user chooses, by each one's button
    assert page.index(partner.slug) < page.index(squatter.slug)  # the oldest first
    assert f"Its name looks like that of an older organization, Partner Gamma (address: {partner.slug})" in page
    assert not CoLeadInvitation.objects.exists()


@pytest.mark.parametrize("words", ["Media Action", "BBC Media Action", "ВВС Media Action", "bbc"])
def test_a_name_written_with_look_alike_letters_is_listed_beside_the_real_one_and_marked(as_, draft, people, words):
    real = organization_create(user=people["owner"], name="BBC Media Action", city="London")
    fake = organization_create(user=people["outsider"], name="ВВС Media Action", city="London")  # Cyrillic В, С

    page = search(as_("editor"), draft, words).content.decode()

    # Whichever of the two names is typed or pasted, both are listed, the imitation marked.
    assert f'value="{real.slug}"' in page and f'value="{fake.slug}"' in page
    assert page.count("Its name looks like that of an older organization") == 1
    assert page.index("Its name looks like") > page.index(f'value="{real.slug}"')


def test_accents_apostrophes_and_an_edited_name_are_found(as_, draft, people):
    msf = organization_create(user=people["outsider"], name="Médecins Sans Frontières", city="Genève")
    ligue = organization_create(user=people["outsider"], name="Ligue des droits de l’homme", city="Paris")

    assert msf.slug in search(as_("editor"), draft, "medecins geneve").content.decode()
    assert ligue.slug in search(as_("editor"), draft, "droits de l'homme").content.decode()
    as_("outsider").post(
        reverse("organizations:edit", args=[msf.slug]), {"name": "MSF International", "short_name": "MSF-I"}
    )
    assert msf.slug in search(as_("editor"), draft, "msf international").content.decode()
    assert msf.slug not in search(as_("editor"), draft, "medecins").content.decode()


@pytest.mark.parametrize(
    "words", ["Save the Children", "save the children", "STC", "Fairfax", "children  international"]
)
def test_an_organization_is_found_by_part_of_its_name_its_short_name_or_its_city(as_, draft, people, words):
    organization_create(
        user=people["outsider"], name="Save the Children International", short_name="STC", city="Fairfax"
    )

    page = search(as_("editor"), draft, words).content.decode()

    assert "Save the Children International" in page
    assert 'name="organization" value="save-the-children-international"' in page


def test_a_search_without_a_match_says_so_and_keeps_the_words(as_, draft):
    response = search(as_("editor"), draft, "Partner Delta")

    assert response.status_code == 200
    page = response.content.decode()
    assert "No organization matches “Partner Delta”" in page and 'value="Partner Delta"' in page


def test_bad_input_is_explained_and_invites_nobody(as_, draft, partner, invite):
    editor = as_("editor")
    too_long = search(editor, draft, "x" * 201)
    unknown = editor.post(reverse("letters:co_lead_add", args=[draft.slug]), {"organization": "no-such-org"})
    empty = editor.post(reverse("letters:co_lead_add", args=[draft.slug]), {"q": ""})
    not_a_slug = editor.post(reverse("letters:co_lead_add", args=[draft.slug]), {"organization": "<script>"})

    assert [r.status_code for r in (too_long, unknown, empty, not_a_slug)] == [400, 400, 400, 400]
    assert "No organization has the address “no-such-org”." in unknown.content.decode()
    assert not CoLeadInvitation.objects.exists()


def test_who_may_search_and_invite_co_leads(as_, draft, partner, co_lead, people, invite):
    draft.co_leads.add(co_lead)
    client = as_(None)
    client.force_login(people["co_editor"])
    url = reverse("letters:co_lead_add", args=[draft.slug]) + "?q=Gamma"

    assert [as_(name).get(url).status_code for name in ("owner", "editor", "viewer", "outsider")] == [
        200,
        200,
        403,
        404,
    ]
    assert client.get(url).status_code == 200  # a co-lead organization's editor
    assert as_(None).get(url)["Location"].startswith(reverse("accounts:login"))
    assert invite(as_("outsider"), draft, organization=partner.slug).status_code == 404
    assert invite(client, draft, organization=partner.slug).status_code == 200
    assert CoLeadInvitation.objects.get().invited_by == people["co_editor"]


# -- The happy path and its variants ------------------------------------------------------------------


def test_the_invited_organization_accepts_then_prints_edits_and_approves(as_, draft, partner, ngo, invite, run_worker):
    response = invite(as_("editor"), draft, organization=partner.slug)
    mailoutbox = run_worker()

    assert "Partner Gamma is invited to co-lead the letter" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["partner_owner@gamma.example"]]
    assert draft.title in mailoutbox[0].body and "Global Centre for R2P" in mailoutbox[0].subject
    assert reverse("organizations:detail", args=[partner.slug]) in mailoutbox[0].body
    requests = as_("partner_editor").get(reverse("organizations:detail", args=[partner.slug])).content.decode()
    assert draft.title in requests and "Accept" in requests

    invitation = CoLeadInvitation.objects.get()
    response = answer(as_("partner_editor"), invitation, "accept")

    assert "Partner Gamma co-leads" in response.content.decode()
    assert co_leads(draft) == [partner]
    assert "Avenue du Lac 12" in document(as_("editor"), draft)
    assert as_("partner_editor").get(section_url(draft, "asks")).status_code == 200
    review(as_("editor"), draft, "submit")
    review(as_("owner"), draft, "approve", organization=ngo.pk)
    assert status(draft) == Letter.Status.IN_REVIEW  # the co-lead's approval is still missing
    review(as_("partner_editor"), draft, "approve", organization=partner.pk)
    assert status(draft) == Letter.Status.READY


def test_the_pdf_carries_the_co_leads_letterhead_only_once_it_accepted(as_, draft, partner, invite):
    def pdf(client):
        return " ".join(pdf_text(client.get(reverse("letters:pdf", args=[draft.slug])).content).split())

    invite(as_("editor"), draft, organization=partner.slug)
    before = pdf(as_("editor"))
    answer(as_("partner_owner"), CoLeadInvitation.objects.get(), "accept")

    assert "Avenue du Lac 12" not in before and "Partner Gamma" not in before
    assert "Avenue du Lac 12, Goma" in pdf(as_("partner_viewer"))


def test_a_pending_invitation_does_not_hold_up_the_review(as_, draft, partner, ngo, invite):
    invite(as_("editor"), draft, organization=partner.slug)

    review(as_("editor"), draft, "submit")
    page = as_("editor").get(reverse("letters:compose", args=[draft.slug])).content.decode()
    review(as_("owner"), draft, "approve", organization=ngo.pk)

    assert "Partner Gamma: invited, no answer yet" in page
    assert status(draft) == Letter.Status.READY


def test_a_declined_invitation_gives_nothing_and_is_shown_to_the_inviters(as_, draft, partner, invite):
    invite(as_("editor"), draft, organization=partner.slug)

    answer(as_("partner_owner"), CoLeadInvitation.objects.get(), "decline")

    assert co_leads(draft) == []
    assert CoLeadInvitation.objects.get().status == CoLeadInvitation.Status.DECLINED
    assert as_("partner_owner").get(draft.get_absolute_url()).status_code == 404
    assert "Partner Gamma declined" in as_("editor").get(reverse("letters:compose", args=[draft.slug])).text
    assert draft.title not in as_("partner_owner").get(reverse("organizations:detail", args=[partner.slug])).text


def test_an_invitation_is_answered_once(as_, draft, partner, invite):
    invite(as_("editor"), draft, organization=partner.slug)
    invitation = CoLeadInvitation.objects.get()
    answer(as_("partner_owner"), invitation, "decline")

    response = answer(as_("partner_owner"), invitation, "accept")

    assert "already answered" in response.content.decode()
    assert co_leads(draft) == []


def test_the_lead_organization_is_not_invited_to_co_lead_its_own_letter(as_, draft, ngo, invite):
    page = invite(as_("editor"), draft, organization=ngo.slug).content.decode()

    assert "already leads this letter" in page
    assert not CoLeadInvitation.objects.exists()


def test_viewers_do_not_invite(as_, draft, partner, invite):
    assert invite(as_("viewer"), draft, organization=partner.slug).status_code == 403
    assert not CoLeadInvitation.objects.exists()


def test_an_accepted_co_lead_reads_and_edits_every_language_version(as_, draft, partner, invite):
    as_("editor").post(reverse("letters:language_version_add", args=[draft.slug]), {"language": "fr"})
    french = Letter.objects.get(original=draft)
    invite(as_("editor"), french, organization=partner.slug)

    answer(as_("partner_owner"), CoLeadInvitation.objects.get(), "accept")

    assert co_leads(draft) == [partner] and co_leads(french) == [partner]
    assert as_("partner_editor").get(reverse("letters:compose", args=[french.slug])).status_code == 200


def test_an_invitation_to_a_letter_past_review_cannot_be_accepted(as_, draft, partner, ngo, invite):
    invite(as_("editor"), draft, organization=partner.slug)
    review(as_("editor"), draft, "submit")
    review(as_("owner"), draft, "approve", organization=ngo.pk)

    response = answer(as_("partner_owner"), CoLeadInvitation.objects.get(), "accept")

    assert "no longer takes new co-leads" in response.content.decode()
    assert co_leads(draft) == []


@pytest.mark.django_db(transaction=True)
def test_organizations_that_co_led_before_invitations_existed_stay_co_leads(builtin_templates, ngo, partner):
    before = [("letters", "0007_letter_print_version")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    # The letters as that schema held them (today's model has columns that came later).
    OldLetter = executor.loader.project_state(before).apps.get_model("letters", "Letter")
    old = {
        "lead_organization_id": ngo.pk,
        "status": Letter.Status.DRAFT,
        "template_id": builtin_templates["open-letter-security-council"].pk,
    }
    letter = OldLetter.objects.create(slug="co-led-letter", title="Co-led letter", **old)
    translation = OldLetter.objects.create(
        slug="co-led-letter-fr", title="Lettre codirigée", original=letter, is_authoritative=False, language="fr", **old
    )
    for version in (letter, translation):
        version.co_leads.add(partner.pk)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    (invitation,) = CoLeadInvitation.objects.all()
    assert (invitation.letter_id, invitation.organization, invitation.status) == (
        letter.pk,
        partner,
        CoLeadInvitation.Status.ACCEPTED,
    )
    assert co_leads(letter) == [partner] and co_leads(translation) == [partner]


def test_co_lead_invitations_count_against_the_inviters_email_limit(
    as_, draft, partner, bob, invite, settings, run_worker
):
    settings.EMAIL_RATE_PER_USER = "1/d"
    invite(as_("editor"), draft, organization=partner.slug)

    response = invite(as_("editor"), draft, organization=bob.slug)
    mailoutbox = run_worker()

    assert "emails" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["partner_owner@gamma.example"]]
    assert list(CoLeadInvitation.objects.values_list("organization__name", flat=True)) == ["Partner Gamma"]
