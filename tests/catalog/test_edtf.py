import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.citations import citation_date
from catalog.edtf import bounds, validate_edtf
from tests.factories import PersonFactory, SourceArticleFactory


@pytest.mark.parametrize(
    ("value", "earliest", "latest"),
    [
        ("1959-12-14", datetime.date(1959, 12, 14), datetime.date(1959, 12, 14)),
        ("1960-05", datetime.date(1960, 5, 1), datetime.date(1960, 5, 31)),
        ("1959~", datetime.date(1958, 1, 1), datetime.date(1960, 12, 31)),
        ("1961-21", datetime.date(1961, 3, 1), datetime.date(1961, 5, 31)),
        ("196X", datetime.date(1960, 1, 1), datetime.date(1969, 12, 31)),
        ("2023-03-06/..", datetime.date(2023, 3, 6), None),
        ("../1984-07", None, datetime.date(1984, 7, 31)),
        ("", None, None),
    ],
)
def test_bounds(value, earliest, latest):
    assert bounds(value) == (earliest, latest)


@pytest.mark.parametrize("value", ["around 1960", "1960-13-45", "spring 1961", "19600"])
def test_invalid_edtf_is_refused_with_a_readable_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_edtf(value)
    assert "is not a valid EDTF date" in excinfo.value.messages[0]
    assert "1960~ (about 1960)" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_save_stores_bounds_for_sorting_and_filtering():
    person = PersonFactory(birth="1935~", death="2001-21")
    person.refresh_from_db()
    assert person.birth_earliest == datetime.date(1934, 1, 1)
    assert person.birth_latest == datetime.date(1936, 12, 31)
    assert person.death_earliest == datetime.date(2001, 3, 1)

    person.birth = "1940"
    person.save(update_fields=["birth"])
    person.refresh_from_db()
    assert person.birth_earliest == datetime.date(1940, 1, 1)


@pytest.mark.django_db
def test_open_interval_publication_date():
    article = SourceArticleFactory(published="2023-03-06/..")
    article.refresh_from_db()
    assert article.published_earliest == datetime.date(2023, 3, 6)
    assert article.published_latest is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2007-03-15", "March 15, 2007"),
        ("2023-06", "June 2023"),
        ("2023", "2023"),
        ("2023~", "ca. 2023"),
        ("2023-03-06/..", "n.d."),
    ],
)
def test_citation_date(value, text):
    assert citation_date(value) == text
