from django.db import migrations


def seed(apps, schema_editor):
    from lindung.claims.seed import seed as seed_rules

    seed_rules(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
