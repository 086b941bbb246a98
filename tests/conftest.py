"""Fixtures shared by every test: the example library, a cast of users and organizations, a letter factory."""

import os
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import examples_load, letter_templates_sync_builtin
from r2p_letters.organizations.models import Membership, Role
from r2p_letters.organizations.services import organization_create

from .factories import LetterFactory
from .helpers.smtp import SmtpSink


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, a test database in a file, not in memory: the live server's threads then each get their own
    connection, as in production, instead of sharing one (where a preview's rolled-back transaction could
    take a save made at the same moment with it)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tempfile.mkdtemp(prefix="r2p-test-db-")
        database.setdefault("TEST", {})["NAME"] = os.path.join(folder, "test.sqlite3")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Passwords hash with a fast algorithm in tests: the real one takes a second on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in French leaves French active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with empty rate-limit counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads (logos) go to the test's own folder, never to the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def pdf_cache_dir(settings, tmp_path):
    """Each test keeps its PDFs in its own folder: none is served from another test's cache."""
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    return settings.PDF_CACHE_DIR


@pytest.fixture
def run_worker(transactional_db):
    """Run the queued tasks (emails, deadlines) with the real database worker, as `make run` runs it; returns
    the sent emails.

    The worker closes the database connection between tasks, as it must in production: tests that
    use it run outside a test transaction.
    """

    def run():
        call_command("email_worker", batch=True, threads=1, verbosity=0)
        return mail.outbox

    return run


@pytest.fixture
def examples(db):
    """The shipped catalogue, templates and the three seed letters, as `make run` loads them."""
    examples_load()
    return {letter.slug: letter for letter in Letter.objects.with_everything()}


@pytest.fixture
def builtin_templates(db):
    return {t.slug: t for t in letter_templates_sync_builtin()}


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(email="coordinator@example.org", password="pw-12345!")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def make_letter(builtin_templates):
    def make(**kwargs):
        kwargs.setdefault("template", builtin_templates["open-letter-security-council"])
        return LetterFactory(**kwargs)

    return make


@pytest.fixture
def people(django_user_model):
    def person(email):
        return django_user_model.objects.create_user(email=email, password="pw-12345!x", full_name=email.split("@")[0])

    return {name: person(f"{name}@example.org") for name in ("owner", "editor", "viewer", "outsider")}


@pytest.fixture
def ngo(people):
    organization = organization_create(
        user=people["owner"], name="Global Centre for R2P", city="New York", country="US"
    )
    Membership.objects.create(organization=organization, user=people["editor"], role=Role.EDITOR)
    Membership.objects.create(organization=organization, user=people["viewer"], role=Role.VIEWER)
    return organization


@pytest.fixture
def as_(people):
    """A logged-in client for one of the cast; as_(None) is an anonymous visitor."""

    def client_for(name):
        client = Client()
        if name:
            client.force_login(people[name])
        return client

    return client_for


@pytest.fixture
def co_lead(people, django_user_model):
    """A co-signing NGO that co-leads some letters, with one editor."""
    co_editor = django_user_model.objects.create_user(email="co-editor@example.org", password="pw-12345!x")
    people["co_editor"] = co_editor
    return organization_create(
        user=co_editor, name="Ligue centrafricaine des droits de l'homme", city="Bangui", country="CF"
    )


@pytest.fixture
def listener():
    """A local HTTP server that records every request (none must arrive); it answers with a redirect to a
    local file, in case a fetcher followed it."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()


@pytest.fixture
def smtp_sink():
    """A real SMTP server on a free port of this machine, keeping what it accepts (tests/helpers/smtp.py)."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def send_to_sink(settings, smtp_sink):
    """Emails sent from this process go to ``smtp_sink`` by SMTP, as in production."""
    settings.MAILERS = smtp_sink.mailer()
    return smtp_sink
