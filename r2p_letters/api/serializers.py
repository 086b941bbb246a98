from rest_framework import serializers

from r2p_letters.council.models import CouncilMember, Decision, Delivery, Presidency
from r2p_letters.letters.models import LegalInstrument, Letter
from r2p_letters.signatures.models import Signature


class LetterSummarySerializer(serializers.ModelSerializer):
    signatory_count = serializers.IntegerField(read_only=True)
    concerned_country = serializers.CharField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "slug",
            "title",
            "language",
            "status",
            "date",
            "subject",
            "concerned_country",
            "signatory_count",
            "url",
        ]

    def get_url(self, letter) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/letters/{letter.slug}/")


class SignatorySerializer(serializers.Serializer):
    organization = serializers.CharField()
    person_name = serializers.CharField()
    person_title = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    location = serializers.CharField()
    role = serializers.CharField()
    signed_on = serializers.DateField(allow_null=True)


class AskSerializer(serializers.Serializer):
    text = serializers.CharField()
    by_when = serializers.CharField()


class CitationSerializer(serializers.Serializer):
    symbol = serializers.CharField(source="instrument.symbol")
    title = serializers.CharField(source="instrument.title")
    kind = serializers.CharField(source="instrument.kind")
    pinpoint = serializers.CharField()
    url = serializers.CharField(source="instrument.url")


class VersionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    language = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    is_authoritative = serializers.BooleanField()


class SectionsSerializer(serializers.Serializer):
    opening = serializers.ListField(child=serializers.CharField())
    situation = serializers.ListField(child=serializers.CharField())
    asks = AskSerializer(many=True)
    closing = serializers.ListField(child=serializers.CharField())
    footnotes = serializers.ListField(child=serializers.CharField())


class LetterDetailSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    language = serializers.CharField()
    status = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    issued_by = serializers.CharField()
    place = serializers.CharField()
    addressee = serializers.CharField()
    salutation = serializers.CharField()
    subject = serializers.CharField()
    concerned_country = serializers.CharField()
    concerned_region = serializers.CharField()
    valediction = serializers.CharField()
    sections = SectionsSerializer()
    citations = CitationSerializer(many=True)
    versions = VersionSerializer(many=True)
    signatories = SignatorySerializer(many=True)
    unnamed_signatories = serializers.ListField(
        child=serializers.CharField(),
        help_text='Those the public may not name, as counts only ("and 2 organizations that cannot be named…").',
    )
    signature_count = serializers.IntegerField(
        allow_null=True, help_text="Signatures shown of the sign-on (null: the letter collects none online)."
    )
    sign_on_open = serializers.BooleanField()


class LegalInstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalInstrument
        fields = ["slug", "kind", "symbol", "title", "adopted_on", "summary", "url", "verified"]


class CouncilMemberSerializer(serializers.ModelSerializer):
    country = serializers.CharField()

    class Meta:
        model = CouncilMember
        fields = ["country", "name", "permanent", "first_year", "last_year"]


class PresidencySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="member.country")
    name = serializers.CharField(source="member.name")

    class Meta:
        model = Presidency
        fields = ["year", "month", "country", "name"]


class DecisionSerializer(serializers.ModelSerializer):
    letters = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "kind",
            "name",
            "full_name",
            "resolution",
            "adopted_on",
            "decides_on",
            "source",
            "checked_on",
            "letters",
        ]

    def get_letters(self, decision) -> list[str]:
        return [letter.slug for letter in self.context["letters"].get(decision.pk, [])]


class DraftSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = ["slug", "title", "language", "status", "date", "subject", "created_at", "updated_at"]


class SignatureSerializer(serializers.ModelSerializer):
    country = serializers.CharField()
    letter = serializers.CharField(source="sign_on.letter.slug")

    class Meta:
        model = Signature
        fields = [
            "id",
            "letter",
            "kind",
            "organization",
            "person_name",
            "person_title",
            "city",
            "country",
            "email",
            "may_contact",
            "show_name",
            "visibility",
            "authorized",
            "share_with_co_leads",
            "language",
            "status",
            "is_lead",
            "is_late",
            "created_at",
            "confirmed_at",
            "withdrawn_at",
        ]


class BulkSignaturesSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=1_000_000,
        help_text="One signature a line, as the late signatures page reads it (Name, Title, Organization (City, "
        "Country) email), or tab-separated columns: organization, city, country, name, title, email.",
    )
    signed_on = serializers.DateField()


class DeliverySerializer(serializers.ModelSerializer):
    letter = serializers.CharField(source="letter.slug")

    class Meta:
        model = Delivery
        fields = ["id", "letter", "delivered_on", "recipients", "means", "recorded_at"]
