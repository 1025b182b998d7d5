# The Case model moved from `applications` to `cases` with its table unchanged
# (docs/adr/0090-cases-app.md): only Django's state changes, the database keeps its constraint.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0001_initial'),
        ('cases', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='thread',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case'),
                ),
                migrations.AlterField(
                    model_name='satisfactionanswer',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case'),
                ),
            ],
        ),
    ]
