"""A deadline backlog, as after an outage: --timers answer-deadline timers due at once, fired by
--runners processes started at the same moment, each running the project's sweep
(`workflows.timers.fire_due_timers`, what `manage.py run_timers` and Celery beat call: viewflow's
firing, with cases claimed SKIP LOCKED) in a loop until a sweep fires nothing.

    DATABASE_URL=postgres://… python -m bench.timer_backlog [--timers 100000] [--seeds 300]

The backlog is built realistically but fast. --seeds petitions go through the real flow up to
awaiting_answer (receive, classify, refer, send_referral), which schedules their reminder,
follow-up and escalation timers. The rest are clones made in bulk: for each, a copy of a seed's
petition (no history rows) and referral, its process, its open answer task with its queue row,
and that task's timer tasks (same nodes, linked to the cloned answer task as viewflow links
them), until --timers timers are scheduled. Every timer in the backlog is then made due at a
moment spread over the six hours before the run.

Checks: every timer of the backlog DONE exactly once (none ERROR, none still due, none with two
successor tasks) and each petition holding exactly one history row, by the system user, per
follow-up and per escalation timer it had. Clones stay in the scratch database (history is
append-only). Scratch database as in bench/notifications_latency.py. Prints `name: value unit`
lines, merges them into bench/results.json (not with --quick); exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import queue
import sys
import time

from bench import scratch
from bench.lifecycle_throughput import cast, report, run_case, setup_django

OUTAGE = "6 hours"  # due moments spread over this long before the run
ISSUE_TIMERS = 100_000  # the issue's backlog: its time is extrapolated from the run's rate
CHUNK = 2000  # petitions cloned per bulk write


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timers", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, default=300, help="petitions through the real flow")
    parser.add_argument("--runners", type=int, default=2, help="dispatcher processes")
    parser.add_argument("--profile", metavar="PATH", help="cProfile each runner to PATH.<n>")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 1,000 timers, 10 seeds, in a throwaway database",
    )
    parser.add_argument("--yes", action="store_true", help="use DATABASE_URL's database as is")
    args = parser.parse_args()
    if args.quick:
        args.timers, args.seeds = 1000, 10
    args.seeds = max(1, min(args.seeds, -(-args.timers // 3)))
    return args


def _cancel_leftovers() -> int:
    """Timers left due by an interrupted earlier run would be fired with this run's."""
    from django.utils import timezone
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return Task.objects.filter(
        flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=timezone.now()
    ).update(status=STATUS.CANCELED)


def _build(c, args) -> tuple[list[int], list[int]]:
    """Returns (timer task ids, petition ids) of the backlog."""
    from django.db import connection
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS

    from casework.flows import PetitionFlow
    from casework.models import Petition, Referral
    from workflows.acting import active_process
    from workflows.models import TaskRoute

    first = Petition.objects.count() * 10 + 1
    seeds = []
    for number in range(first, first + args.seeds):
        petition = run_case(c, number, until="send_referral")
        process = active_process(petition)
        host = Task.objects.get(process=process, flow_task=PetitionFlow.answer)
        timers = list(
            Task.objects.filter(process=process, flow_task_type="TIMER", status=STATUS.SCHEDULED)
        )
        seeds.append((petition, petition.current_referral(), process, host, host.route, timers))
    timer_ids = [t.pk for s in seeds for t in s[5]][: args.timers]
    petition_ids = [s[0].pk for s in seeds]
    run = time.time_ns() // 10**6 % 10**7
    through = Task.previous.through

    def fields(model, instance, **changes):
        values = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        values.pop(model._meta.pk.attname)
        return model(**{**values, **changes})

    serial = 0
    while len(timer_ids) < args.timers:
        batch = [seeds[(serial + k) % len(seeds)] for k in range(CHUNK)]
        petitions = []
        for k, (petition, *_) in enumerate(batch, start=serial):
            clone = copy.copy(petition)
            clone.pk, clone.tracking_code = None, f"0{run:07d}-{k:06d}"  # real codes have no 0
            petitions.append(clone)
        Petition.objects.bulk_create(petitions)
        Referral.objects.bulk_create(
            fields(Referral, s[1], petition_id=p.pk, slip_number=f"{p.tracking_code}/bench")
            for s, p in zip(batch, petitions, strict=True)
        )
        processes = Process.objects.bulk_create(
            fields(Process, s[2], artifact_object_id=p.pk)
            for s, p in zip(batch, petitions, strict=True)
        )
        hosts = Task.objects.bulk_create(
            fields(Task, s[3], process_id=pr.pk) for s, pr in zip(batch, processes, strict=True)
        )
        TaskRoute.objects.bulk_create(
            fields(TaskRoute, s[4], task_id=h.pk, case_id=p.pk)
            for s, h, p in zip(batch, hosts, petitions, strict=True)
        )
        wanted = args.timers - len(timer_ids)
        pairs = [(t, h, pr) for s, h, pr in zip(batch, hosts, processes, strict=True) for t in s[5]]
        pairs = pairs[:wanted]
        timers = Task.objects.bulk_create(fields(Task, t, process_id=pr.pk) for t, _, pr in pairs)
        through.objects.bulk_create(
            through(from_task_id=t.pk, to_task_id=h.pk)
            for t, (_, h, _) in zip(timers, pairs, strict=True)
        )
        timer_ids += [t.pk for t in timers]
        used = {pr.pk for _, _, pr in pairs}
        petition_ids += [p.pk for p, pr in zip(petitions, processes, strict=True) if pr.pk in used]
        serial += CHUNK
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE viewflow_task SET scheduled = now() - interval '1 minute' "
            f"- random() * interval '{OUTAGE}' WHERE id = ANY(%s)",
            [timer_ids],
        )
    return timer_ids, petition_ids


