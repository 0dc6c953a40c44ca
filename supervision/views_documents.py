"""A board's official documents (`documents`), generated on request as Word or PDF: the
recommendation of an inspection case or an investment round, and a periodic report.

Who may read the board may download them (`access.can_read`: its members, the commune
committee's officers, leaders and auditors); to anyone else the record does not exist (404,
not 403, so that a guessed id reveals nothing). Nothing is stored: each download is built from
the records as they are."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from cases import documents as documents_render

from . import documents
from .access import can_read
from .models import BoardReport, InspectionCase, InvestmentRound

DOCX, PDF = "docx", "pdf"
BOARD = ("board__unit", "board__commune")


@require_GET
@login_required
def case_recommendation(request, pk: int, fmt: str):
    record = _readable(request, InspectionCase, pk, fmt, "answering_agency")
    return _download(documents.recommendation_build(record=record), fmt, _name(record))


@require_GET
@login_required
def round_recommendation(request, pk: int, fmt: str):
    record = _readable(request, InvestmentRound, pk, fmt, "answering_agency", "project")
    return _download(documents.recommendation_build(record=record), fmt, _name(record))


@require_GET
@login_required
def report_document(request, pk: int, fmt: str):
    report = _readable(request, BoardReport, pk, fmt)
    return _download(documents.report_build(report=report), fmt, f"board-report-{report.pk}")


def _readable(request, model, pk: int, fmt: str, *related: str):
    if fmt not in (DOCX, PDF) or (fmt == PDF and not documents_render.pdf_available()):
        raise Http404
    # The requester's fields are never read here: the document does not show them.
    queryset = model.objects.select_related(*BOARD, *related)
    if model is InspectionCase:
        queryset = queryset.defer("requester_name", "requester_address", "requester_phone")
    found = get_object_or_404(queryset, pk=pk)
    if not can_read(request.user, found.board):
        raise Http404
    return found


def _name(record) -> str:
    return f"recommendation-{slugify(record.code) or record.pk}"


def _download(document, fmt: str, name: str) -> HttpResponse:
    if fmt == PDF:
        body, content_type = documents_render.document_pdf(document), documents_render.PDF_TYPE
    else:
        body, content_type = documents_render.document_docx(document), documents_render.DOCX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    # A case moves on from day to day: no cache may serve yesterday's document.
    response["Cache-Control"] = "private, no-store"
    return response
