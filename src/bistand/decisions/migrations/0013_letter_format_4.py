from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0012_print_service"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=4),
        ),
    ]
