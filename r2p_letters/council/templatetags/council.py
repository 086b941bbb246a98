from django import template

from r2p_letters.council.models import CouncilOutcome

register = template.Library()


@register.simple_tag
def deliveries_of(letter):
    """The letter's delivery log, for its public page."""
    return list(letter.deliveries.all())


@register.simple_tag
def outcome_of(letter):
    """What the Council decided, if the letter's organizers recorded it, for its public page."""
    return CouncilOutcome.objects.filter(letter=letter).first()
