"""Every email the application sends: one small function each, over a subject/text/HTML template trio."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(name: str, to: str, context: dict) -> None:
    """Render templates/emails/<name>-subject.txt, -body.txt and -body.html, and send them to ``to``."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def verify_email(to: str, context: dict) -> None:
    send("verify-email", to, context)


def invitation(to: str, context: dict) -> None:
    send("invitation", to, context)
