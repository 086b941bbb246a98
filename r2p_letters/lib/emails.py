"""Every email the application sends: one small function each, over a subject/text/HTML template trio.

Emails about signatures and accounts are queued (Django's tasks framework, database backend) in the
transaction that causes them, and sent by the worker (`manage.py db_worker`): a signature is never
committed without its email, and no request waits on the mail server. How many emails people may make
the application send is decided in ``email_limits``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


def send(name: str, to: str, context: dict) -> None:
    """Render templates/emails/<name>-subject.txt, -body.txt and -body.html, and send them to ``to``."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


@task
def deliver(name: str, to: str, context: dict, language: str) -> None:
    """The worker's side of ``queue``: render in the recipient's language and send."""
    with translation.override(language):
        send(name, to, context)


def queue(name: str, to: str, context: dict, *, language: str) -> None:
    """Queue an email (``context`` plain JSON data) in the current transaction; the worker sends it."""
    deliver.enqueue(name, to, context, language)


def invitation(to: str, context: dict) -> None:
    send("invitation", to, context)


def co_lead_invitation(to: str, context: dict) -> None:
    send("co-lead-invitation", to, context)
