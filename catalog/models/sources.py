"""Source articles: press and academic texts, with what they mention and support."""

from django.db import models

from catalog.codes import language_field
from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import track_m2m, tracked
from catalog.models.base import TimestampedModel, staff_notes
from catalog.models.organisations import Organisation
from catalog.models.people import Person
from catalog.models.places import Place
from catalog.models.subjects import Subject


@tracked()
class SourceArticle(UncertainDatesModel, TimestampedModel):
    class Kind(models.TextChoices):
        JOURNAL = "journal", "journal article"
        NEWS = "news", "news report"
        BOOK = "book", "book or chapter"
        REPORT = "report", "report"
        WEB = "web", "web page"

    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEWS)
    outlet = models.CharField(
        max_length=300, help_text="Journal, newspaper or site, as the citation names it."
    )
    outlet_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    volume_issue = models.CharField(
        "volume and issue", max_length=100, blank=True, help_text="e.g. 21, no. 6"
    )
    published, published_earliest, published_latest = uncertain_date("published")
    language = language_field()
    url = models.URLField("URL", max_length=500, blank=True)
    accessed = models.DateField("URL accessed", null=True, blank=True)
    summary = models.TextField(help_text="The cataloguer's own summary; never copied text.")
    related_article = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="An earlier or other version of the same text.",
    )
    people = models.ManyToManyField(Person, blank=True, related_name="mentioned_in_articles")
    places = models.ManyToManyField(Place, blank=True, related_name="mentioned_in_articles")
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="mentioned_in_articles"
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="articles")
    notes = staff_notes()

    class Meta:
        ordering = ["-published_earliest", "title"]

    def __str__(self):
        return self.title


@tracked()
class ArticleContributor(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", "author"
        TRANSLATOR = "translator", "translator"
        EDITOR = "editor", "editor"

    article = models.ForeignKey(
        SourceArticle, on_delete=models.CASCADE, related_name="contributors"
    )
    name = models.CharField(max_length=300, help_text="As printed, e.g. Tessa Morris-Suzuki.")
    sort_name = models.CharField(
        max_length=300,
        blank=True,
        help_text="As a bibliography sorts it, e.g. Morris-Suzuki, Tessa. Empty: as printed.",
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


@tracked()
class ArticleFact(models.Model):
    """A fact or figure an article supports, in the cataloguer's own words."""

    article = models.ForeignKey(SourceArticle, on_delete=models.CASCADE, related_name="facts")
    statement = models.TextField()
    figure = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=50, blank=True, help_text="e.g. people, voyages")
    locator = models.CharField(max_length=100, blank=True, help_text="Page or paragraph.")
    subjects = models.ManyToManyField(Subject, blank=True, related_name="facts")

    class Meta:
        ordering = ["article", "id"]
        verbose_name = "fact supported"
        verbose_name_plural = "facts supported"

    def __str__(self):
        return self.statement[:80]


track_m2m(
    SourceArticle.people.field,
    SourceArticle.places.field,
    SourceArticle.organisations.field,
    SourceArticle.subjects.field,
    ArticleFact.subjects.field,
)
