from django import template

from r2p_letters.council.calendar import letter_aim_of, sign_on_deadline_for

register = template.Library()


@register.simple_tag
def aim_of(letter):
    """The Council decision the letter aims at (None if none), for its page."""
    return letter_aim_of(letter)


@register.filter
def sign_on_deadline(decision):
    return sign_on_deadline_for(decision.decides_on)
