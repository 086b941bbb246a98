from django.urls import path

from . import composer, draft_review, language_versions, letter_templates, review, signatory_paste, views

app_name = "letters"

urlpatterns = [
    path("letters/", views.library, name="library"),
    path("letters/new/", composer.letter_new, name="new"),
    path("letters/new/import/", draft_review.letter_import, name="import"),
    path("letters/new/import/review/", draft_review.letter_import_review, name="import_review"),
    path("letters/<slug:slug>/reuse/", composer.letter_reuse, name="reuse"),
    path("letters/<slug:slug>/edit/", composer.letter_compose, name="compose"),
    path(
        "letters/<slug:slug>/edit/signatories/paste/",
        signatory_paste.signatories_paste,
        name="signatories_paste",
    ),
    path("letters/<slug:slug>/edit/<str:section>/", composer.letter_section, name="compose_section"),
    path("letters/<slug:slug>/edit/<str:section>/items/", composer.letter_section_editor, name="section_editor"),
    path(
        "letters/<slug:slug>/edit/<str:section>/items/<int:index>/<str:operation>/",
        composer.letter_section_item,
        name="section_item",
    ),
    path("letters/<slug:slug>/edit/<str:section>/fields/", composer.letter_section_fields, name="section_fields"),
    path("letters/<slug:slug>/edit/legal_basis/instrument/", composer.instrument_new, name="instrument_new"),
    path("letters/<slug:slug>/edit/<str:section>/preview/", composer.letter_section_preview, name="preview"),
    path("letters/<slug:slug>/history/", composer.letter_history, name="history"),
    path("letters/<slug:slug>/review/", review.letter_review, name="review"),
    path("letters/<slug:slug>/co-leads/", review.letter_co_lead_add, name="co_lead_add"),
    path("letters/<slug:slug>/translations/add/", language_versions.language_version_add, name="language_version_add"),
    path(
        "letters/<slug:slug>/translations/authoritative/",
        language_versions.language_version_authoritative,
        name="language_version_authoritative",
    ),
    path("letters/<slug:slug>/history/<int:pk>/restore/", composer.letter_revision_restore, name="restore"),
    path("letters/<slug:slug>/", views.letter_detail, name="detail"),
    path("letters/<slug:slug>/document/", views.letter_document, name="document"),
    path("letters/<slug:slug>/pdf/", views.letter_pdf_download, name="pdf"),
    path("letters/<slug:slug>/export/<str:kind>/", views.letter_export, name="export"),
    path("organizations/<slug:slug>/co-lead-requests/<int:pk>/", review.letter_co_lead_answer, name="co_lead_answer"),
    path("organizations/<slug:slug>/templates/", letter_templates.template_list, name="templates"),
    path("organizations/<slug:slug>/templates/copy/", letter_templates.template_copy, name="template_copy"),
    path(
        "organizations/<slug:slug>/templates/<slug:template_slug>/",
        letter_templates.template_edit,
        name="template_edit",
    ),
    path(
        "organizations/<slug:slug>/templates/<slug:template_slug>/preview/",
        letter_templates.template_preview,
        name="template_preview",
    ),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/<slug:slug>/", views.instrument_detail, name="instrument"),
]
