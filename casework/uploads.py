"""Uploaded files follow their transaction.

A file is written to a staging area (`incoming/<its final name>`) while the transaction runs,
and moved into place when it commits. A rollback deletes it at once
(`cases.files.files_removed_on_failure`); a crash between the write and the commit leaves
it in the staging area, where the sweep (`sweep_uploads`, run when the timer runner starts)
removes it. So a case's folder only ever holds files whose rows committed, and a new case that
gets the number of a rolled-back one (SQLite reuses ids) never finds that case's files.
"""

import datetime as dt
import os
import time
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.db import transaction

from cases.files import file_written

INCOMING = "incoming"
# Case folders live under this prefix (`models.attachment_path`).
CASE_FILES = "petitions"


def _staged(final: str) -> str:
    return f"{INCOMING}/{final}"


def stage(final: str, content) -> str:
    """Writes `content` to the staging area and moves it to `final` on commit; returns the
    final name (the storage may alter it to avoid a clash)."""
    staged = default_storage.save(_staged(final), content)
    final = staged[len(INCOMING) + 1 :]
    file_written(staged)
    transaction.on_commit(lambda: place(final))
    return final


def place(final: str) -> bool:
    """Moves a staged file into place if it is still staged; whether it is in place now. A
    reader that finds a committed row whose file is still staged (the move after the commit
    was cut short) finishes the move."""
    staged = _staged(final)
    if default_storage.exists(final):
        return True
    if not default_storage.exists(staged):
        return False
    target = default_storage.path(final)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Same file system: the rename is atomic, so a reader sees the whole file or none.
    os.replace(default_storage.path(staged), target)
    return True


def _files_under(prefix: str):
    root = default_storage.path(prefix)
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            yield os.path.relpath(path, default_storage.path("")).replace(os.sep, "/"), path


def sweep(*, is_recorded: Callable[[str], bool], grace: dt.timedelta) -> dict[str, int]:
    """Finishes the moves of committed files and removes what no row records: staged files and
    case files older than `grace` (younger ones may belong to a transaction still running)."""
    cutoff = time.time() - grace.total_seconds()
    done = {"placed": 0, "removed": 0}
    for name, path in list(_files_under(INCOMING)):
        final = name[len(INCOMING) + 1 :]
        if is_recorded(final):
            done["placed"] += place(final)
        elif os.path.getmtime(path) < cutoff:
            os.remove(path)
            done["removed"] += 1
    for name, path in list(_files_under(CASE_FILES)):
        if not is_recorded(name) and os.path.getmtime(path) < cutoff:
            os.remove(path)
            done["removed"] += 1
    return done
