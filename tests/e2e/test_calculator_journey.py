import pytest

from tests.e2e.conftest import login
from tests.factories import PASSWORD


@pytest.mark.e2e
def test_a_village_operator_computes_a_contribution_from_the_menu(page, e2e_regions, world):
    """A village operator (no Iuran pages) finds the calculator in the menu, asks for a PU worker with a
    Rp12 million wage in June 2024 (the 2024 JP cap) and reads each element, the total and the due date."""
    login(page, "desa_operator", PASSWORD)
    page.wait_for_load_state()
    page.click("nav >> text=Kalkulator iuran")
    page.wait_for_selector("#calculator-form")
    page.select_option("#id_segment", "PU")
    page.fill("#id_wage", "12.000.000")
    page.select_option("#id_risk_class", "5")
    page.check("input[name=elements][value=JP]")
    page.fill("#id_period", "2024-06")
    page.click("#calculator-form button[type=submit]")
    page.wait_for_selector("#calculator-result")
    assert page.inner_text("#calculator-total") == "Rp546.069"
    assert "Rp301.269" in page.inner_text("tr[data-element=JP]")
    assert "15-07-2024" in page.inner_text("#calculator-due")
