"""An uploaded file kept between the steps of an import (upload, preview, import), for the
person who uploaded it.

The file is stored under a random name and the session remembers that name's token and what it
was uploaded for (a meeting, a commune): the form carries only the token, and a token is
honoured only for the session that staged it and for the same owner, so nobody reads or imports
another person's file by posting its token. Each kind sets its storage folder and session key
(`Staging`); a sweep of files nobody imported is the kind's own (it knows how long its jobs
may wait for one).
"""

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TypeVar

from django.core.files.storage import default_storage
from django.utils import timezone

from .errors import DomainError

T = TypeVar("T")
TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Staged:
    """A file found staged for the session and its owner."""

    token: str
    path: str
    name: str  # the uploaded file's name, "" where the kind does not keep it

    def open(self):
        return default_storage.open(self.path, "rb")


@dataclass(frozen=True)
class Staging:
    """A kind's staged uploads: the folder they are stored in, the session key that lists them."""

    folder: str  # in the default storage, ending with "/"
    session_key: str
    # The session keeps the owner's id for each token, or [id, the file's name] where the kind
    # names the file later (in the history rows of what it imports).
    keep_name: bool = False
    suffix: str = ".xlsx"

    def path(self, token: str) -> str:
        return f"{self.folder}{token}{self.suffix}"

    def _owner(self, entry) -> int | None:
        return entry[0] if self.keep_name else entry

    def stage(self, session, *, owner: int, upload) -> str:
        """Stores the upload under a random name, owned by this session and `owner`; a file
        this session staged before for the same owner is deleted (a new upload replaces it).
        Returns the token."""
        staged = session.get(self.session_key, {})
        for token, entry in list(staged.items()):
            if self._owner(entry) == owner:
                default_storage.delete(self.path(token))
                del staged[token]
        token = uuid.uuid4().hex
        upload.seek(0)
        default_storage.save(self.path(token), upload)
        staged[token] = [owner, upload.name] if self.keep_name else owner
        # Assigned again, not changed in place, so that the session is saved.
        session[self.session_key] = staged
        return token

    def find(self, session, *, owner: int, token: str) -> Staged | None:
        """The file this session staged for `owner` under `token`, or None: another session's
        token, another owner's, or a file deleted meanwhile."""
        if not TOKEN.fullmatch(token or ""):
            return None
        entry = session.get(self.session_key, {}).get(token)
        if entry is None or self._owner(entry) != owner:
            return None
        path = self.path(token)
        if not default_storage.exists(path):
            return None
        return Staged(token=token, path=path, name=entry[1] if self.keep_name else "")

    def read(
        self, session, *, owner: int, token: str, reader: Callable[[IO[bytes]], T]
    ) -> tuple[T, Staged] | None:
        """What `reader` makes of the file this session staged for `owner` under `token`, and
        the file; None where `find` finds none, or where the file no longer reads (it read
        when it was staged: it is taken to be gone, and is uploaded again)."""
        staged = self.find(session, owner=owner, token=token)
        if staged is None:
            return None
        try:
            with staged.open() as handle:
                return reader(handle), staged
        except DomainError:
            return None

    def forget(self, session, token: str) -> None:
        """The session no longer offers the file; it stays stored, for a job that now owns it
        and deletes it when done."""
        staged = session.get(self.session_key, {})
        staged.pop(token, None)
        session[self.session_key] = staged

    def discard(self, session, token: str) -> None:
        """The session no longer offers the file, and it is deleted."""
        self.forget(session, token)
        default_storage.delete(self.path(token))


def sweep(folder: str, *, older_than: dt.timedelta) -> int:
    """Deletes the staged files of `folder` older than `older_than`: uploads somebody left at
    the preview step and never imported. Returns how many it deleted."""
    folder = folder.rstrip("/")
    if not default_storage.exists(folder):
        return 0
    removed = 0
    for name in default_storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        if timezone.now() - default_storage.get_modified_time(path) > older_than:
            default_storage.delete(path)
            removed += 1
    return removed
