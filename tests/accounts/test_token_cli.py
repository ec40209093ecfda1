from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lindung.accounts.models import ApiToken
from lindung.accounts.services import api_token_authenticate


@pytest.mark.django_db
def test_token_create_prints_token_alone_on_last_line(world):
    out = StringIO()
    call_command("token", "create", "kc_verifier", "--name", "integrasi", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    assert api_token_authenticate(secret=secret) == world.kc_verifier
    assert ApiToken.objects.get(user=world.kc_verifier).name == "integrasi"


@pytest.mark.django_db
def test_token_unknown_user_and_revoke(world):
    with pytest.raises(CommandError, match="Pengguna 'siapa' tidak ditemukan."):
        call_command("token", "create", "siapa")
    out = StringIO()
    call_command("token", "create", "kc_verifier", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    call_command("token", "revoke", secret[:12], stdout=StringIO())
    assert api_token_authenticate(secret=secret) is None
    listing = StringIO()
    call_command("token", "list", "kc_verifier", stdout=listing)
    assert "dicabut" in listing.getvalue()
