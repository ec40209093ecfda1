from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lindung.regions import selectors
from lindung.regions.templatetags.regions_tags import LABELS


@login_required
def region_list(request):
    return render(request, "regions/region_list.html", {"roots": selectors.region_roots(user=request.user)})


@login_required
def region_detail(request, code: str):
    region = selectors.region_get(user=request.user, code=code)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "breadcrumb": selectors.region_breadcrumb(region),
            "children": selectors.region_children_with_counts(user=request.user, parent_code=region.code),
            "villages": selectors.village_counts(region=region),
        },
    )


@login_required
def region_search(request):
    q = request.GET.get("q", "")
    results = selectors.region_search(user=request.user, q=q)
    template = "regions/_search_results.html" if request.htmx else "regions/region_search.html"
    return render(request, template, {"q": q, "results": results})


@login_required
def picker(request):
    field_name = request.GET.get("field_name", "region_code")
    if not field_name.replace("_", "").isalnum():
        field_name = "region_code"
    selected = request.GET.get("pick") or None
    if selected:
        selectors.region_get(user=request.user, code=selected)  # 404 outside the area
    levels = selectors.picker_levels(user=request.user, selected=selected)
    for lv in levels:
        lv["label"] = LABELS[lv["level"]]
    return render(
        request, "regions/_picker_body.html", {"field_name": field_name, "levels": levels, "required": True}
    )
