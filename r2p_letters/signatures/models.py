"""Sign-on campaigns: a letter open for signatures, the texts signed (its frozen versions), the signatures and
invitations."""

import secrets
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.templatetags.tz import do_timezone
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from r2p_letters.letters.models import Letter, Signatory, Visibility, named_for


def new_short_code() -> str:
    return secrets.token_urlsafe(6)


def new_link_nonce() -> str:
    return secrets.token_urlsafe(12)


class SignOn(models.Model):
    """A letter open for co-signatures until a deadline, with the rules the organizers chose."""

    class Signers(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Organizations")
        INDIVIDUALS = "individuals", _("Individuals")
        BOTH = "both", _("Organizations and individuals")

    class Order(models.TextChoices):
        ALPHABETICAL = "alphabetical", _("Alphabetical")
        COUNTRY = "country", _("By country")
        DATE_SIGNED = "date", _("By date signed")

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="sign_on")
    short_code = models.CharField(_("short link"), max_length=16, unique=True, default=new_short_code)
    deadline = models.DateTimeField(_("deadline"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    signers = models.CharField(_("who may sign"), max_length=16, choices=Signers.choices, default=Signers.ORGANIZATIONS)
    moderated = models.BooleanField(
        _("moderated"),
        default=False,
        help_text=_("Signatures show only once an organizer approves them."),
    )
    list_public = models.BooleanField(
        _("public list of signatories"),
        default=True,
        help_text=_("Show who signed while the sign-on runs (the count always shows)."),
    )
    order = models.CharField(
        _("order of signatories"),
        max_length=16,
        choices=Order.choices,
        default=Order.ALPHABETICAL,
        help_text=_(
            "Of the signatures collected online, the leads first. They print after the signatories the drafters "
            "entered, which keep the drafters' order."
        ),
    )
    count_earlier_versions = models.BooleanField(
        _("count signatures of earlier versions"),
        default=True,
        help_text=_(
            "When the text changes, signatories of an earlier version are asked to confirm again. "
            "Until they do, their signatures count only if this is on."
        ),
    )
    current_text = models.ForeignKey(
        "SignedText", verbose_name=_("current version"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Signatures that print (confirmed, approved where moderated, of a counted version): kept by the
    # services in the same transaction as each change, so pages never count rows.
    shown_count = models.PositiveIntegerField(_("signatures shown"), default=0, editable=False)
    # Signatures erased at their signers' request after the letter was delivered: the Council received them,
    # so the delivery record still counts them, without a name.
    erased_after_delivery = models.PositiveIntegerField(
        _("signatures erased after delivery"), default=0, editable=False
    )
    privacy_notice = models.TextField(
        _("your organization's privacy notice"),
        blank=True,
        max_length=5000,
        help_text=_(
            "Shown on the sign page and on the privacy page for this letter, under ours: who you are, what you "
            "do with the signers' details, how to reach you. Plain text."
        ),
    )

    class Meta:
        verbose_name = _("sign-on")
        verbose_name_plural = _("sign-ons")

    def __str__(self):
        return str(self.letter)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.now() < self.deadline

    @property
    def local_deadline(self):
        """The deadline in the time zone it was set in, on every page and in every email: templates show it as it
        is (the ``timezone`` filter's value), not converted again to the site's zone."""
        return do_timezone(self.deadline, self.time_zone)

    def short_url(self) -> str:
        return reverse("signatures:short", args=[self.short_code])

    def contact_erasure_at(self, last_delivered_on=None) -> datetime | None:
        """When the signers' contact details are erased: CONTACT_RETENTION_DAYS after the later of the
        sign-on's closing and the letter's last delivery (``last_delivered_on``, a date, the end of that day in
        the sign-on's time zone). None while the sign-on is open and the letter not delivered."""
        ends = []
        if self.closed_at is not None or self.deadline <= timezone.now():
            ends.append(self.closed_at or self.deadline)
        if last_delivered_on is not None:
            day_after = last_delivered_on + timedelta(days=1)
            ends.append(datetime.combine(day_after, time.min, tzinfo=ZoneInfo(self.time_zone)))
        if not ends:
            return None
        return max(ends) + timedelta(days=settings.CONTACT_RETENTION_DAYS)

    def local_contact_erasure_at(self, last_delivered_on=None):
        """``contact_erasure_at`` in the sign-on's time zone, for pages."""
        at = self.contact_erasure_at(last_delivered_on)
        return do_timezone(at, self.time_zone) if at else None

    def accepts(self, kind: str) -> bool:
        return (
            self.signers == self.Signers.BOTH
            or self.signers
            == {
                Signature.Kind.ORGANIZATION: self.Signers.ORGANIZATIONS,
                Signature.Kind.INDIVIDUAL: self.Signers.INDIVIDUALS,
            }[kind]
        )


class SignedText(models.Model):
    """The text of a letter as it was when people signed it: every section, and a hash of it. Users call it a
    version of the text ("version 2"); its number counts from 1 per letter."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signed_texts")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["letter", "number"], name="one_signed_text_per_number")]
        verbose_name = _("letter version")
        verbose_name_plural = _("letter versions")

    def __str__(self):
        return f"{self.letter} v{self.number}"


# The statuses of a signature that keep its organization's name: a rejected or withdrawn one leaves the name to
# whoever signs for that organization next; a merged one stands for the signature it was merged into.
HOLDS_NAME = ("pending", "confirmed", "merged")


class Signature(models.Model):
    """One organization or person co-signing a letter, confirmed by email."""

    # The capacity one signs in: for an organization, or as a person (any organization named for
    # identification only).
    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("On behalf of an organization")
        INDIVIDUAL = "individual", _("In a personal capacity")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MERGED = "merged", _("Merged into another")

    sign_on = models.ForeignKey(SignOn, on_delete=models.CASCADE, related_name="signatures")
    signed_text = models.ForeignKey(
        SignedText, verbose_name=_("version signed"), on_delete=models.PROTECT, related_name="signatures"
    )
    kind = models.CharField(_("signing as"), max_length=16, choices=Kind.choices, default=Kind.ORGANIZATION)
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    # The organization's name folded (case, accents, punctuation, spaces, look-alike letters): one signature per
    # organization among those that hold its name (HOLDS_NAME).
    organization_key = models.CharField(max_length=300, blank=True, editable=False)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    person_name = models.CharField(_("name"), max_length=200)
    person_title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    email_key = models.CharField(max_length=254, editable=False)
    show_name = models.BooleanField(_("print the signer's name"), default=False)
    display_name = models.CharField(
        _("name as printed"),
        max_length=300,
        blank=True,
        help_text=_("Only when the name should print differently from how it was typed."),
    )
    display_place = models.CharField(_("place as printed"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    is_lead = models.BooleanField(_("lead signatory"), default=False)
    is_late = models.BooleanField(_("late"), default=False, help_text=_("Added after the sign-on closed."))
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # The signer's own choice, unticked by default: only these signers hear from the lead organization after
    # signing (the report back on what came of the letter).
    may_contact = models.BooleanField(_("may be contacted by the lead organization"), default=False)
    # Signing for an organization: the signer says they may (the sign form requires it).
    authorized = models.BooleanField(_("authorized to sign for the organization"), default=False)
    # Who may read the signer's name (letters.models.named_for decides for each audience).
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    share_with_co_leads = models.BooleanField(_("name shared with the co-lead organizations"), default=False)
    # The consent record: the notice shown on the sign form (its version, in the signer's language) and the
    # choices made with it, as they were when the signer signed (a correction later changes the fields above,
    # not this record).
    notice = models.ForeignKey(
        "SigningNotice",
        verbose_name=_("notice shown"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    choices = models.JSONField(_("choices made when signing"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # When the retention run erased the contact details (email, IP hash, and a name not printed).
    contact_erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A keyed hash of the client address, never the address itself.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    signatory = models.OneToOneField(
        Signatory, null=True, blank=True, on_delete=models.SET_NULL, related_name="signature", editable=False
    )
    # The last confirmation email queued to the signer (its id in the queue, lib.emails): the
    # organizers' dashboard lists the signatures whose confirmation email could not be sent.
    confirmation_email = models.UUIDField(null=True, blank=True, editable=False)
    # In every link emailed for this signature: a new one for each signing act (signing again after a
    # withdrawal, another email address), so the links of an earlier act open nothing.
    link_nonce = models.CharField(max_length=32, default=new_link_nonce, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("model", "signature")
        verbose_name_plural = pgettext_lazy("model", "signatures")
        constraints = [
            models.UniqueConstraint(fields=["sign_on", "email_key"], name="one_signature_per_email"),
            models.UniqueConstraint(
                fields=["sign_on", "organization_key"],
                condition=~models.Q(organization_key="") & models.Q(status__in=HOLDS_NAME),
                name="one_signature_per_organization",
            ),
        ]

    def __str__(self):
        return self.organization or self.person_name

    @property
    def printed_name(self) -> str:
        return self.display_name or self.organization or self.person_name

    def is_shared_with(self, *, lead: bool) -> bool:
        """Whether an organizer sees who signed: the lead organization's always; a co-lead organization's only when
        the signer chose to share their name with the co-leads (``share_with_co_leads``)."""
        return lead or self.share_with_co_leads

    def is_named_for(self, audience: str) -> bool:
        return named_for(self.visibility, audience)


class SigningNotice(models.Model):
    """The notice a signer reads and agrees to on the sign form, versioned, one text per language. A signature
    keeps the one it was given: a new text is a new version, never an edit of one that was shown."""

    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        ordering = ["-version", "language"]
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="one_notice_per_version_language")]
        verbose_name = _("signing notice")
        verbose_name_plural = _("signing notices")

    def __str__(self):
        return f"v{self.version} ({self.language})"

    @classmethod
    def current(cls, language: str) -> "SigningNotice | None":
        """The latest notice in ``language``, else in English (None before any is published)."""
        notices = cls.objects.filter(published_at__lte=timezone.now())
        return notices.filter(language=language.split("-")[0]).first() or notices.filter(language="en").first()


class SignOnInvitation(models.Model):
    """A personal invitation to co-sign, tracked from sent to signed or declined."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        OPENED = "opened", _("Opened")
        SIGNED = "signed", _("Signed")
        DECLINED = "declined", _("Declined")

    sign_on = models.ForeignKey(SignOn, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"), max_length=254)
    email_key = models.CharField(max_length=254, editable=False)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["email_key"]
        constraints = [models.UniqueConstraint(fields=["sign_on", "email_key"], name="one_invitation_per_email")]
        verbose_name = _("invitation to sign")
        verbose_name_plural = _("invitations to sign")

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("signatures:invited", args=[self.token])


class ReportBack(models.Model):
    """What came of the letter, written once by its organizers and emailed once to each signer who agreed to be
    contacted: one per sign-on (the unique sign-on makes a second send, even a concurrent one, fail)."""

    sign_on = models.OneToOneField(SignOn, on_delete=models.CASCADE, related_name="report_back")
    message = models.TextField(_("what happened"), max_length=5000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("report back to signers")
        verbose_name_plural = _("reports back to signers")

    def __str__(self):
        return str(self.sign_on)


class ReportBackEmail(models.Model):
    """The report's email to one signer: its id in the queue, to count what was sent and what could not be."""

    report = models.ForeignKey(ReportBack, on_delete=models.CASCADE, related_name="emails")
    # Kept when the signature is erased: the count stays, the person does not.
    signature = models.ForeignKey(Signature, null=True, on_delete=models.SET_NULL, related_name="+")
    queued_email = models.UUIDField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "signature"], name="one_report_email_per_signature")]

    def __str__(self):
        return f"{self.report} → {self.queued_email}"


class Erasure(models.Model):
    """That a signature was erased at its signer's request, and how the request came: no personal data."""

    class Source(models.TextChoices):
        SIGNER = "signer", _("by the signer, from the link in their email")
        ORGANIZER = "organizer", _("recorded by an organizer")

    sign_on = models.ForeignKey(SignOn, on_delete=models.CASCADE, related_name="erasures")
    source = models.CharField(_("requested"), max_length=10, choices=Source.choices)
    note = models.TextField(_("how the request came"), blank=True, max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    after_delivery = models.BooleanField(_("after the letter was delivered"), default=False)
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"{self.sign_on} {self.erased_at:%Y-%m-%d}"


# How old the signature count that public pages (and the embed counter) show may be, in seconds.
COUNT_MAX_AGE = 30


def signature_count_cached(sign_on_id: int) -> int:
    """The number of signatures a sign-on shows, read from the cache (at most COUNT_MAX_AGE seconds old): the
    public pages' cache and the embed counter read it, so a busy page costs no COUNT(*) and no query per view."""
    key = f"sign-on-count:{sign_on_id}"
    count = cache.get(key)
    if count is None:
        count = SignOn.objects.filter(pk=sign_on_id).values_list("shown_count", flat=True).first() or 0
        cache.set(key, count, COUNT_MAX_AGE)
    return count
