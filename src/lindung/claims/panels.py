"""The claims panels on other apps' pages: family and claims on the person page, the last benefits paid on the
coverage home (registered with lindung.core.panels)."""

from __future__ import annotations

from lindung.core.panels import panel_register


def register() -> None:
    pass
