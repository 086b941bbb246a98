"""The API's endpoints: thin views over the apps' own queries and services.

Public, read-only: the library, a letter, the legal catalogue, the Council. With an organization's token
(``Authorization: Bearer …``): its drafts, its sign-ons' signatures, adding late signatures, its deliveries."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from r2p_letters.council.calendar import coming_decisions
from r2p_letters.council.models import CouncilMember, Delivery, LetterAim, Presidency
from r2p_letters.letters.language_versions import language_versions_context
from r2p_letters.letters.library import library_search
from r2p_letters.letters.models import LegalInstrument, Letter
from r2p_letters.letters.permissions import get_letter_for_user, signatures_public
from r2p_letters.letters.signatory_paste import paste_refusal
from r2p_letters.printing.context import printed_signatories, unnamed_lines
from r2p_letters.signatures.models import Signature, SignOn
from r2p_letters.signatures.organizer_forms import late_paste_preview
from r2p_letters.signatures.services import DuplicateSignature, signatures_add_late

from . import serializers
from .conditional import ConditionalMixin
from .permissions import HasOrganizationToken


class Pages(PageNumberPagination):
    page_size = settings.LETTERS_PER_PAGE
    page_size_query_param = "page_size"
    max_page_size = 100


class SignaturePages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class PublicView(ConditionalMixin):
    """Read by anyone, without a key (a token, if sent, changes nothing here)."""

    authentication_classes = []
    permission_classes = []


class OrganizationView(ConditionalMixin):
    """Read with a token: only its organization's data."""

    permission_classes = [HasOrganizationToken]
    cache_control = "private, no-cache"

    @property
    def organization(self):
        return self.request.auth.organization

    def organization_letters(self):
        """The letters the organization leads or co-leads."""
        mine = Letter.objects.filter(Q(lead_organization=self.organization) | Q(co_leads=self.organization)).values(
            "pk"
        )
        return Letter.objects.filter(pk__in=mine)


# -- public ------------------------------------------------------------------------------------------


@extend_schema(
    summary="The library of public letters",
    parameters=[
        OpenApiParameter("q", str, description="Words in any section"),
        OpenApiParameter("country", str, description="Country concerned (ISO 3166 code)"),
        OpenApiParameter("year", int),
        OpenApiParameter("status", str),
    ],
)
class LetterList(PublicView, generics.ListAPIView):
    serializer_class = serializers.LetterSummarySerializer
    pagination_class = Pages

    def get_queryset(self):
        # The library's own search and filters, for a visitor who is not logged in.
        _form, _filters, letters = library_search(AnonymousUser(), self.request.query_params)
        return letters


class LetterDetail(PublicView, APIView):
    @extend_schema(
        summary="A public letter: sections, citations, versions, signatories",
        responses=serializers.LetterDetailSerializer,
    )
    def get(self, request, slug):
        anonymous = AnonymousUser()
        letter, _role = get_letter_for_user(anonymous, slug)
        original = letter.original_letter
        sign_on = getattr(original, "sign_on", None)
        # Exactly what the public page prints: the printed list, with the online signatures when it shows them.
        signatories, unnamed = printed_signatories(letter, show_online=signatures_public(sign_on))
        versions = language_versions_context(anonymous, letter, None)["language_versions"]
        data = {
            **{
                name: getattr(letter, name)
                for name in (
                    "slug",
                    "title",
                    "language",
                    "status",
                    "date",
                    "issued_by",
                    "place",
                    "addressee",
                    "salutation",
                    "subject",
                    "concerned_region",
                    "valediction",
                )
            },
            "concerned_country": str(letter.concerned_country or ""),
            "sections": {
                "opening": [p.text for p in letter.paragraphs_of("opening")],
                "situation": [p.text for p in letter.paragraphs_of("situation")],
                "asks": letter.asks.all(),
                "closing": [p.text for p in letter.paragraphs_of("closing")],
                "footnotes": [f.text for f in letter.footnotes.all()],
            },
            "citations": letter.legal_bases.all(),
            "versions": [row["letter"] for row in versions if row["readable"]] or [letter],
            "signatories": signatories,
            "unnamed_signatories": unnamed_lines(unnamed, audience="public"),
            # The count the sign-on keeps as signatures change: no COUNT(*) per request.
            "signature_count": sign_on.shown_count if sign_on else None,
            "sign_on_open": bool(sign_on and sign_on.is_open),
        }
        return Response(serializers.LetterDetailSerializer(data).data)


@extend_schema(summary="The legal catalogue")
class LegalInstrumentList(PublicView, generics.ListAPIView):
    serializer_class = serializers.LegalInstrumentSerializer
    pagination_class = Pages
    queryset = LegalInstrument.objects.order_by("kind", "symbol")


@extend_schema(summary="The Security Council's members, past and present")
class CouncilMemberList(PublicView, generics.ListAPIView):
    serializer_class = serializers.CouncilMemberSerializer
    queryset = CouncilMember.objects.order_by("-first_year", "country")


