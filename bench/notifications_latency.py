"""Commit-to-receive latency of WebSocket notifications, through the production path: two uvicorn
workers sharing the Redis channel layer, clients signed in with real sessions, and notify()
committing in this process as a service would.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python -m bench.notifications_latency

It works in a scratch database: one whose name contains "bench" is used as is; otherwise
"<name>_bench" on the same server is created (and migrated) beside it, so the named database is
never written to. `--yes` uses the named database itself. The bench's users, units and rows are
recreated on every run; its Redis keys live under a prefix of their own and are removed.

Each of the --clients sockets belongs to its own user, a case officer in one of --units units;
each of the --events notify() calls tells one user, round robin, so every event is expected
exactly once at exactly one socket. The commit moment is taken by an on_commit callback queued
before notify()'s own, the receive moment in a separate client process on the same clock
(CLOCK_MONOTONIC is system-wide on Linux).

Prints `name: value unit` lines and merges them into bench/results.json; exits 1 when any
expected event did not arrive, arrived twice, or reached the wrong user.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import scratch

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
USERNAME_PREFIX = "bench-notify-"
ROOT_CODE = "BENCH"
TIMEOUT = 30.0  # seconds for any one stage to finish before the run is called failed

Spec = tuple[str, str, str, int]  # (ws url, origin, Cookie header, user id)


# Setup -------------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes")
    parser.add_argument(
        "--rate", type=float, default=0, help="events per second; 0: as fast as one writer goes"
    )
    parser.add_argument(
        "--yes", action="store_true", help="write to DATABASE_URL's database even without 'bench'"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 10 clients, 50 events, 5 units, in a throwaway database; "
        "results.json untouched",
    )
    args = parser.parse_args()
    if args.quick:
        args.clients, args.events, args.units = 10, 50, 5
    return args


def _scratch_database_url(url: str, *, yes: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    name = parts.path.lstrip("/")
    if "bench" in name or yes:
        return url
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def _ensure_database(url: str) -> None:
    """Creates the scratch database when missing (CREATE DATABASE cannot run in a transaction,
    hence autocommit on a connection to the server's maintenance database)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"# created database {name}", flush=True)


def _raise_open_files_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _cast(*, clients: int, units: int) -> list[tuple[int, str]]:
    """(user id, unit name) for each client: a case officer per client, spread over the units.
    Units and users of earlier runs are reused (deleting them would write history rows for
    nothing); their notifications and sessions go."""
    from django.contrib.sessions.models import Session

    from notifications.models import Notification
    from units.choices import Role, UnitKind, UnitLevel
    from units.models import Membership, Unit, User

    Notification.objects.filter(recipient__username__startswith=USERNAME_PREFIX).delete()
    Session.objects.all().delete()  # a scratch database: only the bench signs in here

    root = Unit.objects.filter(kind=UnitKind.COMMITTEE, admin_code=ROOT_CODE).first()
    if root is None:
        root = Unit.objects.add_root(
            instance=Unit(
                name="Bench", kind=UnitKind.COMMITTEE, level=UnitLevel.CENTRAL, admin_code=ROOT_CODE
            )
        )
    communes = list(Unit.objects.get_children(root).order_by("path"))
    for number in range(len(communes), units):
        commune = Unit(
            name=f"Bench commune {number + 1:03d}", kind=UnitKind.COMMITTEE, level=UnitLevel.COMMUNE
        )
        communes.append(Unit.objects.add_child(root, instance=commune))
    communes = communes[:units]

    usernames = [f"{USERNAME_PREFIX}{number:05d}" for number in range(clients)]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=username, password="!bench", language="vi")
            for username in usernames
            if username not in existing
        ]
    )
    users = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=users[username], unit=communes[number % units], role=Role.CASE_OFFICER
            )
            for number, username in enumerate(usernames)
        ],
        ignore_conflicts=True,
    )
    return [
        (users[username], communes[number % units].name)
        for number, username in enumerate(usernames)
    ]


