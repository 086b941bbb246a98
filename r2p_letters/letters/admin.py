from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from r2p_letters.printing.sandbox import LetterRenderError, compile_template

from .models import Ask, Footnote, LegalBasis, LegalInstrument, Letter, LetterTemplate, Paragraph, Signatory
from .services import letter_index


class ChangesPrintedLetter:
    """Parts edited here on their own change what their letter prints: its cached PDFs are made again."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Letter.objects.filter(pk=obj.letter_id).print_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Letter.objects.filter(pk=obj.letter_id).print_changed()

    def delete_queryset(self, request, queryset):
        letters = list(queryset.values_list("letter_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        Letter.objects.filter(pk__in=letters).print_changed()


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0


class AskInline(admin.TabularInline):
    model = Ask
    extra = 0


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0
    autocomplete_fields = ["instrument"]


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["position", "role", "organization", "city", "country", "location", "person_name",
              "person_title", "signed_on", "source"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "concerned_country", "language", "status", "signatory_count"]
    list_filter = ["status", "language", "template", ("date", admin.DateFieldListFilter)]
    search_fields = ["title", "slug", "issued_by", "search_text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
    raw_id_fields = ["derived_from"]
    inlines = [ParagraphInline, AskInline, LegalBasisInline, FootnoteInline, SignatoryInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "status", "template", "derived_from"]}),
        (_("Heading"), {"fields": ["issued_by", "place", "date", "date_line", "addressee",
                                    "salutation", "subject"]}),
        (_("Situation"), {"fields": ["concerned_country", "concerned_region"]}),
        (_("Ending"), {"fields": ["valediction"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signatory_total=Count("signatories"))

    @admin.display(description=_("signatories"), ordering="signatory_total")
    def signatory_count(self, obj):
        return obj.signatory_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        letter_index(letter=form.instance)
        Letter.objects.filter(pk=form.instance.pk).print_changed()  # inlines save after the letter


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "kind", "adopted_on", "verified", "added_by"]
    list_filter = ["kind", "verified"]
    raw_id_fields = ["added_by"]
    search_fields = ["symbol", "title", "summary"]
    prepopulated_fields = {"slug": ["symbol"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Letters print the symbol and title of what they cite.
        Letter.objects.filter(legal_bases__instrument=obj).print_changed()


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


@admin.register(Signatory)
class SignatoryAdmin(ChangesPrintedLetter, admin.ModelAdmin):
    """Every signature across letters: who signed what, from where, and how it came in."""

    list_display = ["__str__", "person_name", "role", "source", "signed_on", "letter"]
    list_filter = ["role", "source", "country"]
    search_fields = ["organization", "person_name", "person_title", "city", "location", "letter__title"]
    list_select_related = ["letter"]
    raw_id_fields = ["letter"]


@admin.register(LegalBasis)
class LegalBasisAdmin(ChangesPrintedLetter, admin.ModelAdmin):
    """Every citation of the catalogue, to see which letters invoke what."""

    list_display = ["instrument", "pinpoint", "letter"]
    list_filter = ["instrument__kind"]
    search_fields = ["instrument__symbol", "instrument__title", "pinpoint", "text", "letter__title"]
    list_select_related = ["instrument", "letter"]
    raw_id_fields = ["letter"]
    autocomplete_fields = ["instrument"]


@admin.register(Paragraph, Ask, Footnote)
class LetterPartAdmin(ChangesPrintedLetter, admin.ModelAdmin):
    """Paragraphs, asks and footnotes are edited inside their letter; these lists find text across letters."""

    list_display = ["__str__", "position", "letter"]
    search_fields = ["text", "letter__title"]
    list_select_related = ["letter"]
    raw_id_fields = ["letter"]
