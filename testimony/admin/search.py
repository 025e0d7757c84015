"""Search for cataloguers: everything in the catalogue they may view, with the
same variants, scripts and typo tolerance as the API."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from testimony import disclosure
from testimony.disclosure import Audience
from testimony.models.search import SearchEntry
from testimony.search import query as search_query

K = SearchEntry.Kind
# kind -> (app label, model name) of the record, for permissions and links
RECORDS = {
    K.TESTIMONY: ("testimony", "testimony"),
    K.SEGMENT: ("testimony", "segment"),
    K.PERSON: ("catalog", "person"),
    K.PLACE: ("catalog", "place"),
    K.ORGANISATION: ("catalog", "organisation"),
    K.ARTICLE: ("catalog", "sourcearticle"),
}
LIMIT = 100


def catalogue_search(request):
    q = request.GET.get("q", "").strip()
    kinds = [
        kind
        for kind, (app, model) in RECORDS.items()
        if request.user.has_perm(f"{app}.view_{model}")
    ]
    results, variants = [], []
    if q:
        staff = Audience.staff()
        search = search_query.prepare(staff, q)
        if search.words:
            entries = disclosure.search_entries(staff).filter(kind__in=kinds)
            rows = search_query.page(entries, staff, search, 0, LIMIT)
            results = search_query.present(rows, search)
            variants = search.variants
            for result in results:
                app, model = RECORDS[result["type"]]
                result["url"] = reverse(f"admin:{app}_{model}_change", args=[result["id"]])
                result["kind"] = K(result["type"]).label
    context = {
        **admin.site.each_context(request),
        "title": _("Search the catalogue"),
        "q": q,
        "results": results,
        "variants": variants,
        "limit": LIMIT,
    }
    return render(request, "admin/catalogue_search.html", context)
