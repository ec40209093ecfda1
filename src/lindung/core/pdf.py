"""Official documents as PDF (WeasyPrint): one place that turns a template into PDF bytes.

WeasyPrint is imported on first use: it loads Pango and fonts, which a process that never prints should
not pay for at start-up.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - heavy native library, loaded when a PDF is made

    return HTML(string=html).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    """The template rendered with ``printed_at`` (now, Asia/Jakarta) and turned into a PDF."""
    return pdf_from_html(render_to_string(template, {**context, "printed_at": timezone.localtime()}))
