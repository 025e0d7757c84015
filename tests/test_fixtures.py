"""The seed fixtures load on an empty database, twice without change, and stay honest."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.citations import chicago
from catalog.models import Family, Person, Place, SourceArticle, Voyage
from testimony.models import Access, ConsentRecord, NameDisclosure, Testimony

pytestmark = pytest.mark.django_db
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Person, Place, SourceArticle, Voyage, Family, Testimony, ConsentRecord)
    }


def test_fixtures_load_on_an_empty_database_and_again_without_change():
    assert not Place.objects.exists()
    call_command("load_catalogue", verbosity=0)
    first = counts()
    call_command("load_catalogue", verbosity=0)
    assert counts() == first
    assert first["SourceArticle"] == 3 and first["Voyage"] == 3


def test_place_variants_in_every_script():
    call_command("load_catalogue", "--no-demo", verbosity=0)
    chongjin = Place.objects.get(name="Chongjin")
    names = set(chongjin.names.values_list("name", flat=True))
    assert {"Cheongjin", "청진", "清津", "Seishin"} <= names
    assert not Testimony.objects.exists()


def test_every_demo_person_and_testimony_is_labelled_fictional():
    call_command("load_catalogue", verbosity=0)
    for person in Person.objects.filter(is_public_figure=False):
        assert person.is_fictional and "(fictional)" in person.preferred_name, person
    for testimony in Testimony.objects.all():
        assert testimony.is_fictional and "(fictional)" in testimony.title, testimony


def test_demo_consents_cover_every_choice():
    call_command("load_catalogue", verbosity=0)
    current = ConsentRecord.objects.filter(is_current=True)
    assert set(current.values_list("access", flat=True)) == set(Access.values)
    assert set(current.values_list("name_disclosure", flat=True)) == set(NameDisclosure.values)
    assert current.filter(embargo_until__isnull=False).exists()
    assert current.filter(withdrawn=True).get().supersedes.access == Access.PUBLIC
    assert Testimony.objects.filter(consents__isnull=True).exists()
    assert Testimony.objects.filter(segments__is_closed=True).exists()
    countries = set(
        Family.objects.get()
        .members.filter(residences__is_current=True)
        .values_list("residences__country", flat=True)
    )
    assert {"JP", "KP", "KR", ""} <= countries


def test_citations():
    call_command("load_catalogue", "--no-demo", verbosity=0)
    morris = SourceArticle.objects.get(title__startswith="The Forgotten Victims")
    assert chicago(morris) == (
        "Morris-Suzuki, Tessa. “The Forgotten Victims of the North Korean Crisis.” "
        "Japan Focus, March 15, 2007."
    )
    daily = SourceArticle.objects.get(outlet="Daily NK")
    assert "Translated by David Black. Edited by Robert Lauler. Daily NK, n.d." in chicago(daily)
    assert daily.published == "2023-03-06/.." and daily.published_latest is None


def _words(text):
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


@pytest.mark.skipif(not SOURCES.exists(), reason="the shared source texts are not beside the repo")
def test_no_summary_or_fact_copies_a_run_of_the_source_text():
    """No eight consecutive words of a source article appear in what we wrote about it."""
    call_command("load_catalogue", "--no-demo", verbosity=0)
    source_runs = set()
    for path in SOURCES.glob("*.txt"):
        words = _words(path.read_text())
        source_runs |= {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    for article in SourceArticle.objects.prefetch_related("facts"):
        for text in [article.summary, article.notes, *(f.statement for f in article.facts.all())]:
            words = _words(text)
            copied = [
                " ".join(run)
                for i in range(len(words) - 7)
                if (run := tuple(words[i : i + 8])) in source_runs
            ]
            assert copied == [], article.title


def test_a_fixture_naming_a_missing_record_fails_clearly(tmp_path, settings, monkeypatch):
    from testimony.management.commands import load_catalogue

    (tmp_path / "reference.toml").write_text(
        '[[places]]\nname = "X"\nkind = "city"\nparent = "Nowhere"\n'
    )
    monkeypatch.setattr(load_catalogue, "FIXTURES", tmp_path)
    monkeypatch.setattr(load_catalogue, "FILES", ["reference.toml"])
    with pytest.raises(CommandError, match="place “Nowhere” is not in the catalogue"):
        call_command("load_catalogue", verbosity=0)
    assert not Place.objects.exists()
