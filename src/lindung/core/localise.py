"""Messages that are stored or computed in Indonesian (the system's language) shown in the reader's language.

A message made from a template with ``{}`` placeholders is matched back to its template, the template is
translated with gettext and the values are put back: ``'Kode desa "{}" tidak dikenal.'`` becomes
``'Village code "{}" is unknown.'`` with the same code. A message that matches no template is shown as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


class Localiser:
    def __init__(self, templates: Iterable[str]) -> None:
        # The most specific first: "Kode desa wajib diisi." before "{} wajib diisi.".
        ordered = sorted(templates, key=lambda t: len(t.replace("{}", "")), reverse=True)
        self.patterns = [
            (t, re.compile(re.escape(t).replace(re.escape("{}"), "(.*?)"), re.S)) for t in ordered
        ]

    def __call__(self, message: str) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if not message or language.split("-")[0] == settings.LANGUAGE_CODE:
            return message
        for template, pattern in self.patterns:
            match = pattern.fullmatch(message)
            if match:
                return gettext(template).format(*match.groups())
        return message
