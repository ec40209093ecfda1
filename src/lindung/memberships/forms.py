from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.core.forms import RupiahField
from lindung.core.limits import MAX_MONTHLY_INCOME


class MembershipWageForm(forms.Form):
    """A member's own contribution base: declared income (BPU) or wage (PU). Empty = the programme's amount."""

    wage = RupiahField(
        label=_("Upah/penghasilan sebulan (Rp)"), required=False, min_value=0, max_value=MAX_MONTHLY_INCOME
    )
