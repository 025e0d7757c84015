import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import PersonName, Place
from tests.factories import (
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    RelationshipFactory,
    ResidenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("script", "Hngl", "is not an ISO 15924 script code"),
        ("language", "kor-x", "is not an ISO 639 language code"),
        ("language", "KO", "is not an ISO 639 language code"),
        ("language", "xx", "is not an ISO 639 language code"),
    ],
)
def test_unknown_codes_are_refused(field, value, message):
    name = PersonNameFactory.build(person=PersonFactory(), **{field: value})
    with pytest.raises(ValidationError) as excinfo:
        name.full_clean()
    assert message in " ".join(excinfo.value.message_dict[field])


def test_known_codes_pass():
    name = PersonNameFactory.build(
        person=PersonFactory(), script="Kana", language="jpn", kind=PersonName.Kind.JAPANESE_PASS
    )
    name.full_clean()


def test_place_coordinates_must_be_both_and_in_range():
    place = PlaceFactory.build(latitude=91, longitude=10)
    with pytest.raises(ValidationError, match="latitude"):
        place.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Place.objects.create(name="x", kind="city", latitude=41.8)


def test_only_one_current_residence_per_person():
    person = PersonFactory()
    ResidenceFactory(person=person, country="KP", is_current=True)
    second = ResidenceFactory.build(person=person, country="JP", is_current=True)
    with pytest.raises(ValidationError, match="already has a current residence"):
        second.full_clean()


def test_relationship_not_to_oneself():
    person = PersonFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        RelationshipFactory(person=person, relative=person)


def test_residence_country_is_validated():
    residence = ResidenceFactory.build(person=PersonFactory(), country="XX", is_current=False)
    with pytest.raises(ValidationError, match="not an ISO 3166 country code"):
        residence.full_clean()


def test_translation_must_be_of_the_same_testimony_and_another_language():
    from tests.factories import TranscriptFactory

    original = TranscriptFactory(language="ja")
    elsewhere = TranscriptFactory.build(language="en", translation_of=original)
    elsewhere.testimony = TranscriptFactory(language="ko").testimony
    with pytest.raises(ValidationError, match="same testimony"):
        elsewhere.full_clean()
    same_language = TranscriptFactory.build(
        testimony=original.testimony, language="ja", translation_of=original
    )
    with pytest.raises(ValidationError, match="another language"):
        same_language.clean()
    TranscriptFactory.build(
        testimony=original.testimony, language="en", translation_of=original
    ).full_clean()
