import datetime

import factory

from r2p_letters.letters.models import Ask, LegalInstrument, Letter, Paragraph, Signatory


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    title = factory.Sequence(lambda n: f"Open letter number {n} on the protection of civilians")
    slug = factory.Sequence(lambda n: f"letter-{n}")
    status = Letter.Status.PUBLISHED
    date = datetime.date(2024, 5, 2)
    salutation = "Excellency,"
    concerned_country = "CF"


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    section = Paragraph.Section.SITUATION
    text = factory.Faker("paragraph")


class AskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ask

    text = "The Security Council must renew the mission's mandate to protect civilians."


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalInstrument

    kind = LegalInstrument.Kind.SC_RESOLUTION
    symbol = factory.Sequence(lambda n: f"S/RES/{3000 + n} (2030)")
    slug = factory.Sequence(lambda n: f"s-res-{3000 + n}-2030")
    title = "Protection of civilians in armed conflict"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    organization = factory.Sequence(lambda n: f"Human Rights League number {n}")
    city = "Bangui"
    country = "CF"
    position = factory.Sequence(int)
