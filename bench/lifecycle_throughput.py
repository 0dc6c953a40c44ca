"""Full petition lifecycles through the real service and workflow layers, one process, beside a
bare viewflow flow with the same steps and beside the floor: the same rows written with plain
psycopg (bench/README.md has the details).

    DATABASE_URL=postgres://… python -m bench.lifecycle_throughput [--cases 2000] [--warmup 50]

A lifecycle is seven transactions: receive (`casework.reception.petition_start`), then
through `workflows.acting.act` classify, refer, send_referral, record_answer, notify_petitioner
and close, each by the person whose step it is, with hash-chained history and notifications
as shipped. The bare run (bench/bare_flow.py) takes the same seven steps through viewflow
alone: a StartHandle, then six human View nodes completed the way `workflows.acting` completes
a task; no FSM,
history, notifications, permissions or task routes. The two run interleaved, in blocks, in the
same process. Every statement is counted with `connection.execute_wrapper` and grouped by
table; each real step's INSERTs and UPDATEs are noted too. The floor replays exactly those
writes, one statement per row, no reads, one transaction per step, then deletes its rows.
Scratch database as in bench/notifications_latency.py (`--quick`: a throwaway one, dropped at
the end); exits 1 when a measured case did not end closed.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from bench import scratch
from bench.notifications_latency import _ensure_database, _report, _scratch_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
PREFIX = "bench-life-"
WRITE = re.compile(r'\s*(INSERT INTO|UPDATE) "(\w+)"')
TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
FLOOR_MARK = "bench-floor"
STEPS = 7  # transactions per lifecycle
BLOCK = 50  # lifecycles per interleaved block (real, then bare)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured lifecycles first")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 20 cases, 5 warm-up, throwaway database"
    )
    parser.add_argument("--yes", action="store_true", help="use DATABASE_URL's database as is")
    args = parser.parse_args()
    if args.quick:
        args.cases, args.warmup = 20, 5
    return args


def report(figures: list, *, save: bool) -> None:
    """`name: value unit` lines, merged into bench/results.json unless a smoke run."""
    _report(figures, save=save)


def setup_django(*, yes: bool, quick: str | None = None) -> str:
    """Scratch database, Django set up on it, migrated; returns its URL. With `quick` (the
    benchmark's name) a throwaway database is created afresh: the caller drops it."""
    url = os.environ.get("DATABASE_URL", "")
    if quick:
        url = scratch.quick_url(url, quick)
        scratch.create(url)
    else:
        url = _scratch_database_url(url, yes=yes)
        _ensure_database(url)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.settings",  # the project's, plus the bare flow's app
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def cast() -> SimpleNamespace:
    """A province, a commune with its agency, and one person per role; reused between runs."""
    from units.choices import Role, UnitKind, UnitLevel
    from units.models import Membership, Unit, User

    def unit(parent, name, code, level, kind=UnitKind.COMMITTEE):
        new = Unit(name=name, kind=kind, level=level, admin_code=code, area_name=name)
        if found := Unit.objects.filter(name=name).first():
            return found
        if parent is None:
            return Unit.objects.add_root(instance=new)
        return Unit.objects.add_child(parent, instance=new)

    root = unit(None, "Bench lifecycle centre", "BENCH-L", UnitLevel.CENTRAL)
    province = unit(root, "Bench lifecycle province", "BENCH-L1", UnitLevel.PROVINCE)
    commune = unit(province, "Bench lifecycle commune", "BENCH-L11", UnitLevel.COMMUNE)
    agency = unit(commune, "Bench lifecycle agency", "", UnitLevel.COMMUNE, UnitKind.AGENCY)
    people = {}
    for name, where, role in (
        ("reception", commune, Role.RECEPTION_OFFICER),
        ("officer", commune, Role.CASE_OFFICER),
        ("leader", commune, Role.UNIT_LEADER),
        ("official", agency, Role.AGENCY_OFFICIAL),
    ):
        user, _ = User.objects.get_or_create(
            username=PREFIX + name, defaults={"password": "!bench", "full_name": name.title()}
        )
        Membership.objects.get_or_create(user=user, unit=where, role=role)
        people[name] = user
    return SimpleNamespace(commune=commune, agency=agency, **people)


def steps(c: SimpleNamespace, number: int):
    """The lifecycle as (step, actor, data); `receive` is petition_start, the rest actions."""
    from casework.services.intake import SignerData

    today = dt.date.today()
    signer = SignerData(
        full_name=f"Nguyễn Văn Bench {number}",
        id_number=f"001{number % 10**9:09d}",
        phone=f"09{number % 10**8:08d}",
        address="Số 5 ngõ 12, thôn Bench",
    )
    answer = {"document_number": f"{number}/UBND", "document_date": today, "outcome": "resolved"}
    return [
        ("receive", c.reception, {"unit": c.commune, "channel": "in_person", "kind": "complaint",
         "title": f"Tranh chấp ranh giới đất {number}", "received_on": today, "signers": [signer],
         "content": "Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành."}),
        ("classify", c.officer, {"reason": "Đủ điều kiện xử lý", "kind": "complaint",
         "field": "land", "processable": True}),
        ("refer", c.officer, {"agency": c.agency, "reason": "Thuộc thẩm quyền UBND xã"}),
        ("send_referral", c.leader, {"reason": "Đã ký phiếu chuyển"}),
        ("record_answer", c.official, {"reason": "Trả lời bằng văn bản",
         "summary": "UBND xã đã xác minh và giải quyết.", **answer}),
        ("notify_petitioner", c.officer, {"reason": "Đã báo", "on": today, "channel": "post"}),
        ("close", c.officer, {"reason": "Kết thúc"}),
    ]  # fmt: skip


def run_case(c: SimpleNamespace, number: int, *, until: str = "close", on_step=None):
    from casework import reception
    from workflows import acting

    petition = None
    for step, actor, data in steps(c, number):
        if on_step:
            on_step(step)
        if step == "receive":
            petition = reception.petition_start(actor=actor, **data).petition
        else:
            acting.act(case=petition, action=step, actor=actor, **data)
        if step == until:
            break
    return petition


# The real run and the bare one, interleaved --------------------------------------------------


def _layer(table: str) -> str:
    """Which layer a table belongs to, for the statement breakdown."""
    if table.startswith(("casework_historical", "units_historical")) or table in (
        "units_auditchainhead",
    ):
        return "history + chain head"
    if table.startswith("notifications_"):
        return "notifications (outbox rows)"
    if table in ("units_membership", "units_unit", "units_user"):
        return "roles, units, people"
    if table == "workflows_taskroute":
        return "task routes"
    if table.startswith("viewflow_"):
        return "viewflow"
    if table == "(savepoint)":
        return "savepoints"
    return "casework rows"


class Counter:
    """Counts statements, by (table, verb), and each step's writes."""

    def __init__(self) -> None:
        self.total = 0
        self.by_table: collections.Counter = collections.Counter()
        self.writes: list = []  # [(step, [(verb, table)])] of the current case

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            table = "(savepoint)"
        else:
            found = TABLE.search(sql)
            table = found.group(1) if found else "?"
            if verb == "SELECT" and " FOR UPDATE" in sql.upper():
                verb = "SELECT FOR UPDATE"
        self.by_table[table, verb] += 1
        if self.writes and (match := WRITE.match(sql)):
            self.writes[-1][1].append(match.groups())
        return execute(sql, params, many, context)


def _timed_steps(spent: dict, counter: Counter, run):
    """Runs `run(on_step)`, adding each step's seconds and statements to `spent[step]`."""
    mark = [None, 0.0, 0]

    def close_step():
        if mark[0] is not None:
            step = spent.setdefault(mark[0], [0.0, 0])
            step[0] += time.perf_counter() - mark[1]
            step[1] += counter.total - mark[2]

    def on_step(step):
        close_step()
        mark[:] = [step, time.perf_counter(), counter.total]
        counter.writes.append((step, []))

    result = run(on_step)
    close_step()
    return result


def measured_runs(c, args, first: int):
    """Warm-up of both, then `--cases` of each in interleaved blocks. Returns per engine
    (seconds, statement Counter, {step: [seconds, statements]}), plus the real run's write
    shape, its last petition id and how many measured cases ended closed."""
    from django.db import connection

    from bench import bare_flow

    for number in range(first, first + args.warmup):
        run_case(c, number)
        bare_flow.lifecycle(c.officer)
    real = SimpleNamespace(seconds=0.0, counter=Counter(), steps={})
    bare = SimpleNamespace(seconds=0.0, counter=Counter(), steps={})
    shapes: collections.Counter = collections.Counter()
    ids: list[int] = []
    numbers = iter(range(first + args.warmup, first + args.warmup + args.cases))
    done = 0
    while done < args.cases:
        size = min(BLOCK, args.cases - done)
        with connection.execute_wrapper(real.counter):
            started = time.perf_counter()
            for number in [next(numbers) for _ in range(size)]:
                real.counter.writes = []
                run = lambda on_step, number=number: run_case(c, number, on_step=on_step)  # noqa: E731
                ids.append(_timed_steps(real.steps, real.counter, run).pk)
                shapes[tuple((s, tuple(w)) for s, w in real.counter.writes)] += 1
            real.seconds += time.perf_counter() - started
        with connection.execute_wrapper(bare.counter):
            started = time.perf_counter()
            for _ in range(size):
                bare.counter.writes = []
                run = lambda on_step: bare_flow.lifecycle(c.officer, on_step=on_step)  # noqa: E731
                _timed_steps(bare.steps, bare.counter, run)
            bare.seconds += time.perf_counter() - started
        done += size
    from casework.models import Petition

    closed = Petition.objects.filter(pk__in=ids, state="closed").count()
    shape = shapes.most_common(1)[0][0]
    unknown = {t for _, w in shape for v, t in w if t not in (UPDATES if v == "UPDATE" else ALL)}
    if unknown:
        sys.exit(f"The floor has no statement for {sorted(unknown)}: add them to SOURCES/UPDATES.")
    return real, bare, shape, ids[-1], closed


def print_breakdown(real, bare, cases: int) -> None:
    """`#` lines: per step, time and statements of both runs; then statements per case by
    layer and by table (verb by verb)."""
    from bench.bare_flow import STEPS as BARE_STEPS

    pairs = zip(real.steps.items(), BARE_STEPS, strict=True)
    for (step, (seconds, statements)), bare_step in pairs:
        b_seconds, b_statements = bare.steps[bare_step]
        print(
            f"# step {step}: {seconds / cases * 1000:.1f} ms, {statements / cases:.0f} statements"
            f" (bare {bare_step}: {b_seconds / cases * 1000:.1f} ms,"
            f" {b_statements / cases:.0f} statements)"
        )
    for label, run in (("real", real), ("bare", bare)):
        layers: collections.Counter = collections.Counter()
        for (table, _), n in run.counter.by_table.items():
            layers[_layer(table)] += n
        shown = ", ".join(f"{k} {n / cases:.1f}" for k, n in layers.most_common())
        print(f"# {label} statements per case by layer: {shown}")
        tables: dict = collections.defaultdict(collections.Counter)
        for (table, verb), n in run.counter.by_table.items():
            tables[table][verb] += n
        for table, verbs in sorted(tables.items(), key=lambda kv: -sum(kv[1].values())):
            per = ", ".join(f"{v} {n / cases:.1f}" for v, n in verbs.most_common())
            print(f"#   {label} {table}: {sum(verbs.values()) / cases:.1f} ({per})")


# The floor ----------------------------------------------------------------------------------

# table: (column to find a real row by, ctx key holding its value, ctx key for the new row's id)
SOURCES = {
    "casework_petition": ("id", "petition", "petition"),
    "casework_signer": ("petition_id", "petition", "signer"),
    "casework_petitioner": ("id", "petitioner", "petitioner"),
    "viewflow_process": ("artifact_object_id", "petition", "process"),
    "viewflow_task": ("process_id", "process", "task"),
    "viewflow_task_previous": ("from_task_id", "task", None),
    "workflows_taskroute": ("case_id", "petition", None),
    "notifications_notification": (None, None, None),
    "casework_referral": ("petition_id", "petition", "referral"),
    "casework_answer": ("referral_id", "referral", "answer"),
}
HISTORY_OF = {f"casework_historical{t.split('_')[1]}": t for t in SOURCES if "casework_" in t}
ALL = set(SOURCES) | set(HISTORY_OF)
LINKS = {  # column: ctx key, filled with this case's own ids
    "petition_id": "petition", "petitioner_id": "petitioner", "process_id": "process",
    "process_ptr_id": "process", "referral_id": "referral", "task_id": "task",
    "from_task_id": "task", "to_task_id": "previous", "case_id": "petition",
    "artifact_object_id": "petition",
}  # fmt: skip
DONE = "status = 'DONE', finished = now()"
UPDATES = {  # table: (SET and WHERE, ctx keys of the parameters)
    "casework_petition": ("state = %s, updated_at = now() WHERE id = %s", ("state", "petition")),
    "casework_petitioner": ("address = address WHERE id = %s", ("petitioner",)),
    "casework_referral": ("sent_on = current_date WHERE id = %s", ("referral",)),
    "casework_numbersequence": ("last = last + 1 WHERE id = %s", ("sequence",)),
    "units_auditchainhead": (
        "last_hash = md5(random()::text), length = length + 1 WHERE id = %s",
        ("head",),
    ),
    "viewflow_task": (f"{DONE} WHERE id = %s", ("task",)),
    "viewflow_process": (f"{DONE} WHERE id = %s", ("process",)),
}
STATE_AFTER = {"classify": "classified", "refer": "referred", "send_referral": "awaiting_answer",
               "record_answer": "answer_received", "notify_petitioner": "petitioner_notified",
               "close": "closed"}  # fmt: skip


def _templates(db, petition_id: int) -> dict:
    """One real row per table, copied (keys dropped) by every floor INSERT into that table."""
    ctx, rows = {"petition": petition_id}, {}
    for table, (column, reads, _) in SOURCES.items():  # in an order where each finds its key
        where = f"WHERE {column} = %s" if column else ""
        query = f"SELECT * FROM {table} {where} ORDER BY 1 DESC"
        rows[table] = db.execute(query, [ctx[reads]] if reads else []).fetchone()
        ctx.update({v: rows[table][k] for k, v in LINKS.items() if k in rows[table]} | ctx)
        ctx.setdefault(SOURCES[table][2], rows[table].get("id"))
    for history, table in HISTORY_OF.items():
        rows[history] = db.execute(
            f"SELECT * FROM {history} WHERE id = %s ORDER BY history_id DESC",
            [rows[table]["id"]],
        ).fetchone()
    return rows


def floor_run(url: str, shape, petition_id: int, cases: int, unit_id: int) -> tuple[float, int]:
    import psycopg
    from psycopg.rows import dict_row

    written: dict[str, list] = collections.defaultdict(list)
    with psycopg.connect(url, row_factory=dict_row) as db:
        rows = _templates(db, petition_id)
        sequence = db.execute(
            "INSERT INTO casework_numbersequence (unit_id, name, year, last) VALUES (%s, %s, 2000, "
            "0) ON CONFLICT (unit_id, name, year) DO UPDATE SET last = 0 RETURNING id",
            [unit_id, FLOOR_MARK],
        ).fetchone()["id"]
        head = db.execute(
            'INSERT INTO units_auditchainhead ("table", last_hash, length) VALUES (%s, %s, 0) '
            'ON CONFLICT ("table") DO UPDATE SET length = 0 RETURNING id',
            [FLOOR_MARK, "0" * 64],
        ).fetchone()["id"]
        db.commit()
        statements, started = 0, time.perf_counter()
        for number in range(cases):
            ctx = {"sequence": sequence, "head": head, "task": None, "number": number}
            for step, writes in shape:
                with db.transaction():
                    for verb, table in writes:
                        statements += 1
                        if verb == "UPDATE":
                            sql, keys = UPDATES[table]
                            ctx["state"] = STATE_AFTER.get(step)
                            db.execute(f"UPDATE {table} SET {sql}", [ctx[k] for k in keys])
                        else:
                            written[table].append(_floor_insert(db, rows[table], table, ctx))
        seconds = time.perf_counter() - started
        _forget_floor(db, written)
    return seconds, statements


def _floor_insert(db, template: dict, table: str, ctx: dict) -> tuple[str, int]:
    from psycopg.types.json import Jsonb

    row = dict(template)
    history = table in HISTORY_OF
    key = "history_id" if history else "id"
    row.pop(key, None)
    if history:
        row["id"] = ctx[SOURCES[HISTORY_OF[table]][2]]
        row["history_change_reason"] = FLOOR_MARK
    if table == "viewflow_task":
        ctx["previous"] = ctx["task"]
    row.update({k: ctx[v] for k, v in LINKS.items() if k in row and v in ctx})
    if "tracking_code" in row:  # unique, and never made of digits by the real service
        row["tracking_code"] = f"{ctx['number']:07d}-{time.time_ns() % 10**6}"
    if table == "casework_referral":
        row["slip_number"] = f"{FLOOR_MARK}-{time.time_ns()}"
    row = {k: Jsonb(v) if isinstance(v, dict | list) else v for k, v in row.items()}
    columns = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join(["%s"] * len(row))
    sql = f'INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING "{key}"'
    new = db.execute(sql, list(row.values())).fetchone()[key]
    if SOURCES.get(table, (0, 0, None))[2]:
        ctx[SOURCES[table][2]] = new
    return key, new


def _forget_floor(db, written) -> None:
    """History is append-only (triggers); the scratch database's own superuser skips them."""
    try:
        with db.transaction():
            db.execute("SET LOCAL session_replication_role = replica")
            for table, keys in written.items():
                sql = f'DELETE FROM {table} WHERE "{keys[0][0]}" = ANY(%s)'
                db.execute(sql, [[k for _, k in keys]])
            db.execute('DELETE FROM units_auditchainhead WHERE "table" = %s', [FLOOR_MARK])
    except Exception as error:  # the figures stand; only the scratch rows stay behind
        print(f"# the floor's rows could not be removed: {error}", file=sys.stderr)


def main() -> int:
    args = _arguments()
    url = setup_django(yes=args.yes, quick="lifecycle" if args.quick else None)
    try:
        return _main(args, url)
    finally:
        if args.quick:
            scratch.drop(url)


def _main(args, url: str) -> int:
    from django.db import connections

    from casework.models import Petition
    from notifications.publisher import publisher

    c = cast()
    first = Petition.objects.count() * 10 + 1  # numbers (ID, phone) unused by earlier runs
    real, bare, shape, last_id, closed = measured_runs(c, args, first)
    publisher.flush(timeout=30)
    connections.close_all()
    floor_seconds, floor_statements = floor_run(url, shape, last_id, args.cases, c.commune.pk)
    n, steps = args.cases, args.cases * STEPS
    step_ms, bare_step_ms = real.seconds / steps * 1000, bare.seconds / steps * 1000
    report(
        [
            ("lifecycle_cases", n, "cases"),
            ("lifecycle_cases_per_s", n / real.seconds, "cases/s"),
            ("lifecycle_step_ms", step_ms, "ms"),
            ("lifecycle_bare_viewflow_step_ms", bare_step_ms, "ms"),
            ("lifecycle_vs_bare_viewflow", step_ms / bare_step_ms, "x"),
            ("lifecycle_sql_per_step", real.counter.total / steps, "statements"),
            ("lifecycle_bare_sql_per_step", bare.counter.total / steps, "statements"),
            ("lifecycle_sql_per_case", real.counter.total / n, "statements"),
            ("lifecycle_floor_cases_per_s", n / floor_seconds, "cases/s"),
            ("lifecycle_floor_sql_per_case", floor_statements / n, "statements"),
            ("lifecycle_ratio_to_floor", real.seconds / floor_seconds, "x"),
        ],
        save=not args.quick,
    )
    print_breakdown(real, bare, n)
    for step, w in shape:
        print(f"# writes {step}: " + ", ".join(f"{v.split()[0]} {t}" for v, t in w))
    if closed != n:
        print(f"# only {closed} of {n} cases ended closed", file=sys.stderr)
    return 0 if closed == n else 1


if __name__ == "__main__":
    sys.exit(main())
