"""What the audit trail costs per transition: the same state change (a received petition
classified by its case officer through `casework.services.petition_classify`, one transaction
each) measured three ways in one process against PostgreSQL:

    full          history row + hash chain, as shipped
    history_only  history row without its link (units.audit_chain.chain_new_row disconnected
                  from simple_history's pre_create_historical_record)
    no_history    no history row at all (`skip_history_when_saving` set on the instance: in
                  simple-history 3.13 its mere presence skips the row)

    DATABASE_URL=postgres://… python -m bench.audit_cost [--n 2000] [--warmup 200] [--yes] [--keep]

It never writes to the database DATABASE_URL names unless that name contains "bench" or --yes
is given; otherwise it works in `dn_bench_audit` on the same server, created with psycopg when
missing and dropped at the end when this run created it (--keep leaves it). Whatever the
database, it is migrated first. History is append-only, so in a database the run did not create
its unit, user, petitions and their history rows stay behind.

The modes run interleaved, in blocks of --block transitions whose order rotates, so a slow
drift of the machine (autovacuum, caches, the tables growing) falls on all three alike. Rows
written without their link are linked right after their block (`chained_bulk`, as the bulk
writers do), so the chain of every table still verifies when the run ends; run it where nobody
else writes history at the same time.

Prints `name: value unit` lines and merges them into bench/results.json; exits 1 when a mode
wrote a different number of history rows than it should (one per transition, or none) or the
chain does not verify afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RESULTS = Path(__file__).resolve().parent / "results.json"
SCRATCH_NAME = "dn_bench_audit"
ROOT_CODE = "BENCH-AUDIT"
OFFICER = "bench-audit-officer"
MODES = ("full", "history_only", "no_history")
REASON = "Đủ điều kiện xử lý (benchmark)"


# Database ----------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="measured transitions per mode")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured ones per mode first")
    parser.add_argument("--block", type=int, default=100, help="transitions per interleaved block")
    parser.add_argument(
        "--yes", action="store_true", help="write to DATABASE_URL's database even without 'bench'"
    )
    parser.add_argument(
        "--keep", action="store_true", help=f"keep {SCRATCH_NAME} when this run created it"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 100 transitions per mode (20 warm-up) in a throwaway database; "
        "results.json untouched",
    )
    args = parser.parse_args()
    if args.quick:
        args.n, args.warmup, args.block, args.keep = 100, 20, 20, False
    return args


def _target_url(url: str, *, yes: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    name = parts.path.lstrip("/")
    if "bench" in name or yes:
        return url
    return urlunsplit(parts._replace(path=f"/{SCRATCH_NAME}"))


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _create_database(url: str) -> bool:
    """Creates the database when missing; True when this call created it. CREATE DATABASE
    cannot run in a transaction, hence autocommit on the server's maintenance database."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_maintenance_url(url), autocommit=True, connect_timeout=10) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"# created database {name}", flush=True)
    return True


def _drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_maintenance_url(url), autocommit=True, connect_timeout=10) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    print(f"# dropped database {name}", flush=True)


# Setup -------------------------------------------------------------------------------------


def _officer_and_unit():
    """A committee and its case officer; reused by later runs in the same database."""
    from units.choices import Role, UnitKind, UnitLevel
    from units.models import Membership, Unit, User

    unit = Unit.objects.filter(kind=UnitKind.COMMITTEE, admin_code=ROOT_CODE).first()
    if unit is None:
        unit = Unit.objects.add_root(
            instance=Unit(
                name="Bench audit committee",
                kind=UnitKind.COMMITTEE,
                level=UnitLevel.CENTRAL,
                admin_code=ROOT_CODE,
            )
        )
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None:
        officer = User(username=OFFICER, full_name="Bench audit officer")
        officer.set_unusable_password()
        officer.save()
    Membership.objects.get_or_create(user=officer, unit=unit, role=Role.CASE_OFFICER)
    return officer, unit


def _received_petitions(count: int, *, unit, officer) -> list:
    """`count` petitions waiting to be classified. Setup, not what is measured: written in bulk
    (no history rows), each used by exactly one measured transition."""
    from django.utils import timezone

    from casework.choices import Channel, PetitionKind
    from casework.models import Petition

    tag = uuid.uuid4().hex[:5].upper()
    today = timezone.localdate()
    rows = [
        Petition(
            unit=unit,
            tracking_code=f"B{tag}{number:07d}",
            secret_hash="!bench",
            channel=Channel.IN_PERSON,
            kind=PetitionKind.COMPLAINT,
            title=f"Bench petition {number}",
            content="Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
            received_on=today,
            received_by=officer,
        )
        for number in range(count)
    ]
    Petition.objects.bulk_create(rows, batch_size=1000)
    return list(
        Petition.objects.filter(tracking_code__startswith=f"B{tag}")
        .select_related("unit")
        .order_by("pk")
    )


# Measuring ---------------------------------------------------------------------------------


def _history_rows() -> int:
    from casework.models import Petition

    return Petition.history.model.objects.count()


