"""The coordinators' admin. It changes a letter's text only where the composer may, and through the same service
(``services.letter_edit``); the parts, listed across letters, and the signatures collected online are read-only."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from r2p_letters.lib.admin import ReadOnlyAdmin
from r2p_letters.lib.errors import StatusError
from r2p_letters.printing.sandbox import LetterRenderError, compile_template

from .models import Ask, Footnote, LegalBasis, LegalInstrument, Letter, LetterTemplate, Paragraph, Signatory
from .permissions import EDITABLE_STATUSES
from .sections import SECTIONS
from .services import instrument_update, instruments_verify, letter_edit, letter_refresh

# The letter's own fields that are part of its text (the composer's sections).
TEXT_FIELDS = [
    name for section in SECTIONS.values() if section.fields_form for name in section.fields_form._meta.fields
]

FROZEN_NOTE = _(
    "The text of a ready, closed or published letter is frozen: it is the text that was approved or signed."
)
# The composer's words (templates/letters/_open_letter_warning.html): the admin's save does the same.
OPEN_NOTE = _(
    "This letter is open for signatures. Saving a change to its text makes a new version: everyone who "
    "signed is emailed what changed and asked to confirm again."
)


def text_editable(letter: Letter | None) -> bool:
    """Whether the admin may change the letter's text: where its composer may (a new letter too)."""
    return letter is None or letter.status in EDITABLE_STATUSES


class TextInline(admin.TabularInline):
    """A part of the letter's text, saved with the letter through ``letter_edit``; read-only once it is frozen."""

    extra = 0

    def has_add_permission(self, request, obj):
        return text_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return text_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return text_editable(obj) and super().has_delete_permission(request, obj)


class ParagraphInline(TextInline):
    model = Paragraph


class AskInline(TextInline):
    model = Ask


class FootnoteInline(TextInline):
    model = Footnote


SIGNATORY_FIELDS = [
    "position",
    "role",
    "organization",
    "city",
    "country",
    "location",
    "person_name",
    "person_title",
    "signed_on",
    "source",
]


class SignatoryInline(TextInline):
    """The signatories the drafters entered or imported."""

    model = Signatory
    fields = SIGNATORY_FIELDS
    readonly_fields = ["source"]  # "online" is the sign-on's to give

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(source=Signatory.Source.ONLINE)


