"""The cast: a lead NGO's owner, editor and viewer, an outsider, an anonymous visitor."""

import pytest
from django.test import Client

from r2p_letters.organizations.models import Membership, Role
from r2p_letters.organizations.services import organization_create


@pytest.fixture
def people(django_user_model):
    def person(email):
        return django_user_model.objects.create_user(email=email, password="pw-12345!x", full_name=email.split("@")[0])

    return {name: person(f"{name}@example.org") for name in ("owner", "editor", "viewer", "outsider")}


@pytest.fixture
def ngo(people):
    organization = organization_create(user=people["owner"], name="Global Centre for R2P", city="New York",
                                       country="US")
    Membership.objects.create(organization=organization, user=people["editor"], role=Role.EDITOR)
    Membership.objects.create(organization=organization, user=people["viewer"], role=Role.VIEWER)
    return organization


@pytest.fixture
def as_(people):
    """A logged-in client for one of the cast; as_(None) is an anonymous visitor."""
    def client_for(name):
        client = Client()
        if name:
            client.force_login(people[name])
        return client

    return client_for
