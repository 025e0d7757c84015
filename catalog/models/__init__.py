"""The catalogue's records: who and what testimony talks about."""

from catalog.models.families import Family, FamilyMember, Relationship, Residence
from catalog.models.organisations import Organisation, OrganisationName
from catalog.models.people import Person, PersonName
from catalog.models.places import Place, PlaceName
from catalog.models.returnees import Fate, LifeEvent, Returnee, Voyage
from catalog.models.sources import ArticleContributor, ArticleFact, SourceArticle
from catalog.models.subjects import Subject, SubjectLabel

__all__ = [
    "ArticleContributor",
    "ArticleFact",
    "Family",
    "FamilyMember",
    "Fate",
    "LifeEvent",
    "Organisation",
    "OrganisationName",
    "Person",
    "PersonName",
    "Place",
    "PlaceName",
    "Relationship",
    "Residence",
    "Returnee",
    "SourceArticle",
    "Subject",
    "SubjectLabel",
    "Voyage",
]
