"""Importing a meeting's opinions from an office's spreadsheet: upload, choose the columns (the
guesses pre-filled), preview, dry run, import in the background with a progress bar.

The uploaded file is staged under a random name between the steps; the form carries only that
name's token, and the token is honoured only for the session that uploaded it, for that meeting.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import DomainError, refusal_title, status_of
from cases.spreadsheets import workbook_field
from cases.staged_uploads import Staging

from .choices import Field, RaisedBy
from .imports import (
    FINISHED,
    STAGING,
    ImportStatus,
    import_allowed,
    job_get,
    opinions_import_plan,
    sheet_preview,
)
from .kind import visible_meetings
from .models import Meeting
from .spreadsheet import (
    IMPORT_FIELDS,
    Mapping,
    field_label,
    mapping_check,
    mapping_guess,
    sheet_read,
    upload_check,
)
from .tasks import import_start

UPLOAD_PAGE = "recommendations/import_upload.html"
STATUS_PAGE = "recommendations/import_status.html"
SESSION_KEY = "recommendations_imports"
# The session keeps each token's meeting; the job it hands the file to deletes the file.
STAGED = Staging(folder=STAGING, session_key=SESSION_KEY)
ERRORS_SHOWN = 50


class UploadForm(forms.Form):
    file = workbook_field(
        help_text=gettext_lazy(
            "The first sheet is read. One row per opinion, under a row of column headers."
        )
    )


class MappingForm(forms.Form):
    """One select per field of an opinion: which column of the file holds it."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", _("— not in the file —"))]
        choices += [(str(i), header) for i, header in enumerate(headers)]
        for name in IMPORT_FIELDS:
            self.fields[f"map_{name}"] = forms.TypedChoiceField(
                label=field_label(name),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=name == "content",
                error_messages={
                    "required": _("Choose the column that holds the content of the opinions.")
                },
            )

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                mapping_check(self.mapping(), self.headers)
            except DomainError as error:
                raise forms.ValidationError(str(error)) from error
        return data

    def mapping(self) -> Mapping:
        return {
            name: self.cleaned_data[f"map_{name}"]
            for name in IMPORT_FIELDS
            if self.cleaned_data.get(f"map_{name}") is not None
        }


def _meeting(request, pk: int) -> Meeting:
    meeting = visible_meetings(request.user).select_related("session", "unit").filter(pk=pk)
    meeting = meeting.first()
    if meeting is None:
        raise Http404
    return meeting


def _refused(request, meeting: Meeting, error: DomainError):
    context = {
        "meeting": meeting,
        "refusal": refusal_title(error, _("The opinions cannot be imported")),
        "message": str(error),
    }
    return render(request, UPLOAD_PAGE, context, status=status_of(error))


def _preview_rows(outcome) -> list[dict]:
    return [
        {
            "line": parsed.line,
            "content": parsed.row.content,
            "field": Field(parsed.row.field).label,
            "raised_by": RaisedBy(parsed.row.raised_by).label,
            "voters": parsed.row.voters,
            "voter_name": parsed.row.voter_name,
            "voter_address": parsed.row.voter_address,
            "protect_identity": parsed.row.protect_identity,
            "answer_at_meeting": parsed.row.answer_at_meeting,
            "held": parsed.held,
        }
        for parsed in outcome.rows
    ]


def _mapping_page(request, meeting, sheet, form, mapping, *, plan=None, status=200):
    """The mapping step: the file's columns with a select each, and the rows as the chosen
    mapping reads them (none until the content's column is chosen)."""
    context = {"meeting": meeting, "form": form, "sheet": sheet, "plan": plan}
    if mapping is None or "content" not in mapping:
        return render(request, UPLOAD_PAGE, context, status=400 if form.errors else status)
    preview = sheet_preview(meeting=meeting, sheet=sheet, mapping=mapping)
    context.update(
        preview=preview,
        preview_rows=_preview_rows(preview),
        errors_shown=preview.errors[:ERRORS_SHOWN],
        errors_more=max(0, len(preview.errors) - ERRORS_SHOWN),
    )
    return render(request, UPLOAD_PAGE, context, status=400 if form.errors else status)


@login_required
@require_http_methods(["GET", "POST"])
def opinion_import(request, pk: int):
    meeting = _meeting(request, pk)
    try:
        import_allowed(meeting=meeting, actor=request.user)
    except DomainError as error:
        return _refused(request, meeting, error)
    if request.method == "POST" and request.POST.get("step") == "map":
        return _mapping_step(request, meeting)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload_check(upload)
            sheet = sheet_read(upload)
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            token = STAGED.stage(request.session, owner=meeting.pk, upload=upload)
            guess = mapping_guess(sheet.headers)
            initial = {"token": token, **{f"map_{name}": c for name, c in guess.items()}}
            mapping_form = MappingForm(headers=sheet.headers, initial=initial)
            return _mapping_page(request, meeting, sheet, mapping_form, guess)
    return render(
        request,
        UPLOAD_PAGE,
        {"meeting": meeting, "upload_form": form},
        status=400 if form.errors else 200,
    )


def _mapping_step(request, meeting: Meeting):
    token = request.POST.get("token", "")
    staged = STAGED.read(request.session, owner=meeting.pk, token=token, reader=sheet_read)
    if staged is None:
        context = {
            "meeting": meeting,
            "upload_form": UploadForm(),
            "upload_error": _("The uploaded file is no longer here; choose it again."),
        }
        return render(request, UPLOAD_PAGE, context, status=400)
    sheet, _file = staged
    form = MappingForm(request.POST, headers=sheet.headers)
    if not form.is_valid():
        return _mapping_page(request, meeting, sheet, form, None)
    action = request.POST.get("action")
    if action == "import":
        STAGED.forget(request.session, token)
        job = import_start(
            meeting=meeting, actor=request.user, path=STAGED.path(token), mapping=form.mapping()
        )
        return redirect("recommendations:import-status", job=job)
    plan = None
    if action == "dry_run":
        try:
            plan = opinions_import_plan(
                meeting=meeting, actor=request.user, sheet=sheet, mapping=form.mapping()
            )
        except DomainError as error:
            form.add_error(None, str(error))
    return _mapping_page(request, meeting, sheet, form, form.mapping(), plan=plan)


def _own_job(request, job: str) -> dict:
    state = job_get(job) if len(job) == 32 else None
    if state is None or state.get("user") != request.user.pk:
        raise Http404
    return state


def _progress(state: dict) -> dict:
    return {
        "status": state["status"],
        "status_label": str(ImportStatus(state["status"]).label),
        "finished": state["status"] in FINISHED,
        "done": state["done"],
        "total": state["total"],
        "created": state["created"],
        "skipped": state["skipped"],
        "errors": state["errors"],
        "error_count": state["error_count"],
        "meeting_url": reverse("recommendations:meeting-detail", args=[state["meeting"]]),
    }


@login_required
@require_GET
def import_status(request, job: str):
    state = _own_job(request, job)
    meeting = Meeting.objects.filter(pk=state["meeting"]).first()
    progress = _progress(state)
    context = {
        "job": job,
        "meeting": meeting,
        "progress": progress,
        "errors_more": max(0, progress["error_count"] - len(progress["errors"])),
    }
    return render(request, STATUS_PAGE, context)


@login_required
@require_GET
def import_progress(request, job: str):
    return JsonResponse(_progress(_own_job(request, job)))
