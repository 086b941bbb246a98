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
