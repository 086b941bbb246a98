"""The pack page costs the same number of queries however much the letter's pack holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from r2p_letters.council.models import Delivery, PackAddressee
from r2p_letters.council.services import members_in

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)  # warm caches (content types, templates)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_is_constant_on_the_pack_page(ministers_letter, as_, pack_url, people):
    editor = as_("editor")
    empty = queries(editor, pack_url(ministers_letter))

    for member in members_in(2026):
        PackAddressee.objects.create(
            letter=ministers_letter,
            audience="ministers",
            country=member.country.code,
            name=f"Name {member.name}",
            title="Minister",
            salutation="Excellency,",
        )
    for day in range(1, 9):
        Delivery.objects.create(
            letter=ministers_letter,
            delivered_on=datetime.date(2026, 3, day),
            recipients="members",
            means="email",
            recorded_by=people["editor"],
        )
    full = queries(editor, pack_url(ministers_letter))

    assert full == empty
    assert empty <= 15
