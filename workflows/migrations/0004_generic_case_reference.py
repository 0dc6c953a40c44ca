import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("workflows", "0003_processes_by_artifact"),
    ]

    operations = [
        migrations.RemoveField(model_name="taskroute", name="petition"),
        migrations.AlterField(
            model_name="taskroute",
            name="case_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AlterField(
            model_name="taskroute",
            name="case_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddIndex(
            model_name="taskroute",
            index=models.Index(fields=["case_type", "case_id"], name="taskroute_case"),
        ),
        migrations.DeleteModel(name="PetitionProcess"),
    ]
