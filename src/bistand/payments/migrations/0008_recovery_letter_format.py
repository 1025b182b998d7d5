from django.db import migrations, models


class Migration(migrations.Migration):
    """The återkrav letter records its text version (payments.models.RecoveryClaim.letter_format):
    every letter stored before this was made with version 1; new ones get 2 (ADR 0310)."""

    dependencies = [
        ("payments", "0007_rent_lines_documents_system_prepared"),
    ]

    operations = [
        migrations.AddField(
            model_name="recoveryclaim",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="recoveryclaim",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