def _seal_unlinked() -> None:
    """Links the rows the history_only block wrote without a hash, in id order after the
    chain's head, so the table's chain holds again."""
    from casework.models import Petition
    from units.audit_chain import chained_bulk

    with chained_bulk(Petition.history.model):
        pass


def _run_block(mode: str, petitions: list, officer) -> list[float]:
    """Classifies each petition in its own transaction; returns each call's milliseconds."""
    from simple_history.signals import pre_create_historical_record

    from casework.services import petition_classify
    from units.audit_chain import chain_new_row

    unhooked = mode == "history_only"
    if unhooked:
        pre_create_historical_record.disconnect(chain_new_row)
    timings = []
    try:
        for petition in petitions:
            if mode == "no_history":
                petition.skip_history_when_saving = True
            started = time.perf_counter()
            petition_classify(
                petition=petition,
                actor=officer,
                reason=REASON,
                kind="complaint",
                field="land",
                processable=True,
            )
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        if unhooked:
            pre_create_historical_record.connect(chain_new_row)
    return timings


def _measure(petitions: list, officer, *, warmup: int, n: int, block: int):
    """Warm-up then measured rounds; in each round every mode runs one block, the order rotating
    by round. Returns (timings per mode, problems found)."""
    timings: dict[str, list[float]] = {mode: [] for mode in MODES}
    problems: list[str] = []
    supply = iter(petitions)
    for phase, total in (("warm-up", warmup), ("measured", n)):
        done, round_number = 0, 0
        while done < total:
            size = min(block, total - done)
            order = MODES[round_number % 3 :] + MODES[: round_number % 3]
            for mode in order:
                batch = [next(supply) for _ in range(size)]
                before = _history_rows()
                spent = _run_block(mode, batch, officer)
                written = _history_rows() - before
                expected = 0 if mode == "no_history" else size
                if written != expected:
                    problems.append(f"{phase} {mode}: {written} history rows for {size} changes")
                if mode == "history_only":
                    _seal_unlinked()
                if phase == "measured":
                    timings[mode].extend(spent)
            done += size
            round_number += 1
        print(f"# {phase}: {total} transitions per mode", flush=True)
    return timings, problems


# Report ------------------------------------------------------------------------------------


def _figures(timings: dict[str, list[float]]) -> list[tuple[str, float, str]]:
    mean = {mode: statistics.fmean(values) for mode, values in timings.items()}
    median = {mode: statistics.median(values) for mode, values in timings.items()}
    full, history, none = mean["full"], mean["history_only"], mean["no_history"]
    return [
        ("audit_transition_full_ms", full, "ms"),
        ("audit_transition_history_only_ms", history, "ms"),
        ("audit_transition_no_history_ms", none, "ms"),
        # The hash chain on top of plain history; plain history on top of no history at all.
        ("audit_hash_overhead_pct", (full - history) / history * 100, "%"),
        ("audit_history_overhead_pct", (history - none) / none * 100, "%"),
        ("audit_total_overhead_pct", (full - none) / none * 100, "%"),
        ("audit_transition_full_p50_ms", median["full"], "ms"),
        ("audit_transition_history_only_p50_ms", median["history_only"], "ms"),
        ("audit_transition_no_history_p50_ms", median["no_history"], "ms"),
        ("audit_transitions_per_mode", len(timings["full"]), "transitions"),
    ]


def _report(figures: list[tuple[str, float, str]], *, save: bool = True) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name, value, unit in figures:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name}: {shown} {unit}", flush=True)
        results[name] = {
            "value": round(value, 3) if isinstance(value, float) else value,
            "unit": unit,
        }
    if save:
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def _chain_holds() -> bool:
    from casework.models import Petition
    from units.audit_chain import verify_table

    _head, broken = verify_table(Petition.history.model)
    if broken is not None:
        print(f"# chain break in {broken.table} at {broken.history_id}: {broken.problem}")
    return broken is None


def main() -> int:
    args = _arguments()
    if min(args.n, args.block) < 1 or args.warmup < 0:
        sys.exit("--n and --block must be positive, --warmup not negative")
    if args.quick:
        from bench import scratch

        url = scratch.quick_url(os.environ.get("DATABASE_URL", ""), "audit")
        scratch.create(url)
        created = True
    else:
        url = _target_url(os.environ.get("DATABASE_URL", ""), yes=args.yes)
        created = _create_database(url)
    # Settings read the environment once, at setup: the target database and DEBUG off (with
    # DEBUG on Django keeps every query in memory, which would be measured too).
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        try:
            call_command("migrate", interactive=False, verbosity=0)
            officer, unit = _officer_and_unit()
            petitions = _received_petitions(3 * (args.warmup + args.n), unit=unit, officer=officer)
            timings, problems = _measure(
                petitions, officer, warmup=args.warmup, n=args.n, block=args.block
            )
            if not _chain_holds():
                problems.append("the petitions' history chain does not verify")
        finally:
            connections.close_all()
    finally:
        if created and not args.keep:
            _drop_database(url)
    _report(_figures(timings), save=not args.quick)
    for problem in problems:
        print(f"# problem: {problem}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
