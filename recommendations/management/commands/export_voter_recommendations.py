"""Writes the national voter-recommendation export of one session (NQLT 72/2025 Art. 56.1a;
docs/voter-recommendation-export.md) to a file or to standard output."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from recommendations.export import session_export, session_export_csv
from recommendations.models import Session


class Command(BaseCommand):
    help = (
        "Exports a session's voter recommendations and agency answers for the national "
        "database (format 1.0): JSON, or CSV with one row per item and agency."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--session", type=int, required=True, help="The session's id.")
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument(
            "--output", default="-", help="The file to write; standard output when omitted."
        )

    def handle(self, *args, session: int, format: str, output: str, **options) -> None:
        found = Session.objects.filter(pk=session).first()
        if found is None:
            raise CommandError(_("No session with id %(id)s.") % {"id": session})
        if format == "csv":
            body = session_export_csv(found)
        else:
            body = json.dumps(session_export(found), ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            self.stdout.write(body, ending="")
            return
        # newline="" keeps the CSV's CRLF row ends as they are on every platform.
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(body)
        self.stderr.write(
            _("Session %(id)s exported to %(file)s.") % {"id": session, "file": output}
        )
