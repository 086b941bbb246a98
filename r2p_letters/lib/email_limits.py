"""How many emails people may make the application send: one definition for every place that emails on request.

A request that sends email takes its emails from budgets before anything is written or queued: the
user who sends and their organization (invitations), the client address (requests anyone may make:
sign-up, password reset, a new confirmation link) and each recipient address (one email each, whoever
asks). Each budget is a rate from the settings (``EMAIL_RATE_PER_*``, "count/period" as in
django-ratelimit: ``300/d``, ``5/h``, ``20/15m``) counted in fixed windows in the cache (Redis in
production, shared by every server process). A request that would overdraw one budget takes nothing
from any and sends nothing; ``EmailLimitReached`` says which budget and when it renews.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .throttling import keyed_hash, wait_text

SETTINGS = {
    "user": "EMAIL_RATE_PER_USER",
    "organization": "EMAIL_RATE_PER_ORGANIZATION",
    "client": "EMAIL_RATE_PER_CLIENT",
    "address": "EMAIL_RATE_PER_ADDRESS",
}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def of(cls, scope: str) -> Rate:
        """The rate the settings give ``scope``."""
        text = getattr(settings, SETTINGS[scope])
        match = RATE.match(text)
        if not match:
            raise ImproperlyConfigured(f"{SETTINGS[scope]} must read like 300/d or 20/15m, not {text!r}.")
        count, multiple, period = match.groups()
        return cls(int(count), int(multiple or 1) * PERIODS[period])


@dataclass
class _Charge:
    scope: str
    key: str
    amount: int
    rate: Rate
    window_end: int
    label: str = ""
    total: int = 0


class EmailLimitReached(Exception):
    """Sending would overdraw a budget: nothing was sent, nothing counted. ``message`` is for the person."""

    def __init__(self, *, scope: str, count: int, left: int, retry_after: int, addresses: list[str]):
        self.scope, self.count, self.left, self.retry_after, self.addresses = scope, count, left, retry_after, addresses
        super().__init__(f"email limit reached: {scope}, retry after {retry_after} s")

    @property
    def message(self) -> str:
        wait = wait_text(self.retry_after)
        if self.scope == "user" and not self.left:
            return _(
                "You have sent as many emails as you can for now. Nothing was sent: please try again in %(wait)s."
            ) % {"wait": wait}
        if self.scope == "organization" and not self.left:
            return _(
                "Your organization has sent as many emails as it can for now. Nothing was sent: please try "
                "again in %(wait)s."
            ) % {"wait": wait}
        if self.scope == "user":
            return ngettext(
                "You can send %(left)s more email for now, and this would send %(count)s. Nothing was sent: "
                "send fewer, or try again in %(wait)s.",
                "You can send %(left)s more emails for now, and this would send %(count)s. Nothing was sent: "
                "send fewer, or try again in %(wait)s.",
                self.left,
            ) % {"left": self.left, "count": self.count, "wait": wait}
        if self.scope == "organization":
            return ngettext(
                "Your organization can send %(left)s more email for now, and this would send %(count)s. Nothing "
                "was sent: send fewer, or try again in %(wait)s.",
                "Your organization can send %(left)s more emails for now, and this would send %(count)s. Nothing "
                "was sent: send fewer, or try again in %(wait)s.",
                self.left,
            ) % {"left": self.left, "count": self.count, "wait": wait}
        if self.scope == "client":
            return _(
                "Too many emails were asked for from your network in a short time. Nothing was sent: please "
                "try again in %(wait)s."
            ) % {"wait": wait}
        return ngettext(
            "Too many emails went to %(addresses)s in a short time. Nothing was sent: remove this address, or "
            "try again in %(wait)s.",
            "Too many emails went to these addresses in a short time: %(addresses)s. Nothing was sent: remove "
            "them, or try again in %(wait)s.",
            len(self.addresses),
        ) % {"addresses": ", ".join(self.addresses[:10]) + (" …" if len(self.addresses) > 10 else ""), "wait": wait}


def _charge(scope: str, value: str, amount: int, now: int, label: str = "") -> _Charge:
    rate = Rate.of(scope)
    start = now - now % rate.seconds
    key = f"email-limit:{scope}:{rate.count}/{rate.seconds}:{keyed_hash('email-limit-' + scope, value)}:{start}"
    return _Charge(scope, key, amount, rate, start + rate.seconds, label)


def _add(charge: _Charge) -> int:
    cache.add(charge.key, 0, timeout=charge.rate.seconds + 60)
    try:
        return cache.incr(charge.key, charge.amount)
    except ValueError:  # the window's counter expired between the two calls
        cache.add(charge.key, charge.amount, timeout=charge.rate.seconds + 60)
        return charge.amount


def emails_reserve(
    *, count: int = 1, user=None, organization=None, client: str | None = None, addresses: Iterable[str] = ()
) -> None:
    """Take ``count`` emails from the sender's budgets and one from each recipient's, or raise
    ``EmailLimitReached`` having taken nothing."""
    now = int(time.time())
    charges = []
    if user is not None:
        charges.append(_charge("user", str(user.pk), count, now))
    if organization is not None:
        charges.append(_charge("organization", str(organization.pk), count, now))
    if client is not None:
        charges.append(_charge("client", client, count, now))
    charges += [_charge("address", address.strip().lower(), 1, now, label=address) for address in addresses]
    # Counted first and given back on refusal: two requests racing for the last emails cannot both win.
    for charge in charges:
        charge.total = _add(charge)
    over = [charge for charge in charges if charge.total > charge.rate.count]
    if not over:
        return
    for charge in charges:
        try:
            cache.decr(charge.key, charge.amount)
        except ValueError:  # expired meanwhile: nothing left to give back
            pass
    first = over[0]
    raise EmailLimitReached(
        scope=first.scope,
        count=count,
        left=max(0, first.rate.count - (first.total - first.amount)),
        retry_after=max(charge.window_end for charge in over if charge.scope == first.scope) - now,
        addresses=[charge.label for charge in over if charge.scope == "address"],
    )
