"""Official documents as PDF (WeasyPrint, block layout only): warning letters, fine notice, recommendation to
deny public services, SKK cover letter, lifting of the sanction, and the regency scorecard. They stay
Indonesian whatever the page language."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lindung.compliance.models import Case, CaseStep
from lindung.compliance.selectors import evidence
from lindung.core.pdf import pdf_from_html
from lindung.regions.models import Region

TEMPLATES = {
    Case.Stage.WARNING_1: "compliance/letters/warning.pdf.html",
    Case.Stage.WARNING_2: "compliance/letters/warning.pdf.html",
    Case.Stage.FINE: "compliance/letters/fine.pdf.html",
    Case.Stage.SERVICE_DENIAL: "compliance/letters/recommendation.pdf.html",
    Case.Stage.PROSECUTOR: "compliance/letters/skk.pdf.html",
    Case.Stage.RESOLVED: "compliance/letters/lifted.pdf.html",
}


def render_pdf(template: str, context: dict) -> bytes:
    with translation.override("id"):
        html = render_to_string(template, {**context, "printed_at": timezone.localtime()})
    return pdf_from_html(html)


def letter_pdf(step: CaseStep) -> bytes:

    case = step.case
    region = Region.objects.filter(code=case.regency_code).first()
    previous = [s for s in case.steps.all() if s.date <= step.date and s.pk < step.pk]
    return render_pdf(
        TEMPLATES[step.stage],
        {
            "step": step,
            "case": case,
            "employer": case.employer,
            "regency_name": region.name if region else case.regency_code,
            "evidence": evidence(case.employer),
            "previous": previous,
            "warning_no": 1 if step.stage == Case.Stage.WARNING_1 else 2,
            "subject": f"Peringatan Tertulis {1 if step.stage == Case.Stage.WARNING_1 else 2}",
        },
    )


def scorecard_pdf(card) -> bytes:
    return render_pdf("compliance/scorecard.pdf.html", {"c": card})
