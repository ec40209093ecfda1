from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import User


class UserForm(forms.Form):
    """A user's name, email and role (and, when adding one, the login name and organisation)."""

    organisation = forms.ChoiceField(label=_("Organisasi"))
    username = forms.CharField(
        label=_("Nama pengguna (untuk masuk)"),
        max_length=150,
        help_text=_("Huruf, angka dan . _ - tanpa spasi, mis. budi.lahat."),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=300)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=User.Role.choices)

    def __init__(self, *args, organisations=(), creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]
        else:
            del self.fields["organisation"]
            del self.fields["username"]
        for f in self.fields.values():
            f.error_messages["required"] = _("Wajib diisi.")
        if "email" in self.fields:
            self.fields["email"].error_messages["invalid"] = _("Alamat email tidak valid.")
