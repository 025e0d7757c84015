"""CSV import and export of testimonies' header data (django-import-export).

An import edits working copies only: the status is exported but never
imported (publishing stays with a reviewer), and nothing leaves the archive
until a reviewer releases the testimony. Narrator, place and interviewers are
given by id, the collection by its code.
"""

from import_export import fields, resources, widgets

from catalog.models import Person, Place
from testimony.models import Collection, Testimony


class LanguagesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return [code.strip() for code in (value or "").split(",") if code.strip()]

    def render(self, value, obj=None, **kwargs):
        return ",".join(value or [])


class TestimonyResource(resources.ModelResource):
    narrator = fields.Field(
        attribute="narrator", column_name="narrator", widget=widgets.ForeignKeyWidget(Person)
    )
    place = fields.Field(
        attribute="place", column_name="place", widget=widgets.ForeignKeyWidget(Place)
    )
    collection = fields.Field(
        attribute="collection",
        column_name="collection",
        widget=widgets.ForeignKeyWidget(Collection, "code"),
    )
    interviewers = fields.Field(
        attribute="interviewers",
        column_name="interviewers",
        widget=widgets.ManyToManyWidget(Person, separator=","),
    )
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=LanguagesWidget()
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = Testimony
        import_id_fields = ("catalogue_id",)
        fields = (
            "catalogue_id",
            "title",
            "narrator",
            "interviewers",
            "recorded",
            "place",
            "languages",
            "summary",
            "collection",
            "rights_statement",
            "is_fictional",
            "status",
        )
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
