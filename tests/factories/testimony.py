import datetime

import factory
from django.contrib.auth import get_user_model

from testimony import models
from tests.factories.catalog import PersonFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Collection
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"collection-{n}")
    name = factory.Sequence(lambda n: f"Collection {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partner {n}")


class TestimonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Testimony

    catalogue_id = factory.Sequence(lambda n: f"T-{n:05d}")
    title = factory.Sequence(lambda n: f"Interview {n}")
    narrator = factory.SubFactory(PersonFactory)
    recorded = "2005-06"
    languages = factory.LazyFunction(lambda: ["ja"])
    duration = datetime.timedelta(hours=1)
    collection = factory.SubFactory(CollectionFactory)
    is_fictional = True


class TranscriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Transcript

    testimony = factory.SubFactory(TestimonyFactory)
    language = "ja"
    text = "Fictional transcript text."


class CueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cue

    transcript = factory.SubFactory(TranscriptFactory)
    start = factory.Sequence(lambda n: datetime.timedelta(seconds=10 * n))
    end = factory.LazyAttribute(lambda cue: cue.start + datetime.timedelta(seconds=8))
    speaker = "Narrator"
    text = factory.Sequence(lambda n: f"Fictional words of cue {n}.")


class SealedRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SealedRange

    testimony = factory.SubFactory(TestimonyFactory)
    start = datetime.timedelta(minutes=20)
    end = datetime.timedelta(minutes=25)
    reason = "Fictional reason to seal."


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Segment
        skip_postgeneration_save = True

    testimony = factory.SubFactory(TestimonyFactory)
    start = datetime.timedelta(minutes=1)
    end = datetime.timedelta(minutes=5)
    title = factory.Sequence(lambda n: f"Segment {n}")

    @factory.post_generation
    def people(self, create, people):
        if create and people:
            self.people.set(people)

    @factory.post_generation
    def subjects(self, create, subjects):
        if create and subjects:
            self.subjects.set(subjects)

    @factory.post_generation
    def places(self, create, places):
        if create and places:
            self.places.set(places)


class MediaFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MediaFile

    testimony = factory.SubFactory(TestimonyFactory)
    kind = models.MediaFile.Kind.AUDIO
    file = factory.django.FileField(filename="interview.mp3", data=b"ID3 fictional audio")


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent recorded through the versioning service, as the admin does."""

    class Meta:
        model = models.ConsentRecord

    testimony = factory.SubFactory(TestimonyFactory)
    given_on = datetime.date(2020, 1, 1)
    method = models.ConsentMethod.WRITTEN
    access = models.Access.PUBLIC
    name_disclosure = models.NameDisclosure.REAL_NAME

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from testimony.services import record_consent

        partners = kwargs.pop("partners", None)
        return record_consent(model_class(*args, **kwargs), partners=partners)
