"""The session's two official reports (`documents`), generated on request as Word or PDF.

Who may read the session may download them, as the export: the committee's officers, leaders
and auditors, and the deputies and office of its delegation; to anyone else the session does
not exist (404). Only the organisers (case officers and leaders of the committee) write the
report: they may change the narrative, number, date, signer and recipients. Every other reader
gets the form with those fields locked and the document with the defaults, so a report that
circulates with the committee's letterhead only ever says what the committee wrote.

Nothing is stored: the editable values come with the request.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.validators import RegexValidator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from . import documents, documents_docx, documents_pdf, selectors
from .models import Session
from .views_export import may_read_session

DOCX, PDF = "docx", "pdf"
TITLES = {
    documents.AGGREGATED: _("Aggregated report on voters' opinions and recommendations"),
    documents.ANSWERS: _("Report on the answers to voters' recommendations"),
}
EDITABLE = ("narrative", "number", "date", "signer_title", "signer_name", "recipients")


class ReportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(DOCX, _("Word (DOCX)"))], widget=forms.RadioSelect
    )
    number = forms.CharField(
        label=_("Document number"),
        max_length=16,
        required=False,
        validators=[
            RegexValidator(r"^[0-9A-Za-z.\-]*$", _("Use only letters, digits, dots and hyphens."))
        ],
        help_text=_("Left blank, the number line is left for the clerk to fill in."),
    )
    date = forms.DateField(label=_("Document date"), widget=forms.DateInput(attrs={"type": "date"}))
    narrative = forms.CharField(
        label=_("Introduction"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A blank line starts a new paragraph."),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=80)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One recipient a line."),
    )

    def __init__(self, *args, editable: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if documents_pdf.available():
            self.fields["format"].choices = [*self.fields["format"].choices, (PDF, _("PDF"))]
        self.fields["format"].initial = DOCX
        if not editable:
            # Disabled fields keep their initial value whatever the request sends.
            for name in EDITABLE:
                self.fields[name].disabled = True

    def options(self) -> documents.ReportOptions:
        data = self.cleaned_data
        return documents.ReportOptions(
            narrative=data["narrative"],
            number=data["number"],
            date=data["date"],
            signer_title=data["signer_title"],
            signer_name=data["signer_name"],
            recipients=tuple(data["recipients"].splitlines()),
        )


@login_required
def session_report(request, pk: int, report: str):
    if report not in documents.REPORTS:
        raise Http404
    session = get_object_or_404(Session.objects.select_related("unit", "delegation"), pk=pk)
    if not may_read_session(request.user, session):
        raise Http404
    editable = selectors.organises(request.user, session.unit)
    initial = documents.report_defaults(session=session, kind=report)
    if request.method == "POST":
        form = ReportForm(request.POST, initial=initial, editable=editable)
        if form.is_valid():
            return _download(session, report, form)
        status = 400
    else:
        form = ReportForm(initial=initial, editable=editable)
        status = 200
    context = {"session": session, "form": form, "title": TITLES[report], "editable": editable}
    return render(request, "recommendations/report_form.html", context, status=status)


def _download(session: Session, report: str, form: ReportForm) -> HttpResponse:
    built = documents.report_build(session=session, kind=report, options=form.options())
    if form.cleaned_data["format"] == PDF:
        body, content_type = documents_pdf.report_pdf(built), documents_pdf.CONTENT_TYPE
    else:
        body, content_type = documents_docx.report_docx(built), documents_docx.CONTENT_TYPE
    extension = form.cleaned_data["format"]
    response = HttpResponse(body, content_type=content_type)
    name = f"voter-recommendations-report-{report}-session-{session.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The answers change from day to day: no cache may serve yesterday's report.
    response["Cache-Control"] = "private, no-store"
    return response
