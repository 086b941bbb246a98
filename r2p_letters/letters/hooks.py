"""What the apps built on letters do when a letter changes, without letters importing them.

Letters is a lower layer: the sign-ons (``signatures``) depend on it, never the other way round. When the text
of a letter that is open for signatures changes, the sign-on must record a new signed version and ask its
signatories to confirm again; ``signatures.apps`` registers that reaction here at start-up. The hook is
called inside the transaction of the save that changed the text, so the reaction commits or rolls back with it.
"""

from collections.abc import Callable

_open_letter_text_changed: list[Callable] = []


def on_open_letter_text_changed(receiver: Callable) -> Callable:
    """Register ``receiver(*, letter, author)``, called after the text of an open letter changed."""
    if receiver not in _open_letter_text_changed:
        _open_letter_text_changed.append(receiver)
    return receiver


def open_letter_text_changed(*, letter, author) -> None:
    """Announce that the text of ``letter`` (open for signatures) changed, saved by ``author``."""
    for receiver in _open_letter_text_changed:
        receiver(letter=letter, author=author)


_open_letter_recipients: list[Callable] = []


def on_open_letter_recipients(receiver: Callable) -> Callable:
    """Register ``receiver(*, letter) -> int``: how many people a change to the open letter's text would email."""
    if receiver not in _open_letter_recipients:
        _open_letter_recipients.append(receiver)
    return receiver


def open_letter_recipients(*, letter) -> int:
    """How many people saving a change to the text of ``letter`` (open for signatures) emails (0 when not open)."""
    if letter.status != "open":
        return 0
    return sum(receiver(letter=letter) for receiver in _open_letter_recipients)


_sign_on_close_suggested: list[Callable] = []


def on_sign_on_close_suggested(receiver: Callable) -> Callable:
    """Register ``receiver(*, letter) -> datetime | None``: when the letter's sign-on should close at the latest to
    leave time to deliver (``council`` answers for a letter aiming at a Council decision)."""
    if receiver not in _sign_on_close_suggested:
        _sign_on_close_suggested.append(receiver)
    return receiver


def sign_on_close_suggested(*, letter):
    """The earliest close suggested for the sign-on of ``letter``, or None when nothing suggests one."""
    closes = [close for receiver in _sign_on_close_suggested if (close := receiver(letter=letter))]
    return min(closes, default=None)


# -- events the apps above announce (webhooks listen) ----------------------------------------------------

# The events a letter's organizations may follow from outside (webhooks); the names are part of the API.
SIGNATURE_CONFIRMED = "signature.confirmed"
SIGNATURE_WITHDRAWN = "signature.withdrawn"
SIGN_ON_OPENED = "sign_on.opened"
SIGN_ON_CLOSED = "sign_on.closed"
LETTER_DELIVERED = "letter.delivered"
EVENTS = [SIGNATURE_CONFIRMED, SIGNATURE_WITHDRAWN, SIGN_ON_OPENED, SIGN_ON_CLOSED, LETTER_DELIVERED]

_letter_events: list[Callable] = []


def on_letter_event(receiver: Callable) -> Callable:
    """Register ``receiver(*, event, letter, subject)``, called inside the transaction of the write that caused
    ``event`` (one of EVENTS): what it writes commits or rolls back with that write."""
    if receiver not in _letter_events:
        _letter_events.append(receiver)
    return receiver


def letter_event(*, event: str, letter, subject) -> None:
    """Announce ``event`` about ``letter``; ``subject`` is the row it is about (a signature, a sign-on, a delivery)."""
    for receiver in _letter_events:
        receiver(event=event, letter=letter, subject=subject)