def _runner(number: int, barrier, results, profile: str | None) -> None:
    import django

    django.setup()
    from django.db import connection

    from workflows.timers import fire_due_timers

    connection.ensure_connection()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    barrier.wait()
    started, sweeps = time.monotonic(), []
    if profiler:
        profiler.enable()
    while True:
        sweeps.append(fire_due_timers())
        if not sweeps[-1]:
            break
    seconds = time.monotonic() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(f"{profile}.{number}")
    results.put((number, sweeps, seconds))


def _check(timer_ids: list[int], petition_ids: list[int], since) -> dict[str, int]:
    from django.db import connection
    from viewflow.workflow.fields import get_task_ref

    from casework.flows import PetitionFlow
    from units.services import system_user
    from workflows.timers import timer_nodes

    # The follow-up and the escalation each write one petition history row; the reminder none.
    saving = [
        get_task_ref(node)
        for node, clock in timer_nodes(PetitionFlow)
        if clock.at.__name__ != "_reminder_at"
    ]

    with connection.cursor() as cursor:

        def one(sql: str, *params) -> int:
            cursor.execute(sql, params)
            return cursor.fetchone()[0] or 0

        counts = {
            "done": "SELECT count(*) FROM viewflow_task WHERE id = ANY(%s) AND status = 'DONE'",
            # A timer in ERROR, or a task it started (the follow-up, the escalation) in ERROR.
            "errors": "SELECT count(*) FROM viewflow_task WHERE status = 'ERROR' AND (id = "
            "ANY(%s) OR id IN (SELECT from_task_id FROM viewflow_task_previous WHERE "
            "to_task_id = ANY(%s)))",
            "fired_twice": "SELECT sum(n - 1) FROM (SELECT count(*) AS n FROM "
            "viewflow_task_previous WHERE to_task_id = ANY(%s) GROUP BY to_task_id) AS s",
        }
        found = {name: one(sql, *[timer_ids] * sql.count("%s")) for name, sql in counts.items()}
        if found["errors"]:  # what went wrong, as viewflow recorded it on the task
            cursor.execute(
                "SELECT id, flow_task, data -> '_exception' ->> 'title' FROM viewflow_task "
                "WHERE status = 'ERROR' AND (id = ANY(%s) OR id IN (SELECT from_task_id FROM "
                "viewflow_task_previous WHERE to_task_id = ANY(%s))) ORDER BY id LIMIT 10",
                [timer_ids, timer_ids],
            )
            for row in cursor.fetchall():
                print(f"# error: {row}", flush=True)
        found["left_due"] = one(
            "SELECT count(*) FROM viewflow_task WHERE flow_task_type = 'TIMER' "
            "AND status = 'SCHEDULED' AND scheduled <= now()"
        )
        # Per petition: system history rows written by the run minus its follow-up and
        # escalation timers in the backlog; both must match exactly.
        found["history_off"] = one(
            "WITH due AS (SELECT pp.artifact_object_id AS id, count(*) AS n FROM viewflow_task t "
            "JOIN viewflow_process pp ON pp.id = t.process_id "
            "WHERE t.id = ANY(%s) AND t.flow_task = ANY(%s) GROUP BY 1), "
            "got AS (SELECT id, count(*) AS n FROM casework_historicalpetition "
            "WHERE id = ANY(%s) AND history_user_id = %s AND history_date >= %s GROUP BY 1) "
            "SELECT count(*) FROM due FULL JOIN got USING (id) "
            "WHERE coalesce(due.n, 0) <> coalesce(got.n, 0)",
            timer_ids,
            saving,
            petition_ids,
            system_user().pk,
            since,
        )
        if found["history_off"]:  # which ones, for the record
            cursor.execute(
                "SELECT p.id, p.state, t.flow_task, t.status, t.finished, "
                "(SELECT array_agg(h.history_change_reason ORDER BY h.history_id) FROM "
                "casework_historicalpetition h WHERE h.id = p.id AND h.history_user_id = %s "
                "AND h.history_date >= %s) FROM casework_petition p "
                "JOIN viewflow_process pp ON pp.artifact_object_id = p.id "
                "JOIN viewflow_task t ON t.process_id = pp.id "
                "WHERE t.id = ANY(%s) AND p.id IN (SELECT id FROM (SELECT "
                "pp2.artifact_object_id AS id, count(*) FILTER (WHERE t2.flow_task = ANY(%s)) "
                "AS n FROM viewflow_task t2 JOIN viewflow_process pp2 ON pp2.id = t2.process_id "
                "WHERE "
                "t2.id = ANY(%s) GROUP BY 1) d WHERE d.n <> (SELECT count(*) FROM "
                "casework_historicalpetition h2 WHERE h2.id = d.id AND h2.history_user_id = %s "
                "AND h2.history_date >= %s)) ORDER BY p.id, t.id LIMIT 30",
                [system_user().pk, since, timer_ids, saving, timer_ids, system_user().pk, since],
            )
            for row in cursor.fetchall():
                print(f"# history mismatch: {row}", flush=True)
    return found


