"""The checks before a letter goes out, for the composer's list and the summary before "Send for review"
(included templates, so that the composer's own pages need one line each)."""

from django import template

from r2p_letters.letters.checks import letter_checks

register = template.Library()


@register.simple_tag
def letter_findings(letter) -> list:
    """The letter's findings (letters/checks.py), computed once per page however many templates show them."""
    if not hasattr(letter, "_findings"):
        letter._findings = letter_checks(letter)
    return letter._findings


@register.filter
def errors_of(findings) -> list:
    return [finding for finding in findings if finding.is_error]


@register.filter
def warnings_of(findings) -> list:
    return [finding for finding in findings if not finding.is_error]
