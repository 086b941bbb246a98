"""The Security Council as letters address it: its members by year, its presidency by month, how each
member state is addressed, and when each letter was delivered."""

import pathlib
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from r2p_letters.lib.un_symbols import un_symbol_normalize

FIRST_YEAR = 1946


class CouncilMemberQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(first_year__lte=year).filter(
            models.Q(last_year__isnull=True) | models.Q(last_year__gte=year)
        )


class CouncilMember(models.Model):
    """A member state's seat on the Council: permanent, or an elected term from first_year to last_year."""

    country = CountryField(_("country"))
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("As the UN writes it in English, e.g. Viet Nam; sets the order of the presidency."),
    )
    name_in_sentence = models.CharField(
        _("name in a sentence"),
        max_length=160,
        blank=True,
        help_text=_("e.g. the Russian Federation. Leave empty to use the name."),
    )
    permanent = models.BooleanField(_("permanent member"), default=False)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Empty for the permanent members.")
    )

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        ordering = ["first_year", "name"]
        verbose_name = _("Council member")
        verbose_name_plural = _("Council members")
        constraints = [models.UniqueConstraint(fields=["country", "first_year"], name="council_member_term")]

    def __str__(self):
        if self.permanent:
            return f"{self.name} ({_('permanent')})"
        return f"{self.name} ({self.first_year}–{self.last_year})"

    @property
    def sentence_name(self) -> str:
        return self.name_in_sentence or self.name

    def clean(self):
        if self.last_year is None and not self.permanent:
            raise ValidationError({"last_year": _("An elected member's term has a last year.")}, code="no_end")
        if self.last_year is not None and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first.")}, code="order")


