from lindung.compliance.models import Employer


def test_register_categories(register):
    cats = {e.nib: (e.category, e.categories) for e in Employer.objects.all()}
    print(cats)
    assert cats
