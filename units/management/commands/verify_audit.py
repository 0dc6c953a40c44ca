import json
import sys

from django.core import signing
from django.core.management.base import BaseCommand
from django.utils import timezone

from units.audit_chain import history_models, verify_table

STATEMENT_SALT = "dan-nguyen.audit-statement"


class Command(BaseCommand):
    help = (
        "Recomputes the hash chain of every history table. Exit 1 and the first broken link "
        "when a row was edited, deleted or reordered; otherwise the head of each chain."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--statement-out",
            help="Write the heads as a signed, dated statement to this file, to keep outside.",
        )
        parser.add_argument(
            "--against",
            help="A statement written earlier: also check every chain still holds that head.",
        )

    def handle(self, *args, statement_out=None, against=None, **options) -> None:
        heads, broken = {}, []
        for model in history_models():
            head, problem = verify_table(model)
            heads[head.table] = {"length": head.length, "hash": head.last_hash}
            if problem:
                broken.append(problem)
        if against:
            broken += self._check_statement(against)
        if broken:
            first = broken[0]
            where = f"row history_id={first.history_id}" if first.history_id else "its end"
            self.stderr.write(f"verify_audit: BROKEN {first.table} at {where}: {first.problem}")
            for other in broken[1:]:
                self.stderr.write(f"  also {other.table} ({other.history_id}): {other.problem}")
            sys.exit(1)
        for table, head in sorted(heads.items()):
            self.stdout.write(f"{table}: {head['length']} rows, head {head['hash']}")
        if statement_out:
            statement = {"at": timezone.now().isoformat(), "heads": heads}
            with open(statement_out, "w") as out:
                out.write(signing.dumps(statement, salt=STATEMENT_SALT))
            self.stdout.write(f"verify_audit: signed statement written to {statement_out}")
        self.stdout.write(f"verify_audit: {len(heads)} chains intact")

    def _check_statement(self, path: str):
        from units.audit_chain import Break, chain_prefix_hash

        with open(path) as handle:
            statement = signing.loads(handle.read(), salt=STATEMENT_SALT)
        problems = []
        by_table = {m._meta.db_table: m for m in history_models()}
        for table, head in statement["heads"].items():
            model = by_table.get(table)
            if model is None or chain_prefix_hash(model, head["length"]) != head["hash"]:
                problems.append(
                    Break(table, None, f"differs from the statement of {statement['at']}")
                )
        self.stdout.write(json.dumps({"statement_of": statement["at"]}))
        return problems
