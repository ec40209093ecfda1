"""What billing adds to lower apps' pages through ``core.extensions`` (registered in BillingConfig.ready)."""

from __future__ import annotations

from django.utils.translation import ngettext

from lindung.billing import selectors
from lindung.core import extensions


def membership_notes(*, memberships) -> dict[int, str]:
    """A note per membership whose PU employer is in arrears: protected, the employer pays benefits first."""
    return {
        pk: ngettext(
            "Pemberi kerja menunggak iuran %(months)s bulan sejak %(since)s: peserta tetap dilindungi, pemberi "
            "kerja membayar manfaat lebih dulu (PP 44/2015).",
            "Pemberi kerja menunggak iuran %(months)s bulan sejak %(since)s: peserta tetap dilindungi, pemberi "
            "kerja membayar manfaat lebih dulu (PP 44/2015).",
            fact.months,
        )
        % {"months": fact.months, "since": f"{fact.since:%m-%Y}"}
        for pk, fact in selectors.employer_arrears(memberships=memberships).items()
    }


def register() -> None:
    extensions.register_provider("membership_notes", name="billing", provide=membership_notes)
