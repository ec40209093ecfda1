"""Extension points: what a higher app adds to a lower app's page, without the lower app importing it.

The person page belongs to the registry and the programme page to programs, but memberships (and later
claims) have something to say about a person or a programme. Apps register, in their
``AppConfig.ready``:

- a *panel* for a slot of a page: ``(request, **objects) -> str | None`` (HTML from a template of their
  own, or None when there is nothing to show this user), rendered where the page's template says
  ``{% panels "registry.person" person=person %}``, in ``order``;
- a *provider* of figures for a slot: ``(**kwargs) -> dict``, merged by the caller (e.g. the number of
  active participants per programme on the programme list).

The lower app names the slot and renders what is there; it never imports the app that fills it
(docs/architecture.md, "Layers").
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

_PANELS: dict[str, list[tuple[int, str, Callable[..., str | None]]]] = {}
_PROVIDERS: dict[str, dict[str, Callable[..., dict]]] = {}


def register_panel(slot: str, *, name: str, order: int, render: Callable[..., str | None]) -> None:
    """``render(request, **objects)`` returns the panel's HTML, or None/"" to show nothing to this user."""
    panels = [p for p in _PANELS.get(slot, []) if p[1] != name]
    panels.append((order, name, render))
    _PANELS[slot] = sorted(panels, key=lambda p: (p[0], p[1]))


def render_panels(slot: str, request, **objects) -> SafeString:
    """Every panel registered for the slot, in order. Templates use ``{% panels "slot" person=person %}``."""
    html = (render(request, **objects) for _order, _name, render in _PANELS.get(slot, []))
    return mark_safe("".join(h for h in html if h))  # noqa: S308 - each panel renders a template of our own


def register_provider(slot: str, *, name: str, provide: Callable[..., dict]) -> None:
    _PROVIDERS.setdefault(slot, {})[name] = provide


def collect(slot: str, **kwargs) -> dict:
    """Every provider's answer for the slot, merged into one dict (empty when no app provides it)."""
    merged: dict = {}
    for provide in _PROVIDERS.get(slot, {}).values():
        merged.update(provide(**kwargs))
    return merged
