from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_EMAIL = "admin@example.org"
DEMO_PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create the demo administrator admin@example.org / admin (development only: refuses without DEBUG)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_admin only runs with DEBUG=1: it makes a well-known password.")
        User = get_user_model()
        if User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write(f"Demo administrator {DEMO_EMAIL} already exists.")
            return
        User.objects.create_superuser(email=DEMO_EMAIL, password=DEMO_PASSWORD)
        self.stdout.write(f"Created demo administrator {DEMO_EMAIL} (password: {DEMO_PASSWORD}).")
