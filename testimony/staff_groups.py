"""The staff groups and what each may do, in one place.

Cataloguers enter and index; they cannot publish a testimony or record
consent. Reviewers also publish, record consent and delete. Administrators may
do everything, partners and staff accounts included. A data migration applies
this policy; re-run ``apply_policy`` in a new migration when it changes.
"""

CATALOGUER, REVIEWER, ADMINISTRATOR = "Cataloguer", "Reviewer", "Administrator"

# Records cataloguers build up; they add, change and delete them freely.
PARTS = {
    "catalog": [
        "personname",
        "placename",
        "organisationname",
        "subjectlabel",
        "articlecontributor",
        "articlefact",
        "lifeevent",
        "residence",
        "familymember",
        "relationship",
    ],
    "testimony": [
        "transcript",
        "cue",
        "segment",
        "segmenttranslation",
        "segmentlink",
        "mediafile",
    ],
}
# Main records: cataloguers add and change them; reviewers may also delete.
RECORDS = {
    "catalog": [
        "person",
        "place",
        "organisation",
        "subject",
        "sourcearticle",
        "voyage",
        "returnee",
        "family",
    ],
    "testimony": ["testimony", "sealedrange"],
}


def _codenames(models: dict[str, list[str]], actions: list[str]) -> set[tuple[str, str]]:
    return {
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in actions
    }


def policy() -> dict[str, set[tuple[str, str]]]:
    edit = ["add", "change", "view"]
    cataloguer = (
        _codenames(PARTS, [*edit, "delete"])
        | _codenames(RECORDS, edit)
        | _codenames(
            {"testimony": ["consentrecord", "collection", "partnerorganisation", "release"]},
            ["view"],
        )
        # Access copies, and background jobs with their errors: seen, never edited.
        | _codenames({"testimony": ["accesscopy", "joberror"]}, ["view"])
        | _codenames({"procrastinate": ["procrastinatejob", "procrastinateevent"]}, ["view"])
    )
    reviewer = (
        cataloguer
        | _codenames(RECORDS, ["delete"])
        | _codenames({"testimony": ["consentrecord"]}, ["add"])
        | _codenames({"testimony": ["collection"]}, ["add", "change"])
        | _codenames({"testimony": ["partnerfetch"]}, ["view"])
        | {("testimony", "publish_testimony")}
    )
    return {CATALOGUER: cataloguer, REVIEWER: reviewer}


def apply_policy(apps) -> None:
    """Create the groups and give them their permissions (history included)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    history = Permission.objects.filter(
        content_type__app_label__in=["catalog", "testimony", "pghistory"],
        codename__startswith="view_",
        codename__endswith="event",
    ) | Permission.objects.filter(content_type__app_label="pghistory", codename="view_events")
    for name, wanted in policy().items():
        group, _ = Group.objects.get_or_create(name=name)
        # An earlier migration runs this before later models exist: grant what exists.
        permissions = [
            permission
            for app, codename in sorted(wanted)
            for permission in Permission.objects.filter(
                content_type__app_label=app, codename=codename
            )
        ]
        group.permissions.set([*permissions, *history])
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrators.permissions.set(Permission.objects.all())
