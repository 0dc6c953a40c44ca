"""Moves the case reference of existing runs onto the generic one: a petition process becomes
viewflow's plain Process with the petition as its artifact, and a task route names its case by
content type and id. Its own migration: PostgreSQL refuses to alter a table with pending
foreign-key checks in the same transaction."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    PetitionProcess = apps.get_model("workflows", "PetitionProcess")
    Process = apps.get_model("viewflow", "Process")
    TaskRoute = apps.get_model("workflows", "TaskRoute")
    if not TaskRoute.objects.exists() and not PetitionProcess.objects.exists():
        return
    petition_type, _created = ContentType.objects.get_or_create(
        app_label="casework", model="petition"
    )
    TaskRoute.objects.update(case_type=petition_type, case_id=F("petition_id"))
    for process_id, petition_id in PetitionProcess.objects.values_list(
        "process_ptr_id", "petition_id"
    ).iterator():
        Process.objects.filter(pk=process_id).update(
            artifact_content_type=petition_type, artifact_object_id=petition_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_taskroute_case_reference"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
