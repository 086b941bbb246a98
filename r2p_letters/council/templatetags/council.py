from django import template

register = template.Library()


@register.simple_tag
def deliveries_of(letter):
    """The letter's delivery log, for its public page."""
    return list(letter.deliveries.all())
