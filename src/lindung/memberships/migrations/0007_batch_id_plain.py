from django.db import migrations, models


class Migration(migrations.Migration):
    """The link to the enrolment batch becomes a plain indexed number (same column, same index): memberships
    no longer depend on the enrolment app. Only Django's state changes; the database is untouched."""

    dependencies = [
        ("memberships", "0006_batch_and_fewer_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="membership", name="batch"),
                migrations.AddField(
                    model_name="membership",
                    name="batch_id",
                    field=models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="unggahan asal"
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
