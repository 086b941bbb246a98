"""What an organization's page and a section's form show of a letter's review: the co-lead requests and the
letters waiting for the organization's approval (organizations sit below letters and do not query them), and
whose approvals a save withdraws."""

from django import template
from django.db.models import Q
from django.utils.translation import gettext as _

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import co_lead_requests_for

register = template.Library()


@register.inclusion_tag("letters/_co_lead_requests.html")
def co_lead_requests(organization, membership):
    """The letters ``organization`` is invited to co-lead, with accept and decline buttons for who may answer."""
    return {"organization": organization, "requests": co_lead_requests_for(organization, membership)}


@register.inclusion_tag("letters/_awaiting_approval.html")
def awaiting_approval(organization):
    """The letters in review that ``organization`` leads or co-leads and has not approved yet (one query)."""
    letters = (
        Letter.objects.filter(Q(lead_organization=organization) | Q(co_leads=organization))
        .filter(status=Letter.Status.IN_REVIEW)
        .exclude(approvals__organization=organization)
        .distinct()
        .order_by("-updated_at")
        .only("slug", "title", "updated_at")
    )
    return {"organization": organization, "letters": letters}


def names_sentence(names: list[str]) -> str:
    """Names as one sentence: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


@register.inclusion_tag("letters/_approvals_notice.html")
def approvals_notice(letter):
    """Before a save: the organizations whose approvals it withdraws (none while nobody approved)."""
    names = [a.organization.name for a in letter.approvals.select_related("organization").order_by("approved_at")]
    return {"names": names_sentence(names)}
