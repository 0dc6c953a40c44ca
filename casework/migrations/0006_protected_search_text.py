"""Rewrites the search text of protected petitions from what outsiders may read of them, so
that searching a denouncer's name or phone no longer tells which case names them."""

from django.db import migrations


def scrub_search_text(apps, schema_editor):
    from cases.identity import Person, Scrubber
    from units.search import fold

    Petition = apps.get_model("casework", "Petition")
    Signer = apps.get_model("casework", "Signer")
    Petitioner = apps.get_model("casework", "Petitioner")
    protected = Petition.objects.filter(kind="denunciation") | Petition.objects.filter(
        protect_identity=True
    )
    for petition in protected.iterator(chunk_size=500):
        person_ids = Signer.objects.filter(petition_id=petition.pk).values("petitioner_id")
        people = [
            Person(p.full_name, p.id_number, p.phone, p.address, p.email)
            for p in Petitioner.objects.filter(pk__in=person_ids)
        ]
        text = f"{petition.tracking_code} {petition.title} {petition.content}"
        document = fold(Scrubber(people).scrub(text))
        Petition.objects.filter(pk=petition.pk).update(search_text=document)


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_protect_identity")]

    operations = [migrations.RunPython(scrub_search_text, migrations.RunPython.noop)]