def main() -> int:
    args = _arguments()
    url = setup_django(yes=args.yes, quick="timers" if args.quick else None)
    try:
        return _main(args)
    finally:
        if args.quick:
            scratch.drop(url)


def _main(args) -> int:
    from django.db import connections
    from django.utils import timezone

    c = cast()
    canceled = _cancel_leftovers()
    if canceled:
        print(f"# {canceled} timers left due by an earlier run were canceled first")
    started = time.monotonic()
    timer_ids, petition_ids = _build(c, args)
    build_seconds = time.monotonic() - started
    print(f"# backlog of {len(timer_ids)} timers on {len(petition_ids)} petitions built in "
          f"{build_seconds:.0f} s ({args.seeds} through the flow)", flush=True)  # fmt: skip
    connections.close_all()

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(args.runners + 1), context.Queue()
    runners = [
        context.Process(target=_runner, args=(n, barrier, results, args.profile))
        for n in range(1, args.runners + 1)
    ]
    since = timezone.now()
    try:
        for runner in runners:
            runner.start()
        barrier.wait(timeout=120)
        started = time.monotonic()
        reports = []
        while len(reports) < len(runners):
            try:
                reports.append(results.get(timeout=5))
            except queue.Empty:
                if any(r.exitcode not in (None, 0) for r in runners):
                    raise RuntimeError("a runner failed") from None
        seconds = time.monotonic() - started
        for runner in runners:
            runner.join(timeout=60)
    finally:
        for runner in runners:
            if runner.is_alive():
                runner.terminate()
                runner.join(timeout=10)
    for number, sweeps, runner_seconds in sorted(reports):
        print(f"# runner {number}: fired {sum(sweeps)} in sweeps {sweeps}, {runner_seconds:.1f} s")
    found = _check(timer_ids, petition_ids, since)
    n = len(timer_ids)
    report(
        [
            ("timer_backlog_timers", n, "timers"),
            ("timer_backlog_runners", args.runners, "processes"),
            ("timer_backlog_seconds", seconds, "s"),
            ("timer_backlog_per_s", n / seconds, "timers/s"),
            # Firing only, at this run's rate (building the backlog is not counted).
            ("timer_backlog_100k_estimate_s", seconds * ISSUE_TIMERS / n, "s"),
            ("timer_backlog_done", found["done"], "timers"),
            ("timer_backlog_fired_twice", found["fired_twice"], "timers"),
            ("timer_backlog_errors", found["errors"], "timers"),
            ("timer_backlog_left_due", found["left_due"], "timers"),
            ("timer_backlog_history_mismatch", found["history_off"], "petitions"),
        ],
        save=not args.quick,
    )
    ok = found["done"] == n and not any(found[k] for k in found if k != "done")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