class Presidency(models.Model):
    """Which member presides over the Council in a month."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), choices=[(m, m) for m in range(1, 13)])
    member = models.ForeignKey(
        CouncilMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="presidencies"
    )
    representative = models.CharField(
        _("presiding Permanent Representative"),
        max_length=200,
        blank=True,
        help_text=_("As the UN's press releases name the President of the Council that month; empty if unknown."),
    )
    representative_source = models.URLField(
        _("source of the name"), max_length=500, blank=True, help_text=_("Where the name was checked.")
    )

    class Meta:
        ordering = ["year", "month"]
        verbose_name = _("presidency")
        verbose_name_plural = _("presidencies")
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="one_presidency_a_month")]

    def __str__(self):
        return f"{self.year}-{self.month:02d}: {self.member.name}"

    def clean(self):
        member = self.member if self.member_id else None
        if member and not (member.first_year <= self.year and (member.last_year or self.year) >= self.year):
            raise ValidationError(
                {"member": _("This member does not sit on the Council that year.")}, code="not_member"
            )


class Audience(models.TextChoices):
    MINISTERS = "ministers", _("Foreign Ministers")
    REPRESENTATIVES = "representatives", _("Permanent Representatives to the United Nations")


class AddresseeDefault(models.Model):
    """How letters address a member state unless a letter says otherwise; empty fields take the standard form."""

    country = CountryField(_("country"), unique=True)
    minister_name = models.CharField(_("Foreign Minister's name"), max_length=200, blank=True)
    minister_title = models.CharField(
        _("Foreign Minister's title"),
        max_length=300,
        blank=True,
        help_text=_("Empty: Minister for Foreign Affairs of <country>."),
    )
    representative_name = models.CharField(_("Permanent Representative's name"), max_length=200, blank=True)
    representative_title = models.CharField(
        _("Permanent Representative's title"),
        max_length=300,
        blank=True,
        help_text=_("Empty: Permanent Representative of <country> to the United Nations."),
    )
    salutation = models.CharField(_("salutation"), max_length=200, blank=True, help_text=_("Empty: Your Excellency,"))

    class Meta:
        ordering = ["country"]
        verbose_name = _("addressee default")
        verbose_name_plural = _("addressee defaults")

    def __str__(self):
        return str(self.country.name)

    def name_for(self, audience: str) -> str:
        return self.minister_name if audience == Audience.MINISTERS else self.representative_name

    def title_for(self, audience: str) -> str:
        return self.minister_title if audience == Audience.MINISTERS else self.representative_title


class PackAddressee(models.Model):
    """A letter's own name, title or salutation for one member state (empty fields take the defaults)."""

    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="pack_addressees")
    audience = models.CharField(_("addressed to"), max_length=20, choices=Audience.choices)
    country = CountryField(_("country"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    salutation = models.CharField(_("salutation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("addressee in a delivery pack")
        verbose_name_plural = _("addressees in delivery packs")
        constraints = [
            models.UniqueConstraint(fields=["letter", "audience", "country"], name="one_pack_addressee_per_country")
        ]

    def __str__(self):
        return f"{self.letter} → {self.country.name}"


class Delivery(models.Model):
    """The record that a letter was sent: when, to whom and how."""

    class Recipients(models.TextChoices):
        MEMBERS = "members", _("the 15 members of the Security Council")
        PRESIDENT = "president", _("the President of the Security Council")
        MEMBER = "member", _("one member state")

    class Means(models.TextChoices):
        EMAIL = "email", _("email")
        HAND = "hand", _("hand delivery")
        POST = "post", _("post")
        FAX = "fax", _("fax")
        PORTAL = "portal", _("the mission's online portal")

    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("delivered on"))
    recipients = models.CharField(_("to"), max_length=12, choices=Recipients.choices, default=Recipients.MEMBERS)
    country = CountryField(_("member state"), blank=True, help_text=_("When delivered to one member state."))
    means = models.CharField(_("by"), max_length=8, choices=Means.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "recorded_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.letter} → {self.recipients_label()} ({self.delivered_on})"

    def recipients_label(self) -> str:
        if self.recipients == self.Recipients.MEMBER and self.country:
            return str(self.country.name)
        return self.get_recipients_display()

    def delivered_line(self) -> str:
        """The public page's sentence: "Delivered to the 15 members of the Security Council on 3 March 2026"."""
        values = {"day": date_format(self.delivered_on, "j F Y"), "country": self.recipients_label()}
        # Whole sentences, so that each language can write the recipient with its own grammar.
        if self.recipients == self.Recipients.MEMBERS:
            return gettext("Delivered to the 15 members of the Security Council on %(day)s") % values
        if self.recipients == self.Recipients.PRESIDENT:
            return gettext("Delivered to the President of the Security Council on %(day)s") % values
        return gettext("Delivered to %(country)s on %(day)s") % values

    def log_line(self) -> str:
        """The delivery log's line: "3 March 2026: to the 15 members of the Security Council, by hand delivery"."""
        values = {
            "day": date_format(self.delivered_on, "j F Y"),
            "country": self.recipients_label(),
            "means": self.get_means_display(),
        }
        if self.recipients == self.Recipients.MEMBERS:
            return gettext("%(day)s: to the 15 members of the Security Council, by %(means)s") % values
        if self.recipients == self.Recipients.PRESIDENT:
            return gettext("%(day)s: to the President of the Security Council, by %(means)s") % values
        return gettext("%(day)s: to %(country)s, by %(means)s") % values


# -- the Council's calendar (issue 15): the decisions it must take, and the letters that aim at them --------------


class Decision(models.Model):
    """A decision the Council must take by a date: a mandate that expires (an operation or a mission, a sanctions
    regime's measures or its panel of experts), or a dated meeting. Each row says where it was checked, and when."""

    class Kind(models.TextChoices):
        MANDATE = "mandate", _("mandate of an operation or mission")
        MANDATE_ENDS = "mandate_ends", _("mandate that ends (not to be renewed)")
        SANCTIONS = "sanctions", _("sanctions measures")
        PANEL = "panel", _("panel of experts")
        MEETING = "meeting", _("meeting")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80, help_text=_("As letters write it: MINUSCA, the 2140 regime."))
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    country = CountryField(_("country concerned"), blank=True)
    resolution = models.CharField(
        _("resolution"),
        max_length=40,
        blank=True,
        help_text=_("The one that set the current mandate: S/RES/2800 (2025)."),
    )
    adopted_on = models.DateField(_("resolution adopted on"), null=True, blank=True)
    decides_on = models.DateField(
        _("decision date"), db_index=True, help_text=_("The day the mandate expires, or the meeting's date.")
    )
    source = models.URLField(
        _("source"), max_length=500, help_text=_("Where the resolution and the date were checked.")
    )
    checked_on = models.DateField(_("checked on"))
    verified = models.BooleanField(
        _("confirmed by the source"),
        default=True,
        help_text=_(
            'Unticked when the source does not say the date itself (e.g. "for one year"): the calendar says so.'
        ),
    )

    class Meta:
        ordering = ["decides_on", "name"]
        verbose_name = _("Council decision")
        verbose_name_plural = _("Council decisions")
        constraints = [models.UniqueConstraint(fields=["kind", "name", "decides_on"], name="one_decision_a_day")]

    def __str__(self):
        return f"{self.name} ({self.decides_on})"

    def ahead_line(self) -> str:
        """The letter page's sentence: "Ahead of the renewal of MINUSCA's mandate on 15 November 2026"."""
        values = {"name": self.name, "day": date_format(self.decides_on, "j F Y")}
        if self.kind == self.Kind.MANDATE:
            return gettext("Ahead of the renewal of %(name)s's mandate on %(day)s") % values
        if self.kind == self.Kind.MANDATE_ENDS:
            return gettext("Ahead of the end of %(name)s's mandate on %(day)s") % values
        if self.kind == self.Kind.SANCTIONS:
            return gettext("Ahead of the renewal of the %(name)s sanctions on %(day)s") % values
        if self.kind == self.Kind.PANEL:
            return gettext("Ahead of the renewal of the %(name)s panel of experts on %(day)s") % values
        return gettext("Ahead of the Council's meeting on %(name)s on %(day)s") % values


class LetterAim(models.Model):
    """The decision a letter aims at: its page says so, and its sign-on's deadline leaves time to deliver."""

    letter = models.OneToOneField("letters.Letter", on_delete=models.CASCADE, related_name="council_aim")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="aims")

    class Meta:
        verbose_name = _("decision a letter aims at")
        verbose_name_plural = _("decisions letters aim at")

    def __str__(self):
        return f"{self.letter} → {self.decision}"


class Holiday(models.Model):
    """An official holiday at United Nations Headquarters in New York: not a working day for delivering a letter."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    source = models.URLField(_("source"), max_length=500, help_text=_("The information circular (ST/IC/…) or a copy."))
    checked_on = models.DateField(_("checked on"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("UN Headquarters holiday")
        verbose_name_plural = _("UN Headquarters holidays")

    def __str__(self):
        return f"{self.day}: {self.name}"


# -- what came of a letter (issue 16, part 4): each member's answer, and the Council's outcome ---------------------


def response_file_path(entry, filename: str) -> str:
    """A name of our own under a private folder: nothing of the uploaded name reaches the disk."""
    return f"council-responses/{entry.letter_id}/{uuid.uuid4().hex}{pathlib.PurePath(filename).suffix.lower()}"


class MemberLogEntry(models.Model):
    """What one Council member did with the letter after it was sent: acknowledged it, met its signatories,
    answered (a note, or the answer's file). The sending itself is a ``Delivery``."""

    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("acknowledged receipt")
        MEETING = "meeting", _("meeting held")
        RESPONSE = "response", _("response received")

    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="member_log")
    country = CountryField(_("member state"))
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    happened_on = models.DateField(_("on"))
    note = models.TextField(_("note"), max_length=4000, blank=True)
    file = models.FileField(_("file"), upload_to=response_file_path, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    file_type = models.CharField(max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at"]
        verbose_name = _("member's log entry")
        verbose_name_plural = _("members' log entries")

    def __str__(self):
        return f"{self.letter} · {self.country.name} · {self.get_kind_display()} ({self.happened_on})"

    def log_line(self) -> str:
        """ "4 March 2026: acknowledged receipt"."""
        return gettext("%(day)s: %(what)s") % {
            "day": date_format(self.happened_on, "j F Y"),
            "what": self.get_kind_display(),
        }


# A Security Council resolution's symbol as un_symbols writes it: "S/RES/2810 (2026)".
RESOLUTION_SYMBOL = re.compile(r"^S/RES/\d+ \((?P<year>\d{4})\)$")
VOTES_ON_THE_COUNCIL = 15
VOTES_TO_ADOPT = 9  # Article 27 of the Charter: nine affirmative votes


class CouncilOutcome(models.Model):
    """What the Council decided: the resolution it adopted, its vote, and the calendar's decision it settles."""

    letter = models.OneToOneField("letters.Letter", on_delete=models.CASCADE, related_name="council_outcome")
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision in the calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    symbol = models.CharField(_("resolution"), max_length=40, help_text=_("Its symbol: S/RES/2810 (2026)."))
    adopted_on = models.DateField(_("adopted on"))
    votes_for = models.PositiveSmallIntegerField(_("in favour"))
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstaining = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    summary = models.TextField(_("what it decided"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Council's outcome")
        verbose_name_plural = _("Council's outcomes")

    def __str__(self):
        return f"{self.letter} → {self.symbol}"

    def clean(self):
        self.symbol = un_symbol_normalize(self.symbol or "")
        if not RESOLUTION_SYMBOL.match(self.symbol):
            raise ValidationError(
                {"symbol": _("Write the resolution's symbol with its year, e.g. S/RES/2810 (2026).")},
                code="not_a_resolution",
            )
        if self.adopted_on and int(RESOLUTION_SYMBOL.match(self.symbol)["year"]) != self.adopted_on.year:
            raise ValidationError(
                {"symbol": _("The year in the symbol is not the year it was adopted.")}, code="wrong_year"
            )
        votes = [self.votes_for, self.votes_against, self.votes_abstaining]
        if None in votes:
            return
        if sum(votes) > VOTES_ON_THE_COUNCIL:
            raise ValidationError(
                _("The Council has 15 members: %(total)s votes is too many.") % {"total": sum(votes)},
                code="too_many_votes",
            )
        if self.votes_for < VOTES_TO_ADOPT:
            raise ValidationError(
                {"votes_for": _("A resolution is adopted by at least 9 votes in favour.")}, code="not_adopted"
            )

    def vote_line(self) -> str:
        """ "13 in favour, 0 against, 2 abstentions", or "adopted unanimously"."""
        if self.votes_for == VOTES_ON_THE_COUNCIL:
            return gettext("adopted unanimously")
        return gettext("%(for)s in favour, %(against)s against, %(abstaining)s abstentions") % {
            "for": self.votes_for,
            "against": self.votes_against,
            "abstaining": self.votes_abstaining,
        }

    def outcome_line(self) -> str:
        """The letter page's sentence: "The Council adopted S/RES/2810 (2026) on 14 November 2026 (13 in favour,
        0 against, 2 abstentions)"."""
        return gettext("The Council adopted %(symbol)s on %(day)s (%(vote)s)") % {
            "symbol": self.symbol,
            "day": date_format(self.adopted_on, "j F Y"),
            "vote": self.vote_line(),
        }
