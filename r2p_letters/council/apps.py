from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "r2p_letters.council"
    verbose_name = _("Security Council")

    def ready(self):
        # The checks read the Council's models, which are loaded only once the apps are ready.
        from r2p_letters.letters.checks import on_letter_checks  # noqa: PLC0415
        from r2p_letters.letters.hooks import on_sign_on_close_suggested  # noqa: PLC0415

        from .calendar import sign_on_close_suggested  # noqa: PLC0415
        from .checks import addressee_checks, aim_checks  # noqa: PLC0415
        from .system_checks import check_calendar_fresh  # noqa: PLC0415

        # The addressee is checked against the Council of the letter's month (letters/checks.py).
        on_letter_checks(addressee_checks)
        on_letter_checks(aim_checks)
        # Reminders to invited partners come before the close the letter's aim suggests (signatures/services.py).
        on_sign_on_close_suggested(sign_on_close_suggested)
        checks.register(check_calendar_fresh, checks.Tags.database)
