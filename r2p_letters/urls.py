from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from r2p_letters.lib.language_switch import language_set

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="letters:library", permanent=False)),
    path("i18n/setlang/", language_set, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("r2p_letters.api.urls")),
    path("accounts/", include("r2p_letters.accounts.urls")),
    path("", include("r2p_letters.organizations.urls")),
    path("", include("r2p_letters.webhooks.urls")),
    path("", include("r2p_letters.signatures.urls")),
    path("", include("r2p_letters.council.urls")),
    path("", include("r2p_letters.council.calendar_urls")),
    path("", include("r2p_letters.letters.urls")),
]

# 403 and 404 are Django's own views over templates/403.html and 404.html (rendered with the request, so in the
# site's layout); the 500 page must not need the database, and the CSRF page is CSRF_FAILURE_VIEW (settings).
handler500 = "r2p_letters.lib.error_pages.server_error"
