from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="letters:library", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("r2p_letters.accounts.urls")),
    path("", include("r2p_letters.organizations.urls")),
    path("", include("r2p_letters.signatures.urls")),
    path("", include("r2p_letters.council.urls")),
    path("", include("r2p_letters.council.calendar_urls")),
    path("", include("r2p_letters.letters.urls")),
]
