"""The organizers see each frozen version of the text, who made it, what it holds, and what changed."""

from r2p_letters.signatures.models import SignedText

from ..helpers.signing import change_the_text, sign, url


def test_it_lists_each_version_with_its_hash_author_and_signatures(as_, open_sign_on, people):
    sign(open_sign_on, "First Signers")
    sign(open_sign_on, "Waiting Signers", confirm=False)
    change_the_text(open_sign_on.letter, people["editor"])
    sign(open_sign_on, "Second Signers")

    page = as_("owner").get(url("signed_texts", open_sign_on))

    assert page.status_code == 200
    first, second = SignedText.objects.order_by("number")
    assert first.content_hash in page.text and second.content_hash in page.text
    assert first.content_hash != second.content_hash
    summaries = {item.signed_text.number: (item.confirmed, item.pending) for item in page.context["signed_texts"]}
    assert summaries == {1: (1, 1), 2: (1, 0)}
    assert "editor" in page.text and "owner" in page.text  # who froze each version
    assert page.text.index("Version 2") < page.text.index("Version 1")
    assert f"{url('dashboard', open_sign_on)}?version=1" in page.text


def test_it_shows_what_changed_between_consecutive_versions(as_, open_sign_on, people):
    change_the_text(open_sign_on.letter, people["owner"], "Demand an immediate end to the siege of El Fasher, now.")
    change_the_text(open_sign_on.letter, people["owner"], "Demand an immediate end to the siege and open corridors.")

    page = as_("editor").get(url("signed_texts", open_sign_on))

    assert 'class="diff"' in page.text
    assert "What changed from version 1" in page.text
    assert "What changed from version 2" in page.text
    assert "Demand an immediate end to the <del>siege.</del><ins>siege of El Fasher, now.</ins>" in page.text
    assert "the siege <del>of</del><ins>and</ins> <del>El</del><ins>open</ins>" in page.text
    newest = page.context["signed_texts"][0]
    assert newest.signed_text.number == 3
    assert [label for label, _rows in newest.changes] == ["Asks"]


def test_the_first_version_has_nothing_to_compare(as_, open_sign_on):
    page = as_("owner").get(url("signed_texts", open_sign_on))

    assert [item.changes for item in page.context["signed_texts"]] == [[]]
    assert "<ins>" not in page.text


def test_only_organizers_see_the_versions(as_, open_sign_on):
    assert as_("viewer").get(url("signed_texts", open_sign_on)).status_code == 403
    assert as_("outsider").get(url("signed_texts", open_sign_on)).status_code == 404
    assert as_(None).get(url("signed_texts", open_sign_on)).status_code == 302
