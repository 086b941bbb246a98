"""The checks before a letter goes out that need the Council's data: whether the member states its addressee
names sit on the Council in the letter's year, and preside over it in the letter's month. Registered with
letters' checks (letters/checks.py) in ``council/apps.py``."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from r2p_letters.letters.checks import ERROR, NOT_SENT, WARNING, Finding, says
from r2p_letters.lib.countries import countries_named_in
from r2p_letters.signatures.models import SignOn

from .services import members_in, president_in

# The Council, and its President, as an addressee or a salutation names them (folded, as checks.says reads).
COUNCIL = ("security council", "conseil de securite", "consejo de seguridad")
PRESIDENT = (
    "president of the security council", "president of the council", "president du conseil",
    "presidente del consejo", "presidence du conseil",
)  # fmt: skip


def addressee_checks(letter) -> Iterator[Finding]:
    """A member state the addressee names sits on the Council that year; one named as its President presides
    that month (checked only for the years and months the Council's data covers)."""
    addressed = f"{letter.addressee}\n{letter.salutation}"
    if not letter.date or not says(addressed, COUNCIL + PRESIDENT):
        return
    named = countries_named_in(addressed)
    if not named:
        return
    members = {m.country.code: m for m in members_in(letter.date.year)}
    values = {"year": letter.date.year}
    if members:
        for code in sorted(named - set(members)):
            yield Finding(
                "addressee-not-member",
                ERROR,
                "header",
                None,
                _("The addressee names %(country)s, which does not sit on the Security Council in %(year)s.")
                % {**values, "country": countries.name(code)},
            )
    if not says(addressed, PRESIDENT):
        return
    president = president_in(letter.date.year, letter.date.month)
    if president and president.country.code not in named and named & set(members):
        yield Finding(
            "president-not-presiding",
            ERROR,
            "header",
            None,
            _("The addressee names the President of the Security Council, but %(president)s presides in "
              "%(month)s, not %(named)s.")
            % {
                "president": president.sentence_name,
                "month": date_format(letter.date, "F Y"),
                "named": ", ".join(sorted(members[c].sentence_name for c in named & set(members))),
            },
        )  # fmt: skip


def aim_checks(letter) -> Iterator[Finding]:
    """The decision the letter aims at is still to come (while the letter is prepared), and its sign-on closes
    before it, in time to deliver (five working days in New York)."""
    from .calendar import letter_aim_of, sign_on_deadline_for  # noqa: PLC0415

    decision = letter_aim_of(letter)
    if decision is None or letter.status not in NOT_SENT:
        return
    values = {"decision": decision.ahead_line()}
    if decision.decides_on < timezone.localdate():
        yield Finding(
            "decision-past",
            ERROR,
            "header",
            None,
            _("The letter aims at a decision already past (%(decision)s): aim it at another on its page.") % values,
        )
        return
    sign_on = SignOn.objects.filter(letter=letter.original_letter).first()
    if sign_on is None:
        return
    closes = sign_on.local_deadline.date()
    values["day"] = date_format(sign_on_deadline_for(decision.decides_on), "j F Y")
    if closes >= decision.decides_on:
        yield Finding(
            "sign-on-after-decision",
            ERROR,
            "signatories",
            None,
            _("The sign-on closes after the decision it aims at (%(decision)s): close it by %(day)s.") % values,
        )
    elif closes > sign_on_deadline_for(decision.decides_on):
        yield Finding(
            "sign-on-deadline-tight",
            WARNING,
            "signatories",
            None,
            _("The sign-on closes less than five working days before the decision (%(decision)s): the letter may "
              "arrive too late. Close it by %(day)s.") % values,
        )  # fmt: skip
