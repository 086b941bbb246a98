"""Owners change roles and remove members; anyone may leave, except the last owner."""

import pytest
from django.urls import reverse

from r2p_letters.organizations.models import Membership, Role


def member(ngo, people, name) -> Membership:
    return ngo.memberships.get(user=people[name])


def role_url(ngo, membership):
    return reverse("organizations:member_role", args=[ngo.slug, membership.pk])


def remove_url(ngo, membership):
    return reverse("organizations:member_remove", args=[ngo.slug, membership.pk])


def test_an_owner_changes_a_role(as_, ngo, people):
    as_("owner").post(role_url(ngo, member(ngo, people, "viewer")), {"role": "editor"})

    assert member(ngo, people, "viewer").role == Role.EDITOR


def test_the_last_owner_can_neither_leave_nor_step_down(as_, ngo, people):
    owner = member(ngo, people, "owner")

    left = as_("owner").post(remove_url(ngo, owner), follow=True)
    as_("owner").post(role_url(ngo, owner), {"role": "editor"})

    assert "needs an owner" in left.content.decode()
    assert member(ngo, people, "owner").role == Role.OWNER


def test_with_a_second_owner_the_first_may_leave(as_, ngo, people):
    as_("owner").post(role_url(ngo, member(ngo, people, "editor")), {"role": "owner"})

    as_("owner").post(remove_url(ngo, member(ngo, people, "owner")))

    assert not ngo.memberships.filter(user=people["owner"]).exists()


def test_an_editor_leaves_but_cannot_remove_others(as_, ngo, people):
    response = as_("editor").post(remove_url(ngo, member(ngo, people, "viewer")))
    assert response.status_code == 404

    as_("editor").post(remove_url(ngo, member(ngo, people, "editor")))
    assert not ngo.memberships.filter(user=people["editor"]).exists()


def test_an_owner_removes_a_member(as_, ngo, people):
    as_("owner").post(remove_url(ngo, member(ngo, people, "viewer")))

    assert not ngo.memberships.filter(user=people["viewer"]).exists()


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_only_owners_change_roles_or_edit(as_, ngo, people, who):
    assert as_(who).post(role_url(ngo, member(ngo, people, "viewer")), {"role": "owner"}).status_code == 403
    assert as_(who).get(reverse("organizations:edit", args=[ngo.slug])).status_code == 403
    assert member(ngo, people, "viewer").role == Role.VIEWER


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_members_see_the_organization_and_outsiders_do_not(as_, ngo, who, status):
    assert as_(who).get(ngo.get_absolute_url()).status_code == status


def test_a_tampered_role_or_member_id_is_refused(as_, ngo, people, django_user_model):
    other = django_user_model.objects.create_user(email="x@example.org", password="pw-12345!x")
    from r2p_letters.organizations.services import organization_create

    elsewhere = organization_create(user=other, name="Another NGO")

    assert as_("owner").post(role_url(ngo, elsewhere.memberships.get()), {"role": "viewer"}).status_code == 404
    as_("owner").post(role_url(ngo, member(ngo, people, "viewer")), {"role": "emperor"})
    assert member(ngo, people, "viewer").role == Role.VIEWER
    assert elsewhere.memberships.get().role == Role.OWNER


def test_anonymous_visitors_are_asked_to_log_in(as_, ngo):
    response = as_(None).get(ngo.get_absolute_url())

    assert response.status_code == 302
