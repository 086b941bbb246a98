from django import template

from r2p_letters.signatures.models import ReportBack
from r2p_letters.signatures.services import report_back_counts, report_back_recipients

register = template.Library()


@register.simple_tag
def report_back_of(sign_on):
    """For the dashboard: the report back and its counts once sent, else how many signers would get it."""
    report = ReportBack.objects.filter(sign_on=sign_on).first()
    if report is None:
        return {"report": None, "count": report_back_recipients(sign_on).count()}
    return {"report": report, "counts": report_back_counts(report)}