def _session_cookies(user_ids: list[int]) -> dict[int, str]:
    """One signed-in session per user, written in bulk rather than through 1,000 logins."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from units.models import User

    store = SessionStore()
    expires = timezone.now() + dt.timedelta(hours=1)
    rows, cookies = [], {}
    for user in User.objects.filter(pk__in=user_ids):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={key}"
    Session.objects.bulk_create(rows)
    return cookies


# uvicorn workers ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_workers(count: int, env: dict) -> list[tuple[subprocess.Popen, int]]:
    workers = []
    for _ in range(count):
        port = _free_port()
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
        command += ["--no-access-log", "--log-level", "warning", "--timeout-graceful-shutdown", "2"]
        workers.append((subprocess.Popen(command, cwd=PROJECT_DIR, env=env), port))
    return workers


def _wait_for_workers(workers: list[tuple[subprocess.Popen, int]]) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + TIMEOUT
    for process, port in workers:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn on port {port} exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn on port {port} did not answer in {TIMEOUT:.0f} s")
            try:
                with opener.open(f"http://127.0.0.1:{port}/accounts/login/", timeout=1):
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)


def _stop_workers(workers: list[tuple[subprocess.Popen, int]]) -> None:
    for process, _ in workers:
        if process.poll() is None:
            process.terminate()
    for process, _ in workers:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# The clients: a process of their own, so their loop does not share a GIL with the writer -----


def _clients_main(specs: list[Spec], expected: int, committed, connection) -> None:
    _raise_open_files_limit(len(specs) + 256)
    try:
        connection.send(("done", asyncio.run(_clients(specs, expected, committed, connection))))
    except Exception as error:  # reported to the parent, which stops everything
        connection.send(("error", repr(error)))


async def _clients(specs: list[Spec], expected: int, committed, connection) -> list:
    from websockets.asyncio.client import connect

    received: list[tuple[int, int, float]] = []  # (user id, notification id, receive moment)
    complete = asyncio.Event()
    opening = asyncio.Semaphore(64)  # a burst of handshakes, not 1,000 at once

    async def open_socket(url: str, origin: str, cookie: str):
        async with opening:
            return await connect(
                url,
                origin=origin,
                additional_headers={"Cookie": cookie},
                proxy=None,
                open_timeout=TIMEOUT,
                close_timeout=5,
                compression=None,
            )

    async def read(user_id: int, socket) -> None:
        async for message in socket:
            moment = time.monotonic()
            received.append((user_id, json.loads(message)["id"], moment))
            if len(received) >= expected:
                complete.set()

    started = time.monotonic()
    sockets = await asyncio.gather(*(open_socket(url, o, c) for url, o, c, _ in specs))
    readers = [
        asyncio.create_task(read(spec[3], socket))
        for spec, socket in zip(specs, sockets, strict=True)
    ]
    connection.send(("ready", time.monotonic() - started))

    # Done when every expected message is in, or a while after the writer finished.
    while not complete.is_set():
        if committed.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(complete.wait(), TIMEOUT)
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # anything arriving twice or astray arrives now, and is counted
    for task in readers:
        task.cancel()
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    return received


# The writer ---------------------------------------------------------------------------------


def _commit_events(cast: list[tuple[int, str]], events: int, rate: float) -> dict[int, tuple]:
    """{notification id: (recipient id, commit moment)}"""
    from django.db import transaction

    from notifications.choices import NotificationKind
    from notifications.services import notify

    committed: dict[int, tuple[int, float]] = {}
    started = time.monotonic()
    for number in range(events):
        if rate:
            time.sleep(max(0.0, started + number / rate - time.monotonic()))
        user_id, unit_name = cast[number % len(cast)]
        moment: list[float] = []
        with transaction.atomic():
            # Queued before notify()'s push, so it runs first, right when COMMIT returns.
            transaction.on_commit(lambda moment=moment: moment.append(time.monotonic()))
            (row,) = notify(
                kind=NotificationKind.TASK_ARRIVED,
                user_ids=[user_id],
                case_label=f"BENCH-{number:05d} · Đơn kiến nghị",
                step="Classify the petition",
                url=f"/cases/{number + 1}/",
                unit_name=unit_name,
            )
        committed[row.pk] = (user_id, moment[0])
    return committed


# Report -------------------------------------------------------------------------------------


def _percentile(ordered: list[float], percent: float) -> float:
    """Nearest rank."""
    if not ordered:
        return float("nan")
    rank = max(1, round(percent / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def _report(figures: list[tuple[str, float, str]], *, save: bool = True) -> None:
    """`name: value unit` lines, merged into bench/results.json when `save`."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name, value, unit in figures:
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        print(f"{name}: {shown} {unit}", flush=True)
        results[name] = {
            "value": round(value, 2) if isinstance(value, float) else value,
            "unit": unit,
        }
    if save:
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def main() -> int:
    args = _arguments()
    if not os.environ.get("REDIS_URL"):
        sys.exit("The benchmark needs Redis: set REDIS_URL=redis://…")
    if args.quick:
        database_url = scratch.quick_url(os.environ.get("DATABASE_URL", ""), "notifications")
        scratch.create(database_url)
        try:
            return _main(args, database_url)
        finally:
            scratch.drop(database_url)
    database_url = _scratch_database_url(os.environ.get("DATABASE_URL", ""), yes=args.yes)
    _ensure_database(database_url)
    return _main(args, database_url)


