from django import template

from lindung.regions.selectors import picker_levels

register = template.Library()

LABELS = {1: "Provinsi", 2: "Kabupaten/kota", 3: "Kecamatan", 4: "Desa/kelurahan"}


@register.inclusion_tag("regions/_picker_body.html", takes_context=True)
def region_picker(context, field_name: str, initial: str | None = None, required: bool = True):
    user = context["request"].user
    levels = picker_levels(user=user, selected=initial or None)
    for lv in levels:
        lv["label"] = LABELS[lv["level"]]
    return {"field_name": field_name, "levels": levels, "required": required}
