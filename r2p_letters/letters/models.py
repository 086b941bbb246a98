"""A structured letter to the Security Council, the catalogue it cites, and its templates."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from r2p_letters.lib.countries import country_name
from r2p_letters.printing.layouts import AsksStyle, DateStyle, Layout
from r2p_letters.printing.lines import citation, signatory_line, signatory_name, signatory_place


class LegalInstrument(models.Model):
    """An instrument letters invoke: a Charter provision, a resolution, a treaty, a report."""

    class Kind(models.TextChoices):
        CHARTER = "charter", _("Charter provision")
        SC_RESOLUTION = "sc_resolution", _("Security Council resolution")
        GA_RESOLUTION = "ga_resolution", _("General Assembly resolution")
        TREATY = "treaty", _("Treaty")
        REPORT = "report", _("Report or statement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    symbol = models.CharField(
        _("symbol"), max_length=80, unique=True, help_text=_("e.g. S/RES/1674 (2006) or A/RES/60/1")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("date"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    url = models.URLField(_("official link"), blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the official record. Instruments drafters add are unverified until checked."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # How the catalogue lists kinds: the Charter, treaties, the Council, the Assembly, reports.
    KIND_ORDER = [Kind.CHARTER, Kind.TREATY, Kind.SC_RESOLUTION, Kind.GA_RESOLUTION, Kind.REPORT]

    class Meta:
        ordering = ["kind", "adopted_on", "symbol"]
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("letters:instrument", args=[self.slug])

    @classmethod
    def search(cls, words: str):
        """Instruments whose symbol, title or summary hold every word."""
        found = cls.objects.all()
        for word in words.split()[:10]:
            found = found.filter(
                models.Q(symbol__icontains=word) | models.Q(title__icontains=word) | models.Q(summary__icontains=word)
            )
        return found

    @classmethod
    def kind_order(cls) -> models.Case:
        return models.Case(
            *(models.When(kind=kind, then=i) for i, kind in enumerate(cls.KIND_ORDER)),
            output_field=models.IntegerField(),
        )


class LetterTemplateQuerySet(models.QuerySet):
    def usable_by(self, organization):
        """The templates the organization chooses from: the built-in ones and its own."""
        own = models.Q(organization=organization) if organization else models.Q(pk__in=[])
        return self.filter(models.Q(is_builtin=True) | own).order_by("-is_builtin", "name")

    def default(self) -> "LetterTemplate | None":
        """The built-in template a letter prints with when its own may not be used (None if none is installed)."""
        builtins = self.filter(is_builtin=True)
        return builtins.filter(slug=LetterTemplate.DEFAULT_SLUG).first() or builtins.order_by("name").first()


class LetterTemplate(models.Model):
    """A Jinja2 document (HTML and print CSS) a letter is rendered with, on screen and in PDF."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    html = models.TextField(_("HTML (Jinja2)"))
    css = models.TextField(_("print CSS"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_templates",
        help_text=_("The organization whose house style it is; empty for built-in templates."),
    )
    is_builtin = models.BooleanField(
        _("built in"),
        default=False,
        help_text=_("Built-in templates ship with the application and are refreshed from its files."),
    )
    # The built-in template a house style was copied from: a letter that may not print with the house style
    # (reused by another organization) prints with it instead.
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        limit_choices_to={"is_builtin": True},
    )
    layout = models.CharField(
        _("Word layout"),
        max_length=20,
        choices=Layout.choices,
        default=Layout.OPEN_LETTER,
        help_text=_("Where the DOCX puts the title and the date; a copy keeps the layout of its template."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LetterTemplateQuerySet.as_manager()

    DEFAULT_SLUG = "open-letter-security-council"

    class Meta:
        ordering = ["name"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self):
        return self.name

    def is_usable_by(self, organization_ids) -> bool:
        """Whether a letter of these organizations may print with this template: any but another organization's
        (built-in templates, and those staff make in the admin, belong to none). Another organization can
        still edit its template, so it must never render, and read, their letters."""
        return self.organization_id is None or self.organization_id in set(organization_ids)

    def for_organizations(self, organization_ids) -> "LetterTemplate | None":
        """The template a letter of these organizations prints with when it asks for this one: this one if they
        may use it, else the built-in one it was copied from, else the default one (None if none is installed)."""
        if self.is_usable_by(organization_ids):
            return self
        return self.copied_from or LetterTemplate.objects.default()


# Names a letter's group of language versions: its original's id, or its own for an original.
GROUP = Cast(Coalesce("original", "id"), models.BigIntegerField())


class LetterQuerySet(models.QuerySet):
    def public(self):
        """Letters anyone may read: open for signatures, closed or published (not drafts in the making)."""
        return self.filter(Letter.public_q())

    def visible_to(self, user):
        """Public letters, plus the drafts of the organizations the user belongs to (staff see all)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if not user.is_authenticated:
            return self.public()
        mine = Letter.objects.filter(
            models.Q(lead_organization__memberships__user=user) | models.Q(co_leads__memberships__user=user)
        ).values("pk")
        # A subquery, not joins: joins would multiply rows and inflate counts annotated later.
        return self.filter(Letter.public_q() | models.Q(pk__in=mine))

    def listed_for(self, user):
        """The letters the library and the legal catalogue list for ``user``: the originals visible to them (a
        letter's translations are listed on its page)."""
        return self.visible_to(user).filter(original__isnull=True)

    def print_changed(self, **fields) -> int:
        """Record that what these letters print changed where saving the letter does not show it (their parts,
        signatures collected online): their cached PDFs are then made again. ``fields`` are updated with it.

        Called by letters/services.py only (``letter_refresh``, ``letter_print_changed``), which every write
        goes through."""
        return self.update(print_version=models.F("print_version") + 1, **fields)

    def with_everything(self):
        """Prefetch what rendering a letter needs, in a constant number of queries."""
        return self.select_related(
            "template", "derived_from", "lead_organization", "sign_on", "original__sign_on"
        ).prefetch_related(
            "paragraphs",
            "asks",
            "legal_bases__instrument",
            "footnotes",
            "signatories",
            "co_leads",
            # An online signatory's signature says whether it came late (printed in an annex).
            "signatories__signature",
            # A translation prints its original's signatories (parallel versions).
            "original__signatories",
            "original__signatories__signature",
        )


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        READY = "ready", _("Ready")
        OPEN = "open", _("Open for signatures")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.PUBLISHED)

    title = models.CharField(_("title"), max_length=300)
    # Negative, so that a form or a file that leaves it out keeps the headline.
    no_headline = models.BooleanField(
        _("the letter has no headline"),
        default=False,
        help_text=_("Tick it for a letter that starts without a headline: the title then only names the letter here."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LETTER_LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    issued_by = models.CharField(
        _("issued by"),
        max_length=300,
        blank=True,
        help_text=_("The organization or coalition that publishes the letter."),
    )
    place = models.CharField(
        _("place"), max_length=120, blank=True, help_text=_("Place of the date line, e.g. New York.")
    )
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    date_line = models.CharField(
        _("date as printed"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty to print the date in the letter's language."),
    )
    date_style = models.CharField(
        _("English date style"),
        max_length=16,
        choices=DateStyle.choices,
        default=DateStyle.DAY_MONTH_YEAR,
        help_text=_("How a letter in English writes its date; other languages write it their own way."),
    )
    addressee = models.TextField(
        _("addressee"),
        max_length=1000,
        blank=True,
        help_text=_("One line per line, e.g. Members of the United Nations Security Council."),
    )
    salutation = models.CharField(
        _("salutation"), max_length=200, blank=True, help_text=_("e.g. Excellency, or Dear Minister,")
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    concerned_country = CountryField(_("country concerned"), blank=True, db_index=True)
    concerned_region = models.CharField(_("region concerned"), max_length=120, blank=True)
    valediction = models.CharField(_("valediction"), max_length=120, blank=True, default="Sincerely,")
    asks_style = models.CharField(
        _("asks printed as"), max_length=10, choices=AsksStyle.choices, default=AsksStyle.NUMBERED
    )
    signatories_heading = models.CharField(
        _("heading above the signatories"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Signatories, or Signed by. Leave it empty for no heading."),
    )
    print_references = models.BooleanField(
        _("print a references annex"),
        default=False,
        help_text=_("After the signatories, an annex lists every document the letter cites, with its title and date."),
    )
    template = models.ForeignKey(
        LetterTemplate, verbose_name=_("letter template"), on_delete=models.PROTECT, related_name="letters"
    )
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("made from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derivatives",
    )
    # Parallel versions: a translation points at the original (never at another translation); the
    # original and its translations form a group with one version per language, one authoritative.
    original = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translations",
    )
    is_authoritative = models.BooleanField(
        _("authoritative text"),
        default=True,
        help_text=_("The version whose text prevails; exactly one per letter and its translations."),
    )
    lead_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("lead organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_letters",
        help_text=_("Its members draft the letter. Empty for letters imported into the library."),
    )
    # Only organizations that accepted an invitation (CoLeadInvitation): whatever reads co_leads (access, letterhead,
    # approvals) never sees one that was merely invited.
    co_leads = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("co-lead organizations"), blank=True, related_name="co_led_letters"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # How many times each section was saved, for optimistic locking: {"header": 3, "asks": 1}.
    section_edits = models.JSONField(default=dict, blank=True, editable=False)
    # Accent- and case-folded text of every section, kept by services.letter_refresh().
    search_text = models.TextField(editable=False, blank=True)
    # Bumped by LetterQuerySet.print_changed(); part of the PDF cache key (printing/pdf_cache.py).
    print_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            # A group is the original and its translations: Coalesce(original, id) names it. The cast types
            # the NULLs of an unsaved letter when Django validates the constraint (else PostgreSQL refuses it).
            models.UniqueConstraint(GROUP, "language", name="one_version_per_language"),
            models.UniqueConstraint(GROUP, condition=models.Q(is_authoritative=True), name="one_authoritative_version"),
            models.CheckConstraint(condition=~models.Q(original=models.F("id")), name="not_its_own_translation"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("letters:detail", args=[self.slug])

    @staticmethod
    def public_q() -> models.Q:
        """Public letters; a translation is public once ready, if its original is public."""
        return models.Q(status__in=Letter.PUBLIC_STATUSES) | models.Q(
            original__status__in=Letter.PUBLIC_STATUSES, status=Letter.Status.READY
        )

    @property
    def is_public(self) -> bool:
        return Letter.public_status(self.status, self.original.status if self.original_id else None)

    @staticmethod
    def public_status(status: str, original_status: str | None) -> bool:
        """The rule of public_q() for one letter, given its status and its original's (None for an original)."""
        if status in Letter.PUBLIC_STATUSES:
            return True
        return original_status in Letter.PUBLIC_STATUSES and status == Letter.Status.READY

    @property
    def original_letter(self) -> "Letter":
        """The original of this letter's versions (itself unless a translation): it holds the signatories
        and the sign-on of every version."""
        return self.original if self.original_id else self

    def language_versions(self) -> models.QuerySet:
        """Every version of the letter (the original and its translations), this one included."""
        group = self.original_id or self.pk
        return Letter.objects.filter(models.Q(pk=group) | models.Q(original_id=group))

    def paragraphs_of(self, section: str) -> list["Paragraph"]:
        return [p for p in self.paragraphs.all() if p.section == section]

    def organization_ids(self) -> list[int]:
        """The lead organization's id, then the co-leads', each once (prefetched by ``with_everything()``), read
        without the lead organization's row."""
        lead = [self.lead_organization_id] if self.lead_organization_id else []
        return lead + [o.pk for o in self.co_leads.all() if o.pk != self.lead_organization_id]

    def lead_organizations(self) -> list:
        """The organizations of ``organization_ids()``, in its order: who approves the letter, and whose
        letterheads print on it."""
        rows = {o.pk: o for o in self.co_leads.all()}
        if self.lead_organization_id:
            rows[self.lead_organization_id] = self.lead_organization
        return [rows[pk] for pk in self.organization_ids()]

    @property
    def template_is_usable(self) -> bool:
        """Whether the letter may print with its template (checked on every render: its organizations change)."""
        return self.template.is_usable_by(self.organization_ids())

    def printed_template(self) -> LetterTemplate | None:
        """The template the letter prints with: its own when usable, else the built-in one it was copied from."""
        return self.template.for_organizations(self.organization_ids())


class Paragraph(models.Model):
    """A paragraph of narrative text in one section of a letter."""

    class Section(models.TextChoices):
        OPENING = "opening", _("Opening")
        SITUATION = "situation", _("Situation")
        CLOSING = "closing", _("Closing")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), max_length=10_000)

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self):
        return self.text[:80]


class Ask(models.Model):
    """A concrete demand of the letter: what the Council must do, and by when."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="asks")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), max_length=10_000)
    by_when = models.CharField(_("by when"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ask")
        verbose_name_plural = _("asks")

    def __str__(self):
        return self.text[:80]


class LegalBasis(models.Model):
    """An instrument the letter's text cites, at a pinpoint: read from its paragraphs and asks on every write
    (letters/citations.py), never typed apart. The words that invoke it are the paragraph's."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="legal_bases")
    instrument = models.ForeignKey(
        LegalInstrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="citations"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    pinpoint = models.CharField(_("pinpoint"), max_length=120, blank=True, help_text=_("e.g. paras 138–139"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal basis")

    def __str__(self):
        return self.citation

    @property
    def citation(self) -> str:
        """ "S/RES/1674 (2006), para. 4", punctuated as the active language writes it."""
        return citation(self.instrument.symbol, self.pinpoint)


class Footnote(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="footnotes")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), max_length=2000)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")

    def __str__(self):
        return self.text[:80]


# The one rule a signatory keeps: the database's constraint and every form that takes signatories say it so.
NAMELESS_SIGNATORY = _("A signatory needs an organization or a person's name.")


class Visibility(models.TextChoices):
    """How far a signatory's name goes, as the signer chose it (the count always includes them)."""

    PUBLIC = "public", _("Public: named on the letter's page and in its PDF")
    COUNCIL = "council", _("Named only in the copy delivered to the Security Council")
    COUNTED = "counted", _("Counted only: never named")


class Audience(models.TextChoices):
    """Who reads a list of signatories: each sees the names ``named_for`` allows it."""

    # The letter's page, its PDF and exports, the library, embeds and the public API: anyone.
    PUBLIC = "public", _("Everyone")
    # The copies of the delivery pack, as the Council's members receive them.
    COUNCIL = "council", _("The Security Council")
    # The letter's organizations on their own pages (dashboard, CSV): they see who signed.
    ORGANIZERS = "organizers", _("The organizers")


# The one rule of who sees a name: each audience and the visibilities it names. Everything that prints or
# shows a signatory asks ``named_for``; the count of those it may not name is printed instead.
NAMED_VISIBILITIES = {
    Audience.PUBLIC: frozenset({Visibility.PUBLIC}),
    Audience.COUNCIL: frozenset({Visibility.PUBLIC, Visibility.COUNCIL}),
    Audience.ORGANIZERS: frozenset(Visibility.values),
}


def named_for(visibility: str, audience: str) -> bool:
    """Whether ``audience`` may read the name of a signatory of ``visibility`` (an unknown audience: none
    but the public's)."""
    return visibility in NAMED_VISIBILITIES.get(audience, NAMED_VISIBILITIES[Audience.PUBLIC])


class Signatory(models.Model):
    """An organization or a person who signs a letter."""

    class Capacity(models.TextChoices):
        ORGANIZATION = "organization", _("On behalf of the organization")
        PERSONAL = "personal", _("In a personal capacity (organization for identification only)")

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COSIGNER = "cosigner", _("Co-signer")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by the drafters")
        ONLINE = "online", _("Signed online")
        IMPORTED = "imported", _("Imported")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatories")
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    location = models.CharField(
        _("place as printed"),
        max_length=200,
        blank=True,
        help_text=_("Only when city and country cannot say it, e.g. Kampala, Uganda; New York, USA."),
    )
    person_name = models.CharField(_("person's name"), max_length=200, blank=True)
    person_title = models.CharField(_("person's title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.COSIGNER)
    position = models.PositiveIntegerField(_("display order"), default=0)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    source = models.CharField(_("how it came in"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    # Blank for the signatories the drafters entered: only a personal capacity changes how the line prints.
    capacity = models.CharField(_("capacity"), max_length=12, choices=Capacity.choices, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)

    class Meta:
        # The order the drafters gave (signatures collected online print after them: printing/context.py).
        ordering = ["position", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organization="", person_name=""),
                name="signatory_names_someone",
                violation_error_message=NAMELESS_SIGNATORY,
            ),
        ]

    def __str__(self):
        return self.display_line

    @property
    def place(self) -> str:
        """Where the signatory is, as printed: "Kampala, Uganda" or the printed override, the country by the UN's
        short name in the active language (the letter's, when it prints)."""
        language = get_language() or settings.LANGUAGE_CODE  # none is active in commands and tasks
        country = country_name(self.country.code, language) if self.country else ""
        return signatory_place(city=self.city, country=country, location=self.location)

    @property
    def display_line(self) -> str:
        """The line as the letter prints it: "Organization (City, Country)", "Name, Title, Organization (City)"."""
        name = signatory_name(
            organization=self.organization, person_name=self.person_name, person_title=self.person_title
        )
        return signatory_line(name=name, place=self.place, for_identification=self.for_identification)

    @property
    def for_identification(self) -> bool:
        """A person signing in a personal capacity, named with an organization that does not sign."""
        return self.capacity == self.Capacity.PERSONAL and bool(self.organization and self.person_name)

    def is_named_for(self, audience: str) -> bool:
        return named_for(self.visibility, audience)


class Revision(models.Model):
    """One save of one section of a letter: who, when, which save of the section it was, and its content after it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="revisions")
    section = models.CharField(_("section"), max_length=20)
    # The section's count of edits after this save (Letter.section_edits): 1 for its first save.
    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "section", "number"], name="one_revision_per_section_number")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.letter} · {self.section} v{self.number}"


class Approval(models.Model):
    """A lead or co-lead organization approving the text of a letter in review."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="approvals")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["letter", "organization"], name="one_approval_per_organization")]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self):
        return f"{self.organization} approved {self.letter}"


class CoLeadInvitation(models.Model):
    """An organization asked to co-lead a letter and its language versions.

    It co-leads (``Letter.co_leads``: read, edit, print its letterhead, approve) only once one of its owners or
    editors accepted; until then it has no part in the letter. One invitation per letter and organization.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    # The original of the letter's language versions: an invitation is to co-lead every version.
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="co_lead_invitations")
    # No reverse accessor: organizations, a lower layer, knows nothing of letters.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "organization"], name="one_co_lead_invitation_per_organization")
        ]
        verbose_name = _("co-lead invitation")
        verbose_name_plural = _("co-lead invitations")

    def __str__(self):
        return f"{self.organization} → {self.letter} ({self.get_status_display()})"
