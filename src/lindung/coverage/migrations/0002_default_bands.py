from decimal import Decimal

from django.db import migrations

# Cut-offs are not published in a verifiable source: these are documented defaults, editable as data.
DEFAULT_BANDS = [
    ("Sangat rendah", Decimal("0"), "#b42318"),
    ("Rendah", Decimal("25"), "#dc6803"),
    ("Sedang", Decimal("50"), "#ca8504"),
    ("Tinggi", Decimal("75"), "#0b6e4f"),
]


def seed(apps, schema_editor):
    Band = apps.get_model("coverage", "CoverageBand")
    for name, low, colour in DEFAULT_BANDS:
        Band.objects.get_or_create(min_percent=low, defaults={"name": name, "colour": colour})


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