class OnlineSignatoryInline(admin.TabularInline):
    """Signatures collected online: the sign-on keeps these rows and its count in step (signatures/services.py)."""

    model = Signatory
    verbose_name_plural = _("Signed online")
    fields = readonly_fields = SIGNATORY_FIELDS
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).filter(source=Signatory.Source.ONLINE)

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LetterAdminForm(forms.ModelForm):
    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Letter.Status.OPEN and "status" in self.changed_data:
            raise forms.ValidationError(
                _("A letter is opened for signatures from its page, which starts its sign-on."),
                code="opened_by_sign_on",
            )
        return status


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    form = LetterAdminForm
    list_display = ["title", "date", "concerned_country", "language", "status", "signatory_count"]
    list_filter = ["status", "language", "template", ("date", admin.DateFieldListFilter)]
    search_fields = ["title", "slug", "issued_by", "search_text"]
    date_hierarchy = "date"
    raw_id_fields = ["derived_from"]
    inlines = [ParagraphInline, AskInline, FootnoteInline, SignatoryInline, OnlineSignatoryInline]
    fieldsets = [
        (None, {"fields": ["title", "no_headline", "slug", "language", "status", "template", "derived_from"]}),
        (
            _("Heading"),
            {
                "fields": [
                    *("issued_by", "place", "date", "date_line", "date_style"),
                    *("addressee", "salutation", "subject"),
                ]
            },
        ),
        (_("Situation"), {"fields": ["concerned_country", "concerned_region"]}),
        (_("Asks"), {"fields": ["asks_style"]}),
        (_("Ending"), {"fields": ["valediction", "signatories_heading"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signatory_total=Count("signatories"))

    @admin.display(description=_("signatories"), ordering="signatory_total")
    def signatory_count(self, obj):
        return obj.signatory_total

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        note = (
            FROZEN_NOTE
            if not text_editable(obj)
            else OPEN_NOTE
            if obj is not None and obj.status == Letter.Status.OPEN
            else None
        )
        return [(name, {**options, "description": note}), *others] if note else [(name, options), *others]

    def get_inlines(self, request, obj):
        online = obj is not None and hasattr(obj, "sign_on")
        return [inline for inline in self.inlines if online or inline is not OnlineSignatoryInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = [] if text_editable(obj) else list(TEXT_FIELDS)
        # A letter of an organization moves through review and its sign-on (letters and signatures services).
        if obj is not None and (obj.lead_organization_id or hasattr(obj, "sign_on")):
            readonly.append("status")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["title"]} if obj is None else {}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StatusError as error:  # the letter's text froze while the form was open: nothing was saved
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
        # A change is saved with its inlines, through the service, in save_related().

    def save_related(self, request, form, formsets, change):
        save_related = super().save_related
        if not change:
            save_related(request, form, formsets, change)
            letter_refresh(letter=form.instance)
            return

        def write():
            # The form's fields only: the counts of edits, the search text and the PDFs' key are the service's.
            letter = form.instance
            letter.save(
                update_fields=[*(f.name for f in letter._meta.concrete_fields if f.name in form.fields), "updated_at"]
            )
            save_related(request, form, formsets, change)

        letter_edit(letter=form.instance, write=write, author=request.user)


class ToCheckFilter(admin.SimpleListFilter):
    """The instruments an administrator has to check: unverified ones (drafters add them from the symbols their
    letters cite), those letters cite first."""

    title = _("checking")
    parameter_name = "to_check"

    def lookups(self, request, model_admin):
        return [
            ("cited", _("Unverified, cited by letters")),
            ("uncited", _("Unverified, cited by no letter")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "cited":
            return queryset.filter(verified=False, citations__isnull=False).distinct()
        if self.value() == "uncited":
            return queryset.filter(verified=False, citations__isnull=True)
        return queryset


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "kind", "adopted_on", "verified", "added_by", "cited_by"]
    list_filter = [ToCheckFilter, "kind", "verified"]
    list_select_related = ["added_by"]
    raw_id_fields = ["added_by"]
    search_fields = ["symbol", "title", "summary"]
    prepopulated_fields = {"slug": ["symbol"]}
    actions = ["mark_verified"]

    def get_queryset(self, request):
        # The letters citing each instrument, in one query for the whole page.
        citing = LegalBasis.objects.select_related("letter").only("instrument_id", "letter__title", "letter__slug")
        return super().get_queryset(request).prefetch_related(Prefetch("citations", queryset=citing))

    @admin.display(description=_("cited by"))
    def cited_by(self, instrument):
        letters = list({basis.letter_id: basis.letter for basis in instrument.citations.all()}.values())
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:letters_letter_change", args=[letter.pk]), Truncator(letter.title).chars(50))
                for letter in letters
            ),
        ) or format_html("{}", "—")

    @admin.action(description=_("Mark as checked against the official record"))
    def mark_verified(self, request, queryset):
        count = instruments_verify(instruments=list(queryset))
        message = ngettext("%(count)d instrument is now verified.", "%(count)d instruments are now verified.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        instrument_update(instrument=obj)  # letters print the symbol and title of what they cite


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["name", "slug", "description", "html", "css"]

    def clean_html(self):
        html = self.cleaned_data["html"]
        try:
            compile_template(html)
        except LetterRenderError as error:
            raise forms.ValidationError(error.describe(), code="template_syntax") from None
        return html


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    list_display = ["name", "slug", "is_builtin", "updated_at"]
    list_filter = ["is_builtin"]
    search_fields = ["name", "slug", "description"]

    def has_change_permission(self, request, obj=None):
        # Built-in templates come from the application's files: copy them instead.
        if obj is not None and obj.is_builtin:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_builtin:
            return False
        return super().has_delete_permission(request, obj)


class FoundAcrossLetters(ReadOnlyAdmin):
    """A list that finds parts across letters, read-only: a part is changed in its letter, whose save goes through
    the services (a revision, approvals withdrawn, a new signed text, the search text and the PDFs)."""

    list_select_related = ["letter"]

    def get_fieldsets(self, request, obj=None):
        return [
            (
                None,
                {
                    "fields": self.get_fields(request, obj),
                    "description": _("Read-only here: it is changed in its letter."),
                },
            )
        ]


@admin.register(Signatory)
class SignatoryAdmin(FoundAcrossLetters):
    """Every signature across letters: who signed what, from where, and how it came in."""

    list_display = ["__str__", "person_name", "role", "source", "signed_on", "letter"]
    list_filter = ["role", "source", "country"]
    search_fields = ["organization", "person_name", "person_title", "city", "location", "letter__title"]


@admin.register(LegalBasis)
class LegalBasisAdmin(FoundAcrossLetters):
    """Every citation of the catalogue, to see which letters invoke what (read from their text)."""

    list_display = ["instrument", "pinpoint", "letter"]
    list_filter = ["instrument__kind"]
    search_fields = ["instrument__symbol", "instrument__title", "pinpoint", "letter__title"]
    list_select_related = ["instrument", "letter"]


@admin.register(Paragraph, Ask, Footnote)
class LetterPartAdmin(FoundAcrossLetters):
    """Paragraphs, asks and footnotes are edited inside their letter; these lists find text across letters."""

    list_display = ["__str__", "position", "letter"]
    search_fields = ["text", "letter__title"]
