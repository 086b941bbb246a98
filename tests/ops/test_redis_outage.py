"""Redis stops while partners sign: signatures go on being recorded, the rate limits still hold (each server
process counts for itself meanwhile), the outage is logged once, and the counting returns to Redis after it.

Real processes: gunicorn as deployed, on the test's PostgreSQL database, and a redis-server of the test's own,
killed and started again.
"""

import time

import pytest

from r2p_letters.lib.cache import RETRY_SECONDS
from r2p_letters.signatures.models import Signature

from ..helpers.http import Browser, signer
from .conftest import postgresql_only, sign

pytestmark = [postgresql_only, pytest.mark.slow]

LIMIT = 3  # signatures per hour from one address


def test_signatures_go_on_while_redis_is_down_and_the_limits_still_hold(app_servers, redis_server, open_sign_on):
    # One web process, so that the per-process limit of the outage is the limit itself.
    server = app_servers(workers=1, REDIS_URL=redis_server.url, SIGN_RATE_PER_IP=f"{LIMIT}/h")
    path = f"/letters/{open_sign_on.letter.slug}/sign/"

    assert sign(server.url, path, 1).status == 302
    assert redis_server.keys()  # counted in Redis

    redis_server.stop()
    during = [sign(server.url, path, n) for n in range(2, 2 + LIMIT + 1)]

    assert [answer.status for answer in during] == [302] * LIMIT + [429]
    refused = during[-1]
    assert "Too many signatures came from here" in refused.text
    assert signer(2 + LIMIT)["organization"] in refused.text  # the form keeps what was typed
    log = server.log()
    assert log.count("Redis cache unavailable") == 1, log
    assert "Traceback" not in log and "Internal Server Error" not in log

    redis_server.start()
    time.sleep(RETRY_SECONDS + 0.5)
    after = [sign(server.url, path, n) for n in range(10, 10 + LIMIT + 1)]

    # Counted in Redis again (restarted empty: it keeps nothing on disk), and shared by every process.
    assert [answer.status for answer in after] == [302] * LIMIT + [429]
    assert redis_server.keys()
    assert "Redis cache available again" in server.log()
    recorded = sorted(Signature.objects.values_list("organization", flat=True))
    assert recorded == sorted(signer(n)["organization"] for n in [1, *range(2, 2 + LIMIT), *range(10, 10 + LIMIT)])


def test_a_redis_that_hangs_costs_signers_at_most_a_moment(app_servers, redis_server, open_sign_on):
    server = app_servers(workers=1, REDIS_URL=redis_server.url)
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    browsers = [Browser(server.url) for _ in range(5)]
    tokens = [browser.open_form(path) for browser in browsers]

    redis_server.freeze()  # connections still open at the kernel, nothing answers
    try:
        timed = []
        for n, (browser, token) in enumerate(zip(browsers, tokens, strict=True)):
            started = time.monotonic()
            timed.append((browser.post(path, signer(n), token).status, time.monotonic() - started))
    finally:
        redis_server.thaw()

    assert [status for status, _seconds in timed] == [302] * 5
    assert max(seconds for _status, seconds in timed) < 5  # one wait of the socket timeout, then none
    assert Signature.objects.count() == 5
    assert server.log().count("Redis cache unavailable") == 1
