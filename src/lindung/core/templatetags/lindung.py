from django import template

from lindung.core import formatting
from lindung.core.extensions import render_panels

register = template.Library()


@register.filter
def rupiah(value):
    return formatting.rupiah(value)


@register.filter
def angka(value):
    return formatting.number(value)


@register.filter
def persen(value, places=2):
    return formatting.percent(value, int(places))


@register.filter
def nik_mask(value):
    return formatting.mask_nik(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def phone_mask(value):
    return formatting.mask_phone(value)


@register.simple_tag(takes_context=True)
def panels(context, slot, **objects):
    """What other apps registered for this slot of the page (lindung.core.extensions)."""
    return render_panels(slot, context.get("request"), **objects)
