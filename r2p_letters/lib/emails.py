"""Every email the application sends: one small function each, over a subject/text/HTML template trio.

Emails about signatures and accounts are queued (Django's tasks framework, database backend) in the
transaction that causes them, and sent by the worker (`manage.py email_worker`, see ``lib/worker.py``): a
signature is never committed without its email, and no request waits on the mail server. How many emails
people may make the application send is decided in ``email_limits``.

A queued email is one row of the task table, whatever happens to it: the worker tries it again
with backoff until it is sent or given up (then the row is FAILED, and ``could_not_be_sent`` finds
it). Its Message-ID comes from the row's id, the same on every attempt, so a copy sent twice (a
worker killed between the mail server's answer and the record of it) is one message to the mail
servers and programs that receive it.
"""

import re
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db.models import Exists, OuterRef, Subquery
from django.tasks import TaskContext, TaskResultStatus, task
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks_db.models import DBTaskResult

ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# The status of a queued email that was given up.
GIVEN_UP = TaskResultStatus.FAILED


def message(name: str, to: str, context: dict, *, message_id: str | None = None) -> EmailMultiAlternatives:
    """The email rendered from templates/emails/<name>-subject.txt, -body.txt and -body.html, to ``to``."""
    context = {**context, "site_url": settings.SITE_URL}
    # Lines joined on ASCII white space only: French keeps its no-break space before ":" in a subject.
    subject = ASCII_SPACE.sub(" ", render_to_string(f"emails/{name}-subject.txt", context)).strip()
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    email = EmailMultiAlternatives(subject, text, to=[to], headers={"Message-ID": message_id} if message_id else None)
    email.attach_alternative(html, "text/html")
    return email


def send(name: str, to: str, context: dict) -> None:
    """Render and send at once (for the few emails sent from the request, not queued)."""
    message(name, to, context).send()


def message_id(queued_id: str) -> str:
    """The Message-ID of the queued email ``queued_id``: the same on every attempt to send it."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or DNS_NAME.get_fqdn()
    return f"<{queued_id}@{domain}>"


def queued_message(row: DBTaskResult) -> EmailMultiAlternatives:
    """The email a queued row holds, rendered in its recipient's language, with its stable Message-ID."""
    name, to, context, language = row.args_kwargs["args"]
    with translation.override(language):
        return message(name, to, context, message_id=message_id(str(row.id)))


@task(takes_context=True)
def deliver(context: TaskContext, name: str, to: str, data: dict, language: str) -> None:
    """One queued email, when a plain `db_worker` runs it (`email_worker` sends these in batches instead)."""
    with translation.override(language):
        message(name, to, data, message_id=message_id(context.task_result.id)).send()


DELIVER = deliver.module_path


def queue(name: str, to: str, context: dict, *, language: str, run_after=None) -> str:
    """Queue an email (``context`` plain JSON data) in the current transaction; the worker sends it (not before
    ``run_after``, when given: a paced mailing).

    Returns its id, for ``could_not_be_sent``.
    """
    queued = deliver.using(run_after=run_after) if run_after is not None else deliver
    return queued.enqueue(name, to, context, language).id


def could_not_be_sent(field: str) -> Exists:
    """A condition on a model that keeps a queued email's id in ``field``: that email was given up."""
    return Exists(DBTaskResult.objects.filter(pk=OuterRef(field), task_path=DELIVER, status=GIVEN_UP))


def was_sent(field: str) -> Exists:
    """A condition on a model that keeps a queued email's id in ``field``: the mail server took that email."""
    return Exists(
        DBTaskResult.objects.filter(pk=OuterRef(field), task_path=DELIVER, status=TaskResultStatus.SUCCESSFUL)
    )


def last_error(field: str) -> Subquery:
    """The last error of the queued email whose id is in ``field`` (its traceback), for an annotation."""
    return Subquery(DBTaskResult.objects.filter(pk=OuterRef(field), task_path=DELIVER).values("traceback")[:1])


def invitation(to: str, context: dict) -> None:
    send("invitation", to, context)


def forget(address: str) -> int:
    """Delete every queued or sent email to ``address`` (its row holds the address and what it said), but one a
    worker is sending right now; how many. For the erasure of a person's data."""
    if not address:
        return 0
    rows = DBTaskResult.objects.filter(task_path=DELIVER, args_kwargs__args__1__iexact=address).exclude(
        status=TaskResultStatus.RUNNING
    )
    return rows.delete()[0]
