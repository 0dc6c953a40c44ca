"""Petitions became a kind of the case kernel: the petition flow moved from `workflows.flows` to
`casework.flows` (viewflow stores the flow's import path on every process and task), and a
notification about a petition names it by kind and id rather than only by its page's path."""

import re

from django.db import migrations

OLD = "workflows/flows.PetitionFlow"
NEW = "casework/flows.PetitionFlow"
PETITION_PAGE = re.compile(r"^/cases/petitions/(\d+)/$")


def _move_flow(apps, schema_editor, old: str, new: str) -> None:
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    Process.objects.filter(flow_class=old).update(flow_class=new)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Task._meta.db_table} SET flow_task = replace(flow_task, %s, %s) "
            "WHERE flow_task LIKE %s",
            [old + ".", new + ".", old + ".%"],
        )


def forwards(apps, schema_editor):
    _move_flow(apps, schema_editor, OLD, NEW)
    Notification = apps.get_model("notifications", "Notification")
    for pk, url in Notification.objects.filter(case_kind="").values_list("pk", "url").iterator():
        match = PETITION_PAGE.match(url)
        if match:
            Notification.objects.filter(pk=pk).update(
                case_kind="petition", case_id=int(match.group(1))
            )


def backwards(apps, schema_editor):
    _move_flow(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0007_registration_key"),
        ("notifications", "0003_notification_case_reference"),
        ("workflows", "0004_generic_case_reference"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