def _main(args: argparse.Namespace, database_url: str) -> int:
    prefix = f"dn-bench-{uuid.uuid4().hex[:12]}"
    os.environ.update(
        DATABASE_URL=database_url,
        CHANNELS_PREFIX=prefix,
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    # Each worker holds half the sockets plus Redis and database connections; children inherit.
    _raise_open_files_limit(args.clients + 1024)
    sys.path.insert(0, str(PROJECT_DIR))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from notifications.publisher import publisher

    call_command("migrate", verbosity=0, interactive=False)
    cast = _cast(clients=args.clients, units=args.units)
    cookies = _session_cookies([user_id for user_id, _ in cast])
    connections.close_all()

    workers: list[tuple[subprocess.Popen, int]] = []
    clients = None
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    committed_flag = context.Event()
    try:
        workers = _start_workers(args.workers, os.environ.copy())
        _wait_for_workers(workers)
        specs: list[Spec] = []
        for number, (user_id, _) in enumerate(cast):
            port = workers[number % len(workers)][1]
            url, origin = f"ws://127.0.0.1:{port}/ws/notifications/", f"http://127.0.0.1:{port}"
            specs.append((url, origin, cookies[user_id], user_id))
        clients = context.Process(
            target=_clients_main, args=(specs, args.events, committed_flag, child_end)
        )
        clients.start()
        if not parent_end.poll(TIMEOUT * 4):
            raise RuntimeError("the clients did not connect in time")
        kind, connect_seconds = parent_end.recv()
        if kind != "ready":
            raise RuntimeError(f"the clients failed: {connect_seconds}")

        started = time.monotonic()
        committed = _commit_events(cast, args.events, args.rate)
        commit_seconds = time.monotonic() - started
        publisher.flush(timeout=TIMEOUT)
        committed_flag.set()

        if not parent_end.poll(TIMEOUT * 2):
            raise RuntimeError("the clients did not report in time")
        kind, received = parent_end.recv()
        if kind != "done":
            raise RuntimeError(f"the clients failed: {received}")
        clients.join(timeout=TIMEOUT)
    finally:
        if clients is not None and clients.is_alive():
            clients.terminate()
            clients.join(timeout=10)
        _stop_workers(workers)
        _forget_redis_keys(prefix)
        connections.close_all()

    latencies, seen, duplicates, astray = [], set(), 0, 0
    for user_id, notification_id, moment in received:
        if notification_id not in committed or committed[notification_id][0] != user_id:
            astray += 1
        elif notification_id in seen:
            duplicates += 1
        else:
            seen.add(notification_id)
            latencies.append((moment - committed[notification_id][1]) * 1000)
    latencies.sort()
    _report(
        [
            ("notifications_clients", args.clients, "clients"),
            ("notifications_units", args.units, "units"),
            ("notifications_workers", args.workers, "processes"),
            ("notifications_connect_s", connect_seconds, "s"),
            ("notifications_commit_rate", args.events / commit_seconds, "events/s"),
            ("notifications_events_expected", len(committed), "events"),
            ("notifications_events_received", len(seen), "events"),
            ("notifications_events_duplicated", duplicates, "events"),
            ("notifications_events_astray", astray, "events"),
            ("notifications_latency_p50_ms", _percentile(latencies, 50), "ms"),
            ("notifications_latency_p95_ms", _percentile(latencies, 95), "ms"),
            ("notifications_latency_p99_ms", _percentile(latencies, 99), "ms"),
            ("notifications_latency_max_ms", latencies[-1] if latencies else float("nan"), "ms"),
        ],
        save=not args.quick,
    )
    return 0 if len(seen) == len(committed) == args.events and not duplicates and not astray else 1


def _forget_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
