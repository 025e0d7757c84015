import pytest
from django.apps import apps

from catalog.models import Person
from tests.factories import PersonFactory, SegmentFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def labels(person_id):
    events = Person.pgh_event_model.objects.filter(pgh_obj_id=person_id).order_by("pgh_id")
    return list(events.values_list("pgh_label", "preferred_name"))


def test_saves_updates_and_deletes_are_kept():
    person = PersonFactory(preferred_name="A")
    person.preferred_name = "B"
    person.save()
    pk = person.pk
    person.delete()
    assert labels(pk) == [("insert", "A"), ("update", "B"), ("delete", "B")]


def test_bulk_writes_are_kept():
    people = Person.objects.bulk_create([Person(preferred_name=f"P{i}") for i in range(3)])
    Person.objects.filter(pk__in=[p.pk for p in people]).update(preferred_name="renamed")
    for person in people:
        assert [label for label, _ in labels(person.pk)] == ["insert", "update"]


def test_raw_sql_is_kept():
    from django.db import connection

    person = PersonFactory(preferred_name="before")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_person SET preferred_name = 'after' WHERE id = %s", [person.pk]
        )
    assert labels(person.pk)[-1] == ("update", "after")


def test_many_to_many_links_are_kept():
    segment = SegmentFactory()
    subject = SubjectFactory()
    segment.subjects.add(subject)
    segment.subjects.remove(subject)
    events = apps.get_model("testimony", "SegmentSubjectsLinkEvent").objects.filter(
        segment_id=segment.pk
    )
    assert list(events.order_by("pgh_id").values_list("pgh_label", "subject_id")) == [
        ("add", subject.pk),
        ("remove", subject.pk),
    ]


def test_history_rows_cannot_be_rewritten():
    from django.db import ProgrammingError, transaction

    person = PersonFactory()
    with transaction.atomic(), pytest.raises(ProgrammingError, match="Cannot update or delete"):
        Person.pgh_event_model.objects.filter(pgh_obj_id=person.pk).update(preferred_name="x")
