"""The co-lead requests an organization's page lists: organizations sit below letters and do not query them."""

from django import template

from r2p_letters.letters.permissions import co_lead_requests_for

register = template.Library()


@register.inclusion_tag("letters/_co_lead_requests.html")
def co_lead_requests(organization, membership):
    """The letters ``organization`` is invited to co-lead, with accept and decline buttons for who may answer."""
    return {"organization": organization, "requests": co_lead_requests_for(organization, membership)}
