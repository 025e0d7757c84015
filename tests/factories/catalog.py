import factory

from catalog import models


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    preferred_name = factory.Sequence(lambda n: f"Fictional Person {n}")
    birth = "1935~"
    is_fictional = True


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonName

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"김가명{n}")
    script = "Hang"
    language = "ko"
    kind = models.PersonName.Kind.KOREAN


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Place {n}")
    kind = models.Place.Kind.CITY


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.Organisation.Kind.NGO


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Subject

    label = factory.Sequence(lambda n: f"subject {n}")


class SourceArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SourceArticle

    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "Example Journal"
    published = "2007-03-15"
    language = "en"
    summary = "A cataloguer's summary."


class ArticleContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ArticleContributor

    article = factory.SubFactory(SourceArticleFactory)
    name = factory.Sequence(lambda n: f"Author {n}")


class VoyageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Voyage

    number = factory.Sequence(lambda n: n + 1000)
    departed = "1960-05-01"


class ReturneeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Returnee

    person = factory.SubFactory(PersonFactory)
    voyage = factory.SubFactory(VoyageFactory)
    departed = "1960-05-01"


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Family

    name = factory.Sequence(lambda n: f"Fictional family {n}")
    is_fictional = True


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FamilyMember

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(PersonFactory)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Relationship

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(PersonFactory)
    relative = factory.SubFactory(PersonFactory)
    kind = models.Relationship.Kind.SIBLING


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Residence

    person = factory.SubFactory(PersonFactory)
    country = "JP"
    is_current = True