@extend_schema(summary="The Council's presidencies, month by month")
class PresidencyList(PublicView, generics.ListAPIView):
    serializer_class = serializers.PresidencySerializer
    pagination_class = Pages
    queryset = Presidency.objects.select_related("member").order_by("-year", "-month")


class CouncilCalendar(PublicView, APIView):
    @extend_schema(
        summary="The Council's coming decisions, with the public letters aiming at each",
        responses=serializers.DecisionSerializer(many=True),
    )
    def get(self, request):
        decisions = coming_decisions(timezone.localdate())
        public = Letter.objects.public().values("pk")
        letters: dict[int, list] = {}
        for aim in LetterAim.objects.filter(decision__in=decisions, letter__in=public).select_related("letter"):
            letters.setdefault(aim.decision_id, []).append(aim.letter)
        return Response(serializers.DecisionSerializer(decisions, many=True, context={"letters": letters}).data)


# -- with a token ------------------------------------------------------------------------------------


@extend_schema(summary="The organization's drafts (letters not yet public)")
class DraftList(OrganizationView, generics.ListAPIView):
    serializer_class = serializers.DraftSerializer
    pagination_class = Pages

    def get_queryset(self):
        return self.organization_letters().exclude(Letter.public_q()).order_by("-updated_at")


def _date_param(request, name: str) -> datetime.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError({name: [_("A date reads YYYY-MM-DD.")]}) from None


class SignatureList(OrganizationView, generics.ListCreateAPIView):
    pagination_class = SignaturePages

    def get_serializer_class(self):
        return (
            serializers.BulkSignaturesSerializer if self.request.method == "POST" else serializers.SignatureSerializer
        )

    def sign_on(self) -> SignOn:
        return get_object_or_404(
            SignOn.objects.select_related("letter"),
            letter__in=self.organization_letters(),
            letter__slug=self.kwargs["slug"],
        )

    @extend_schema(
        summary="A sign-on's signatures, with the signers' contact details",
        parameters=[
            OpenApiParameter("status", str, enum=[s for s, _label in Signature.Status.choices]),
            OpenApiParameter("since", OpenApiTypes.DATE, description="Signed on or after this day"),
            OpenApiParameter("until", OpenApiTypes.DATE, description="Signed on or before this day"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        sign_on = self.sign_on()
        signatures = sign_on.signatures.select_related("sign_on__letter").order_by("created_at", "pk")
        if sign_on.letter.lead_organization_id not in (None, self.organization.pk):
            # A co-lead organization's token: only the signers who shared their name with the co-leads.
            signatures = signatures.filter(share_with_co_leads=True)
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in Signature.Status.values:
                raise exceptions.ValidationError(
                    {"status": [_("Not one of: %s.") % ", ".join(Signature.Status.values)]}
                )
            signatures = signatures.filter(status=wanted)
        if since := _date_param(self.request, "since"):
            signatures = signatures.filter(created_at__date__gte=since)
        if until := _date_param(self.request, "until"):
            signatures = signatures.filter(created_at__date__lte=until)
        return signatures

    @extend_schema(
        summary="Add late signatures in bulk, all or none (after the sign-on closed)",
        request=serializers.BulkSignaturesSerializer,
        responses={201: serializers.SignatureSerializer(many=True)},
    )
    def post(self, request, *args, **kwargs):
        sign_on = self.sign_on()
        body = serializers.BulkSignaturesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if sign_on.is_open:
            raise Conflict(_("The sign-on is still open: signatories sign from the letter's page."))
        # The late signatures page's own checks and service: one write path.
        preview = late_paste_preview(sign_on, body.validated_data["text"], signed_on=body.validated_data["signed_on"])
        if refusal := paste_refusal(preview):
            problems = [{"row": row.number, "problem": str(row.row.problem)} for row in preview.rows if row.row.problem]
            raise exceptions.ValidationError({"text": [refusal], "rows": problems})
        try:
            added = signatures_add_late(
                sign_on=sign_on,
                rows=preview.to_add,
                signed_on=body.validated_data["signed_on"],
                user=request.auth.created_by,
            )
        except DuplicateSignature:
            raise Conflict(_("Someone added one of these signatures a moment ago: check the list again.")) from None
        added = Signature.objects.filter(pk__in=[s.pk for s in added]).select_related("sign_on__letter")
        return Response(serializers.SignatureSerializer(added, many=True).data, status=status.HTTP_201_CREATED)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@extend_schema(summary="The delivery log: when and how the organization's letters reached the Council")
class DeliveryList(OrganizationView, generics.ListAPIView):
    serializer_class = serializers.DeliverySerializer
    pagination_class = Pages

    def get_queryset(self):
        return (
            Delivery.objects.filter(letter__in=self.organization_letters())
            .select_related("letter")
            .order_by("-delivered_on", "-recorded_at")
        )
