"""Throwaway databases for `--quick` runs: each benchmark's smoke run creates a database of its
own beside DATABASE_URL's (`<scratch name>_quick_<benchmark>`, "bench" always in the name),
migrates it, and drops it at the end, also on failure. A full run's databases are untouched."""

from __future__ import annotations

import contextlib
import sys
from urllib.parse import urlsplit, urlunsplit


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _maintenance(url: str):
    import psycopg

    return psycopg.connect(with_name(url, "postgres"), autocommit=True, connect_timeout=10)


def quick_url(url: str, benchmark: str) -> str:
    """The smoke run's database URL for `benchmark` (not created yet)."""
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    name = database_name(url)
    base = name if "bench" in name else f"{name}_bench"
    return with_name(url, f"{base}_quick_{benchmark}")


def create(url: str) -> None:
    """Creates the database afresh (dropping a leftover of an interrupted smoke run)."""
    from psycopg import sql

    name = sql.Identifier(database_name(url))
    with _maintenance(url) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        server.execute(sql.SQL("CREATE DATABASE {}").format(name))
    print(f"# created database {database_name(url)}", flush=True)


def drop(url: str) -> None:
    from psycopg import sql

    with contextlib.suppress(Exception):  # Django's connections first, when Django is set up
        from django.db import connections

        connections.close_all()
    name = sql.Identifier(database_name(url))
    with _maintenance(url) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    print(f"# dropped database {database_name(url)}", flush=True)
