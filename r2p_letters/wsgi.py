"""WSGI entry point (gunicorn r2p_letters.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "r2p_letters.settings")
application = get_wsgi_application()
