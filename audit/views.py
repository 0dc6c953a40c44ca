"""The auditor's workspace: read-only pages over every case in the auditor's scope. The only
writes are asking for an export and the record of a protected identity shown.

A case the user may not see does not exist for them (404, as on the case page); a case they see
without an auditor's or administrator's role over its committee is refused (403). Each case page
reads the case through one identity shield, which records a showing of a protected identity
once per page (Luật Tố cáo Art. 47); the search records it once per case on each page of
results.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import identity, registry
from cases.timeline import EventKind, case_as_of, case_timeline, version_diff, versions
from units.converters import MAX_ID
from units.permissions import has_role, has_role_anywhere

from .choices import AUDIT_ROLES, ExportFormat, ExportStatus
from .forms import EventFilterForm, ExportForm
from .models import Export
from .selectors import events_across
from .services import export_request

PAGE_SIZE = 50


def _require_auditor(user) -> None:
    if not has_role_anywhere(user, AUDIT_ROLES):
        raise PermissionDenied


def _audited_case(request, case_kind: str, pk: int, *, where: str):
    """The case of `case_kind` (any registered kind) if the auditor may open it, its kind and
    its identity shield for the page."""
    kind = registry.get(case_kind)
    case = kind.visible(request.user).filter(pk=pk).first() if kind is not None else None
    if case is None:
        raise Http404
    if not has_role(request.user, case.unit, AUDIT_ROLES):
        raise PermissionDenied
    return case, kind, identity.shield(request.user, case, where=where)


def _case_context(case, kind) -> dict:
    return {"case": case, "case_kind": kind}


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def event_search(request):
    _require_auditor(request.user)
    form = EventFilterForm(request.GET or None, viewer=request.user)
    page = None
    if form.is_bound and form.is_valid():
        events = events_across(user=request.user, filters=form.filters())
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_search.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "formats": ExportFormat.choices,
        },
    )


@login_required
@require_GET
def case_timeline_page(request, pk: int, case_kind: str = "petition"):
    case, case_kind, shown = _audited_case(request, case_kind, pk, where="audit timeline")
    kind = request.GET.get("kind", "")
    if kind not in EventKind.values:
        kind = ""
    saved = versions(user=request.user, case=case, shield=shown)
    return render(
        request,
        "audit/case_timeline.html",
        {
            **_case_context(case, case_kind),
            "events": case_timeline(user=request.user, case=case, kind=kind, shield=shown),
            "kind": kind,
            "kinds": EventKind.choices,
            "versions": saved,
            "a": saved[-2].history_id if len(saved) > 1 else None,
            "b": saved[-1].history_id if saved else None,
            "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )


def _int(value) -> int | None:
    """A version id, or None: history ids are 64-bit, so a longer number names no version."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


@login_required
@require_GET
def case_diff(request, pk: int, case_kind: str = "petition"):
    case, case_kind, shown = _audited_case(request, case_kind, pk, where="audit version comparison")
    a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
    diff = None
    if a is not None and b is not None:
        diff = version_diff(user=request.user, case=case, a_id=a, b_id=b, shield=shown)
    if diff is None:
        raise Http404
    return render(
        request,
        "audit/case_diff.html",
        {
            **_case_context(case, case_kind),
            "diff": diff,
            "versions": versions(user=request.user, case=case, shield=shown),
            "changed_only": request.GET.get("changed") == "1",
        },
    )


@login_required
@require_GET
def case_as_of_page(request, pk: int, case_kind: str = "petition"):
    case, case_kind, shown = _audited_case(
        request, case_kind, pk, where="audit case as of a moment"
    )
    raw = request.GET.get("at", "")
    try:
        moment = timezone.make_aware(dt.datetime.strptime(raw, "%Y-%m-%dT%H:%M"))
    except ValueError:
        moment = None
    state = None
    if moment:
        state = case_as_of(user=request.user, case=case, moment=moment, shield=shown)
    return render(
        request,
        "audit/case_as_of.html",
        {**_case_context(case, case_kind), "at": raw, "moment": moment, "state": state},
        status=200 if moment else 400,
    )


# Exports -------------------------------------------------------------------------------------


@login_required
@require_POST
def export_create(request):
    _require_auditor(request.user)
    form = ExportForm(request.POST, viewer=request.user)
    if not form.is_valid():
        messages.error(request, _("The export could not be started: check the filters."))
        return redirect("audit:event-search")
    export_request(actor=request.user, filters=form.filters(), format=form.cleaned_data["format"])
    messages.success(request, _("The export has started; it appears below when it is ready."))
    return redirect("audit:export-list")


@login_required
@require_GET
def export_list(request):
    _require_auditor(request.user)
    exports = Export.objects.filter(requested_by=request.user).order_by("-id")[:100]
    return render(request, "audit/export_list.html", {"exports": exports})


def _own_export(request, pk: int) -> Export:
    return get_object_or_404(Export, pk=pk, requested_by=request.user)


@login_required
@require_GET
def export_status(request, pk: int):
    export = _own_export(request, pk)
    done = export.status == ExportStatus.DONE and bool(export.file)
    return JsonResponse(
        {
            "status": export.status,
            "status_label": export.get_status_display(),
            "rows_done": export.rows_done,
            "rows_total": export.rows_total,
            "download": reverse("audit:export-download", args=[export.pk]) if done else None,
            "error": bool(export.error),
        }
    )


@login_required
@require_GET
def export_download(request, pk: int):
    export = _own_export(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    name = export.file.name.rsplit("/", 1)[-1]
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
