"""Plug-in points ("slots") on pages of lower apps, so an app above can add a panel without the lower app
importing it: the registry's person page and the coverage home show what claims registers here.

A panel is a function ``(request, **objects) -> str`` returning HTML (usually ``render_to_string``) or "" to
show nothing; apps register theirs in ``AppConfig.ready``. Templates render a slot with
``{% panels "registry.person" person=person %}``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]
_SLOTS: dict[str, list[Panel]] = {}


def panel_register(slot: str, panel: Panel) -> None:
    panels = _SLOTS.setdefault(slot, [])
    if panel not in panels:
        panels.append(panel)


def panels_render(slot: str, request, **objects) -> SafeString:
    return mark_safe("".join(panel(request, **objects) or "" for panel in _SLOTS.get(slot, [])))  # noqa: S308
