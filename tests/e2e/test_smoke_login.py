import pytest

from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD


@pytest.mark.e2e
def test_login_page_in_browser(page, e2e_regions, world):
    login(page, "lahat_manager", "salah-sekali")
    assert page.locator(".alert.error").inner_text() == "Nama pengguna atau kata sandi salah."
    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    assert "Manajer Lahat" in page.locator("header").inner_text()
