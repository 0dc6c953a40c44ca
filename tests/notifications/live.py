"""Real uvicorn processes on loopback for the tests that need a real web server (WebSocket):
tests/notifications/test_live_uvicorn.py and tests/browser/test_live_notifications.py."""

import copy
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import override_settings

from notifications.publisher import publisher

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Loopback only: never through a proxy the environment may name.
loopback = urllib.request.build_opener(urllib.request.ProxyHandler({}))

LIVE_SERVERS_REASON = "needs PostgreSQL and Redis (set DATABASE_URL=postgres://… and REDIS_URL)"


def live_servers_available() -> bool:
    """Real uvicorn processes must read the test's own database and share its channel layer:
    SQLite's in-memory test database and the in-memory layer cannot be shared with them."""
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and bool(
        settings.REDIS_URL
    )


@dataclass
class LiveServer:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/notifications/"

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url(db: dict) -> str:
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


def _start(name: str, env: dict, log_dir: Path) -> LiveServer:
    port = _free_port()
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--no-access-log",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "2",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return LiveServer(name=name, port=port, process=process, log=log)


def _wait_until_serving(server: LiveServer, deadline: float) -> None:
    """Any HTTP answer means Django is loaded and the loop is serving."""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"uvicorn {server.name} exited early:\n{server.log_tail()}")
        try:
            with loopback.open(f"{server.http_url}/accounts/login/", timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"uvicorn {server.name} did not answer in time:\n{server.log_tail()}")


def _stop(servers: list[LiveServer]) -> None:
    """Stop all at once: each may take a few seconds to shut down gracefully."""
    running = [server.process for server in servers if server.process.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def running_servers(*names: str) -> Iterator[list[LiveServer]]:
    """One uvicorn process per name, as web workers behind one address would be: all read the
    test database pytest-django created and share the Redis channel layer with this process,
    under a prefix of their own so no other run's groups mix in. Tests that use them must be
    transactional, so the users, sessions and rows they write are committed and visible to the
    servers. Call it only when live_servers_available()."""
    prefix = f"dn-live-{uuid.uuid4().hex[:12]}"
    layers = copy.deepcopy(settings.CHANNEL_LAYERS)
    layers["default"]["CONFIG"]["prefix"] = prefix
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "REDIS_URL": settings.REDIS_URL,
        "CHANNELS_PREFIX": prefix,
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    servers: list[LiveServer] = []
    # The channel layer is rebuilt on the setting change, so this process's publisher sends
    # under the same prefix as the servers.
    layer_override = override_settings(CHANNEL_LAYERS=layers)
    layer_override.enable()
    try:
        with tempfile.TemporaryDirectory(prefix="dn-live-") as log_dir:
            servers = [_start(name, env, Path(log_dir)) for name in names]
            deadline = time.monotonic() + 30
            for server in servers:
                _wait_until_serving(server, deadline)
            yield servers
            _stop(servers)  # before the log directory goes
    finally:
        _stop(servers)
        publisher.flush(timeout=5)
        layer_override.disable()
        _forget_redis_keys(prefix)


def _forget_redis_keys(prefix: str) -> None:
    """Group keys live for a day; a test run leaves none behind."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
