"""Links the history rows written before the hash chain existed, in id order, so that the
whole trail, from the first row, is covered by `verify_audit`."""

from django.db import migrations


def seal(apps, schema_editor):
    from units.audit_chain import GENESIS, link

    Head = apps.get_model("units", "AuditChainHead")
    for model in apps.get_models():
        if not any(f.name == "chain_hash" for f in model._meta.fields):
            continue
        head, _ = Head.objects.get_or_create(
            table=model._meta.db_table, defaults={"last_hash": GENESIS}
        )
        rows = list(model.objects.filter(chain_hash="").order_by("history_id"))
        for row in rows:
            row.chain_hash = link(head.last_hash, row)
            head.last_hash = row.chain_hash
            head.length += 1
        model.objects.bulk_update(rows, ["chain_hash"], batch_size=1000)
        head.save()


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_audit_chain"),
        ("workdays", "0003_history_chain_hash"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
