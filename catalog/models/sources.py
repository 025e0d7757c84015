"""Source articles: press and academic texts, with what they mention and support."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
        JOURNAL = "journal", _("journal article")
        NEWS = "news", _("news report")
        BOOK = "book", _("book or chapter")
        REPORT = "report", _("report")
        WEB = "web", _("web page")

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    outlet = models.CharField(
        _("outlet"),
        max_length=300,
        help_text=_("Journal, newspaper or site, as the citation names it."),
    )
    outlet_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outlet organisation"),
    )
    volume_issue = models.CharField(
        _("volume and issue"), max_length=100, blank=True, help_text=_("e.g. 21, no. 6")
    )
    published, published_earliest, published_latest = uncertain_date(_("published"))
    language = language_field()
    url = models.URLField(_("URL"), max_length=500, blank=True)
    accessed = models.DateField(_("URL accessed"), null=True, blank=True)
    summary = models.TextField(
        _("summary"), help_text=_("The cataloguer's own summary; never copied text.")
    )
    related_article = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related article"),
        help_text=_("An earlier or other version of the same text."),
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="mentioned_in_articles", verbose_name=_("people")
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="mentioned_in_articles", verbose_name=_("places")
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="mentioned_in_articles",
        verbose_name=_("organisations"),
    )
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="articles", verbose_name=_("subjects")
    )
    notes = staff_notes()

    class Meta:
        ordering = ["-published_earliest", "title"]
        verbose_name = _("source article")
        verbose_name_plural = _("source articles")

    def __str__(self):
        return self.title


@tracked()
class ArticleContributor(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        TRANSLATOR = "translator", _("translator")
        EDITOR = "editor", _("editor")

    article = models.ForeignKey(
        SourceArticle,
        on_delete=models.CASCADE,
        related_name="contributors",
        verbose_name=_("article"),
    )
    name = models.CharField(
        _("name"), max_length=300, help_text=_("As printed, e.g. Tessa Morris-Suzuki.")
    )
    sort_name = models.CharField(
        _("sort name"),
        max_length=300,
        blank=True,
        help_text=_("As a bibliography sorts it, e.g. Morris-Suzuki, Tessa. Empty: as printed."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["role", "position", "id"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


@tracked()
class ArticleFact(models.Model):
    """A fact or figure an article supports, in the cataloguer's own words."""

    article = models.ForeignKey(
        SourceArticle, on_delete=models.CASCADE, related_name="facts", verbose_name=_("article")
    )
    statement = models.TextField(_("statement"))
    figure = models.DecimalField(
        _("figure"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("e.g. people, voyages")
    )
    locator = models.CharField(
        _("locator"), max_length=100, blank=True, help_text=_("Page or paragraph.")
    )
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="facts", verbose_name=_("subjects")
    )

    class Meta:
        ordering = ["article", "id"]
        verbose_name = _("fact supported")
        verbose_name_plural = _("facts supported")

    def __str__(self):
        return self.statement[:80]


track_m2m(
    SourceArticle.people.field,
    SourceArticle.places.field,
    SourceArticle.organisations.field,
    SourceArticle.subjects.field,
    ArticleFact.subjects.field,
)
