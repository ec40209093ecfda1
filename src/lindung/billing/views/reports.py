"""The report of a run over several programmes (billing, lapse, late fees), shown once on the next page.

The POST stores the rows in the session and redirects (so a reload does not run again); the page that
follows takes them out and shows a table: each programme, what happened to it, and the details or why.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.billing.services.common import Outcome, ProgrammeOutcome
from lindung.core.formatting import number, rupiah

SESSION_KEY = "billing_run_report"
SHOWN_NUMBERS = 10
PREVIEW_ROWS = 200  # invoices listed on a preview page (the totals count them all)


def _labels() -> dict[str, tuple[str, str]]:
    return {
        Outcome.DONE: (_("Selesai"), ""),
        Outcome.NOTHING: (_("Tidak ada perubahan"), ""),
        Outcome.FAILED: (_("Gagal"), "err"),
        Outcome.SKIPPED: (_("Dilewati"), "warn"),
    }


def _numbers(numbers: list[str]) -> str:
    shown = ", ".join(numbers[:SHOWN_NUMBERS])
    return shown + (" …" if len(numbers) > SHOWN_NUMBERS else "")


def _billing_detail(figures: dict) -> str:
    if not figures["invoices"]:
        return _("Tidak ada yang perlu ditagih (sudah ditagih, atau tidak ada peserta aktif).")
    return ngettext(
        "%(invoices)s tagihan (%(numbers)s), %(lines)s rincian, jumlah %(total)s.",
        "%(invoices)s tagihan (%(numbers)s), %(lines)s rincian, jumlah %(total)s.",
        figures["invoices"],
    ) % {
        "invoices": number(figures["invoices"]),
        "numbers": _numbers(figures["invoice_numbers"]),
        "lines": number(figures["lines"]),
        "total": rupiah(figures["total"]),
    }


def _warnings(figures: dict) -> str:
    warned = ", ".join(
        ngettext("%(n)s peserta menunggak %(months)s bulan", "%(n)s peserta menunggak %(months)s bulan", n)
        % {"n": number(n), "months": months}
        for months, n in figures["warnings"].items()
    )
    return _("; peringatan: %(warned)s") % {"warned": warned} if warned else ""


def _lapse_detail(figures: dict) -> str:
    text = _("%(lapsed)s kepesertaan terhenti, %(reinstated)s aktif kembali") % {
        "lapsed": number(figures["lapsed"]),
        "reinstated": number(figures["reinstated"]),
    }
    return text + _warnings(figures) + "."


def lapse_summary(result) -> str:
    """The flash message after a lapse run (all programmes together)."""
    figures = result.figures()
    text = _("Status tunggakan diproses: %(lapsed)s kepesertaan terhenti, %(reinstated)s aktif kembali") % {
        "lapsed": number(figures["lapsed"]),
        "reinstated": number(figures["reinstated"]),
    }
    return text + _warnings(figures) + "."


def late_fee_summary(result) -> str:
    """The flash message after a late-fee run (all programmes together)."""
    return ngettext(
        "Denda keterlambatan: %(n)s tagihan denda baru, %(total)s.",
        "Denda keterlambatan: %(n)s tagihan denda baru, %(total)s.",
        result.invoices,
    ) % {"n": number(result.invoices), "total": rupiah(result.total)}


def _late_fee_detail(figures: dict) -> str:
    if not figures["invoices"]:
        return _("Tidak ada denda baru.")
    return ngettext(
        "%(n)s tagihan denda (%(numbers)s), %(total)s.",
        "%(n)s tagihan denda (%(numbers)s), %(total)s.",
        figures["invoices"],
    ) % {
        "n": number(figures["invoices"]),
        "numbers": _numbers(figures["numbers"]),
        "total": rupiah(figures["total"]),
    }


DETAILS = {"billing": _billing_detail, "lapse": _lapse_detail, "late_fees": _late_fee_detail}


def report_rows(kind: str, programmes: list[ProgrammeOutcome]) -> list[dict]:
    labels = _labels()
    rows = []
    for p in programmes:
        label, badge = labels[p.outcome]
        ran = p.outcome in (Outcome.DONE, Outcome.NOTHING)
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "outcome": p.outcome,
                "label": label,
                "badge": badge,
                "detail": DETAILS[kind](p.figures) if ran else p.reason,
            }
        )
    return rows


def report_store(request, *, kind: str, title: str, programmes: list[ProgrammeOutcome]) -> None:
    request.session[SESSION_KEY] = {"kind": kind, "title": title, "rows": report_rows(kind, programmes)}


def report_pop(request, *kinds: str) -> dict | None:
    """The stored report if it is one of ``kinds`` (the page that shows it), removed from the session."""
    report = request.session.get(SESSION_KEY)
    if not report or report.get("kind") not in kinds:
        return None
    del request.session[SESSION_KEY]
    return report
