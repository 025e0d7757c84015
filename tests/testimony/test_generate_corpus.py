import pytest
from django.core.management import CommandError, call_command

from catalog.models import Person, SourceArticle
from testimony.models import ConsentRecord, Release, ReleasedSegment, Segment, Testimony

pytestmark = pytest.mark.django_db


def test_generates_a_fictional_corpus_with_mixed_consents():
    call_command(
        "generate_corpus", people=200, testimonies=40, segments=400, articles=10, verbosity=0
    )
    assert Person.objects.count() == 200 and Person.objects.filter(is_fictional=False).count() == 0
    assert Testimony.objects.count() == 40
    assert Segment.objects.count() == 400
    assert SourceArticle.objects.count() == 10
    assert ConsentRecord.objects.filter(is_current=True).count() == 40
    assert ConsentRecord.objects.values("access").distinct().count() >= 3
    published = Testimony.objects.filter(status="published")
    assert Release.objects.count() == published.count() > 0
    assert (
        ReleasedSegment.objects.count() == Segment.objects.filter(testimony__in=published).count()
    )
    scripts = set(Person.objects.values_list("names__script", flat=True))
    assert {"Hang", "Hani"} <= scripts
    person = Person.objects.exclude(birth="").first()
    assert person.birth_earliest is not None  # bounds set despite bulk writes
    with pytest.raises(CommandError, match="already holds testimonies"):
        call_command("generate_corpus", people=1, testimonies=1, segments=1, articles=1)
