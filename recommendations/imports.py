"""Importing a meeting's opinions from a spreadsheet: the preview, the dry run, the import
(all or none, through `opinions_capture`) and the background job that runs it.

A job's state lives in the cache, not in a table: it is a progress bar's counters, read by one
person for a few minutes, and the opinions it records carry their own history rows. Only the job
writes its state once it is created, so a plain get-then-set needs no lock.
"""

import logging
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.errors import DomainError, NotAllowed
from units.models import User
from units.permissions import has_role

from .choices import MEETING_TAKES_OPINIONS
from .models import Meeting, Opinion
from .services import opinions_capture
from .services._shared import ORGANISERS
from .spreadsheet import Mapping, ParsedRow, Sheet, rows_parse, sheet_read

logger = logging.getLogger(__name__)

STAGING = "imports/"
JOB_TTL = 24 * 60 * 60
# The status page lists the first bad rows; the rest are counted.
MAX_ERRORS_KEPT = 200


class ImportStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting for the background worker")
    CHECKING = "checking", gettext_lazy("Checking the rows")
    SAVING = "saving", gettext_lazy("Recording the opinions")
    DONE = "done", gettext_lazy("Imported")
    REFUSED = "refused", gettext_lazy("Refused: nothing was recorded")
    FAILED = "failed", gettext_lazy("Failed: nothing was recorded")


FINISHED = (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)


def import_allowed(*, meeting: Meeting, actor: User) -> None:
    """Who may import (the committee's organisers) and when (the meeting held, its minutes not
    closed): the rule of `opinions_capture`, checked before anything is uploaded."""
    if not has_role(actor, meeting.unit, ORGANISERS):
        raise NotAllowed(_("Only the committee's case officers and leaders import opinions."))
    if meeting.state not in MEETING_TAKES_OPINIONS:
        raise DomainError(_("Opinions are recorded once the meeting is held, until it is closed."))


@dataclass
class Outcome:
    total: int = 0  # the rows with something in the chosen columns
    created: int = 0
    skipped: int = 0  # already held by the session
    errors: list[str] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len(self.errors)


def _mark_held(meeting: Meeting, rows: list[ParsedRow]) -> None:
    keys = {parsed.row.import_key for parsed in rows}
    held = set(
        Opinion.objects.filter(session=meeting.session_id, import_key__in=keys).values_list(
            "import_key", flat=True
        )
    )
    for parsed in rows:
        parsed.held = parsed.row.import_key in held


def sheet_preview(*, meeting: Meeting, sheet: Sheet, mapping: Mapping, limit: int = 10) -> Outcome:
    """The first `limit` rows as they would be recorded (marked when already imported) and
    every bad row's message."""
    parsed = rows_parse(sheet=sheet, mapping=mapping, meeting_id=meeting.pk)
    rows = parsed.rows[:limit]
    _mark_held(meeting, rows)
    return Outcome(total=parsed.total, errors=parsed.errors, rows=rows)


def opinions_import_plan(
    *, meeting: Meeting, actor: User, sheet: Sheet, mapping: Mapping, progress=None
) -> Outcome:
    """The dry run: how many rows an import would record, skip (already held) and refuse.
    Writes nothing."""
    import_allowed(meeting=meeting, actor=actor)
    parsed = rows_parse(sheet=sheet, mapping=mapping, meeting_id=meeting.pk, progress=progress)
    if not parsed.total:
        raise DomainError(_("The file holds no opinions below its header row."))
    _mark_held(meeting, parsed.rows)
    skipped = sum(1 for row in parsed.rows if row.held)
    return Outcome(
        total=parsed.total,
        created=len(parsed.rows) - skipped,
        skipped=skipped,
        errors=parsed.errors,
        rows=parsed.rows,
    )


def opinions_import(
    *, meeting: Meeting, actor: User, sheet: Sheet, mapping: Mapping, progress=None
) -> Outcome:
    """Records the sheet's opinions, all or none: one bad row and nothing is recorded, and the
    outcome lists every bad row."""
    plan = opinions_import_plan(
        meeting=meeting, actor=actor, sheet=sheet, mapping=mapping, progress=progress
    )
    if plan.errors:
        return Outcome(total=plan.total, errors=plan.errors)
    # One call, one transaction. opinions_capture locks the meeting and reads the held keys
    # again under the lock: an import of the same file running meanwhile waits, then skips.
    created = opinions_capture(meeting=meeting, actor=actor, rows=[r.row for r in plan.rows])
    return Outcome(total=plan.total, created=len(created), skipped=plan.total - len(created))


# The background job --------------------------------------------------------------------------


def _key(job: str) -> str:
    return f"recommendations:import:{job}"


def job_create(*, meeting: Meeting, actor: User) -> str:
    job = uuid.uuid4().hex
    state = {
        "status": ImportStatus.QUEUED.value,
        "meeting": meeting.pk,
        "user": actor.pk,
        "done": 0,
        "total": 0,
        "created": 0,
        "skipped": 0,
        "errors": [],
        "error_count": 0,
    }
    cache.set(_key(job), state, JOB_TTL)
    return job


def job_get(job: str) -> dict | None:
    return cache.get(_key(job))


def _job_update(job: str, **values) -> None:
    state = job_get(job) or {}
    state.update(values)
    cache.set(_key(job), state, JOB_TTL)


def _finish(job: str, status: str, outcome: Outcome | None, errors: list[str]) -> None:
    values = {
        "status": ImportStatus(status).value,
        "errors": errors[:MAX_ERRORS_KEPT],
        "error_count": len(errors),
    }
    if outcome is not None:
        values.update(created=outcome.created, skipped=outcome.skipped, done=outcome.total)
    _job_update(job, **values)


def import_run(*, job: str, meeting_id: int, actor_id: int, path: str, mapping: Mapping) -> None:
    """The job: reads the staged file, checks every row (progress every 50), records them in
    one transaction, and deletes the file whatever happens."""
    # A redelivered task (acks_late) or a second worker finds the job claimed and leaves it.
    if not cache.add(f"{_key(job)}:claimed", 1, JOB_TTL):
        return
    try:
        actor = User.objects.filter(pk=actor_id).first()
        with translation.override(actor.language if actor else None):
            _run(job, meeting_id=meeting_id, actor=actor, path=path, mapping=mapping)
    finally:
        default_storage.delete(path)


def _run(job: str, *, meeting_id: int, actor: User | None, path: str, mapping: Mapping) -> None:
    try:
        _job_update(job, status=ImportStatus.CHECKING.value)
        meeting = Meeting.objects.select_related("unit").filter(pk=meeting_id).first()
        if actor is None or meeting is None:
            raise DomainError(_("The meeting or the person who started the import is gone."))
        with default_storage.open(path, "rb") as handle:
            sheet = sheet_read(handle)
        _job_update(job, total=len(sheet.lines))

        def progress(done: int, total: int) -> None:
            values = {"done": done, "total": total}
            if done == total:
                values["status"] = ImportStatus.SAVING.value
            _job_update(job, **values)

        outcome = opinions_import(
            meeting=meeting, actor=actor, sheet=sheet, mapping=mapping, progress=progress
        )
    except DomainError as error:
        _finish(job, ImportStatus.REFUSED, None, [str(error)])
        return
    except Exception:
        logger.exception("opinion import %s failed", job)
        message = _("The import failed; nothing was recorded. Try again later.")
        _finish(job, ImportStatus.FAILED, None, [message])
        return
    _finish(
        job, ImportStatus.REFUSED if outcome.errors else ImportStatus.DONE, outcome, outcome.errors
    )
