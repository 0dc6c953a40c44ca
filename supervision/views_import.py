"""Importing a commune's investment projects from a spreadsheet: upload, preview (the columns
read, the rows as they would be recorded, every bad row), then a dry run or the import. The
files are small, so the import runs in the request.

The uploaded file is staged under a random name between the preview and the import; the form
carries only that name's token, honoured only for the session that uploaded it, for that
commune.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cases.errors import DomainError, refusal_title, status_of
from cases.spreadsheets import workbook_field
from cases.staged_uploads import Staging
from units.choices import UnitKind, UnitLevel
from units.models import Unit

from .choices import PartyRole, ProjectType
from .project_import import (
    STAGING,
    Outcome,
    field_label,
    import_allowed,
    projects_import,
    projects_import_plan,
    sheet_read,
    upload_check,
)

UPLOAD_PAGE = "supervision/project_import.html"
PREVIEW_PAGE = "supervision/project_import_preview.html"
SESSION_KEY = "supervision_project_imports"
# The session keeps each token's commune and the file's name, which the history rows cite.
STAGED = Staging(folder=STAGING, session_key=SESSION_KEY, keep_name=True)
PREVIEW_ROWS = 20
ERRORS_SHOWN = 100


class UploadForm(forms.Form):
    file = workbook_field(
        help_text=gettext_lazy(
            "The first sheet is read: one row per project, under a row of column headers."
        )
    )


def _commune(unit_id: int) -> Unit:
    return get_object_or_404(
        Unit, pk=unit_id, kind=UnitKind.COMMITTEE, level=UnitLevel.COMMUNE, is_active=True
    )


def _refused(request, unit: Unit, error: DomainError):
    context = {
        "unit": unit,
        "refusal": refusal_title(error, _("The projects cannot be imported")),
        "message": str(error),
    }
    return render(request, UPLOAD_PAGE, context, status=status_of(error))


def _grouped(amount: int | None) -> str:
    """1.250.000.000 in Vietnamese, 1,250,000,000 in English: Django's Vietnamese formats
    group no digits (no NUMBER_GROUPING), and a budget in đồng is unreadable ungrouped."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def _rows(outcome: Outcome) -> list[dict]:
    return [
        {
            "line": row.line,
            "code": row.code,
            "name": row.name,
            "type": ProjectType(row.type).label,
            "commune_budget": row.commune_budget,
            "location": row.location,
            "budget": _grouped(row.budget),
            "starts_on": row.starts_on,
            "ends_on": row.ends_on,
            "parties": [
                {"role": PartyRole(party.role).label, "name": party.name, "people": party.people}
                for party in row.parties
            ],
            "unchanged": row.unchanged,
        }
        for row in outcome.rows[:PREVIEW_ROWS]
    ]


def _preview(request, unit, *, token, file_name, sheet, outcome, status=200, **extra):
    errors = outcome.errors
    context = {
        "unit": unit,
        "token": token,
        "file_name": file_name,
        "outcome": outcome,
        "columns": [
            {"field": field_label(name), "header": sheet.headers[column]}
            for name, column in outcome.mapping.items()
        ],
        "header_line": sheet.header_line,
        "rows": _rows(outcome),
        "rows_more": max(0, len(outcome.rows) - PREVIEW_ROWS),
        "errors_shown": errors[:ERRORS_SHOWN],
        "errors_more": max(0, len(errors) - ERRORS_SHOWN),
        **extra,
    }
    return render(request, PREVIEW_PAGE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request, unit_id: int):
    unit = _commune(unit_id)
    try:
        import_allowed(unit=unit, actor=request.user)
    except DomainError as error:
        return _refused(request, unit, error)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload_check(upload)
            sheet = sheet_read(upload)
            plan = projects_import_plan(unit=unit, actor=request.user, sheet=sheet)
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            token = STAGED.stage(request.session, owner=unit.pk, upload=upload)
            page = {"token": token, "file_name": upload.name, "sheet": sheet}
            return _preview(request, unit, outcome=plan, **page)
    status = 400 if form.errors else 200
    return render(request, UPLOAD_PAGE, {"unit": unit, "form": form}, status=status)


@login_required
@require_POST
def project_import_confirm(request, unit_id: int):
    """The preview's two buttons: a dry run (checks again, writes nothing) or the import."""
    unit = _commune(unit_id)
    try:
        import_allowed(unit=unit, actor=request.user)
    except DomainError as error:
        return _refused(request, unit, error)
    token = request.POST.get("token", "")
    staged = STAGED.read(request.session, owner=unit.pk, token=token, reader=sheet_read)
    if staged is None:
        context = {
            "unit": unit,
            "form": UploadForm(),
            "upload_error": _("The uploaded file is no longer here; choose it again."),
        }
        return render(request, UPLOAD_PAGE, context, status=400)
    sheet, file = staged
    page = {"token": token, "file_name": file.name, "sheet": sheet}
    try:
        if request.POST.get("action") != "import":
            plan = projects_import_plan(unit=unit, actor=request.user, sheet=sheet)
            return _preview(request, unit, outcome=plan, dry_run=True, **page)
        outcome = projects_import(unit=unit, actor=request.user, sheet=sheet, file_name=file.name)
    except DomainError as error:
        return _refused(request, unit, error)
    if not outcome.recorded:
        return _preview(request, unit, outcome=outcome, import_refused=True, status=400, **page)
    STAGED.discard(request.session, token)
    messages.success(
        request,
        ngettext(
            "%(new)s project imported; %(unchanged)s already recorded.",
            "%(new)s projects imported; %(unchanged)s already recorded.",
            outcome.new,
        )
        % {"new": outcome.new, "unchanged": outcome.unchanged},
    )
    return redirect("supervision:project-import", unit_id=unit.pk)
