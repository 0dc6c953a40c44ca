"""Files follow their transaction. Uploads are written before the transaction commits; if it
rolls back, the rows are gone, and the files written inside it are deleted too, so nothing is
left half-written on disk (a kind's upload code calls `file_written`; `workflows.acting` wraps
every action in `files_removed_on_failure`)."""

import threading
from contextlib import contextmanager

from django.core.files.storage import default_storage

_written = threading.local()


@contextmanager
def files_removed_on_failure():
    """Files are stored before the transaction commits; if it rolls back, the rows are gone,
    and this deletes the files written inside it so nothing is left half-written on disk."""
    outermost = getattr(_written, "names", None) is None
    if outermost:
        _written.names = []
    try:
        yield
    except BaseException:
        if outermost:
            for name in _written.names:
                default_storage.delete(name)
        raise
    finally:
        if outermost:
            _written.names = None


def file_written(name: str) -> None:
    names = getattr(_written, "names", None)
    if names is not None:
        names.append(name)
