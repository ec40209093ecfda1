"""Document numbers: TGH-2026-000001 (invoices), KWT- (receipts), DND- (late fees), one sequence per prefix
and year, taken under a row lock so two runs never hand out the same number."""

from __future__ import annotations

from lindung.billing.models import NumberSequence

INVOICE_PREFIX = "TGH"
RECEIPT_PREFIX = "KWT"
LATE_FEE_PREFIX = "DND"
INVOICE_NUMBER_PATTERN = rf"{INVOICE_PREFIX}-\d{{4}}-\d{{6}}"


def next_number(prefix: str, year: int) -> str:
    """The next number of the sequence; call inside the transaction that uses it."""
    NumberSequence.objects.get_or_create(prefix=prefix, year=year)
    seq = NumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{prefix}-{year}-{seq.last:06d}"
