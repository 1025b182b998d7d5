# Case, CaseEvent and CaseNumberSequence now live in the `cases` app (docs/adr/0090-cases-app.md).
# Their tables keep their names and their data; only Django's state changes here.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_application_named_partner'),
        ('cases', '0001_initial'),
        ('appeals', '0004_case_moved_to_cases'),
        ('messaging', '0002_case_moved_to_cases'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='application',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='cases.case'),
                ),
                migrations.RemoveIndex(model_name='caseevent', name='application_case_id_88ff84_idx'),
                migrations.RemoveIndex(model_name='caseevent', name='application_kind_403a00_idx'),
                migrations.DeleteModel(name='CaseEvent'),
                migrations.DeleteModel(name='Case'),
                migrations.DeleteModel(name='CaseNumberSequence'),
            ],
        ),
    ]
