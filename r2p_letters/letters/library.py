"""The library's search and filters: one definition for the library page and the public API."""

from django.db.models import Count

from r2p_letters.lib.text import fold

from .forms import LibraryFilterForm
from .models import Letter


def library_search(user, data) -> tuple[LibraryFilterForm, dict, object]:
    """The filter form over ``data`` (request.GET), the valid filters, and the letters they list for ``user``
    (newest first, with their signatory count)."""
    public = Letter.objects.listed_for(user)
    country_codes = (
        public.exclude(concerned_country="")
        .order_by("concerned_country")
        .values_list("concerned_country", flat=True)
        .distinct()
    )
    years = [d.year for d in public.dates("date", "year", order="DESC")]
    form = LibraryFilterForm(data or None, country_codes=list(country_codes), years=years)
    filters = form.filters() if data else {}

    letters = public.annotate(signatory_count=Count("signatories"))
    for term in fold(filters.get("q", "")).split():
        letters = letters.filter(search_text__contains=term)
    if "country" in filters:
        letters = letters.filter(concerned_country=filters["country"])
    if "year" in filters:
        letters = letters.filter(date__year=filters["year"])
    if "status" in filters:
        letters = letters.filter(status=filters["status"])
    return form, filters, letters.order_by("-date", "-created_at")
