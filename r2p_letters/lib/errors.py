"""Errors that more than one app raises or handles."""


class StatusError(Exception):
    """A status change that the letter's state does not allow; the message is for the user."""
