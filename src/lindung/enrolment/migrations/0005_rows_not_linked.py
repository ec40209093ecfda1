from django.db import migrations

COPY = """UPDATE memberships_membership SET batch_id = (
    SELECT r.batch_id FROM enrolment_batchrow r WHERE r.membership_id = memberships_membership.id)
    WHERE id IN (SELECT membership_id FROM enrolment_batchrow WHERE membership_id IS NOT NULL)"""


def copy_links(apps, schema_editor):
    """Memberships remember their batch themselves; the rows' link is dropped after copying it."""
    schema_editor.execute(COPY)


class Migration(migrations.Migration):
    dependencies = [
        ("enrolment", "0004_fewer_row_indexes"),
        ("memberships", "0006_batch_and_fewer_indexes"),
    ]

    operations = [
        migrations.RunPython(copy_links, migrations.RunPython.noop),
        migrations.RemoveField(model_name="batchrow", name="membership"),
    ]
