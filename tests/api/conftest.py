"""An organization's letter open for signatures, and tokens of the API."""

import pytest
from django.test import Client

from r2p_letters.api.services import api_token_create
from r2p_letters.organizations.services import organization_create

from ..signatures.conftest import open_sign_on, ready_letter  # noqa: F401


@pytest.fixture
def token(ngo, people):
    """The text of a token of the letter's lead organization."""
    return api_token_create(organization=ngo, name="Our CRM", user=people["owner"])[1]


@pytest.fixture
def other_token(people):
    other = organization_create(user=people["outsider"], name="Another NGO", city="Paris", country="FR")
    return api_token_create(organization=other, name="Theirs", user=people["outsider"])[1]


@pytest.fixture
def api():
    """A client of the API with a token (or none)."""

    def client(token: str | None = None, **headers):
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return Client(headers=headers)

    return client
