"""The forms of the board cases' actions. Each takes its case as `inspectioncase=` or
`investmentround=` and gives the service its keyword arguments (`service_data`). Board members
fill them on a phone: few fields, plain words."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.choices import UnitKind
from units.models import Unit

from . import deadlines
from .choices import Answerer, Conformity

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
TEXT = {"widget": forms.Textarea(attrs={"rows": 4})}


def _today():
    return timezone.localdate()


class ActionForm(forms.Form):
    def __init__(self, *args, inspectioncase=None, investmentround=None, **kwargs) -> None:
        self.case = inspectioncase or investmentround
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ConfirmForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False)


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), help_text=_("Kept in the history."), **TEXT)


class PlanSentForm(ActionForm):
    plan_sent_on = forms.DateField(label=_("Plan sent on"), initial=_today, **DATE)
    sent_to = forms.CharField(
        label=_("Sent to"),
        initial="Ban Thường trực Ủy ban MTTQ; Chủ tịch UBND; cơ quan được giám sát",
        **TEXT,
    )


class InvestorNoticeForm(ActionForm):
    notice_sent_on = forms.DateField(
        label=_("Plan and composition sent to the investor on"), initial=_today, **DATE
    )


class StartForm(ActionForm):
    early_reason = forms.CharField(
        label=_("Reason to start early"),
        required=False,
        help_text=_("Only if the work starts before the earliest day shown."),
        **TEXT,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        earliest = deadlines.earliest_start(self.case) if self.case is not None else None
        self.earliest = earliest
        if earliest is not None:
            self.fields["early_reason"].help_text = _(
                "Earliest lawful start: %(day)s. Give a reason only to start before it."
            ) % {"day": f"{earliest:%d/%m/%Y}"}
            if earliest <= _today():
                del self.fields["early_reason"]


class FindingsForm(ActionForm):
    findings = forms.CharField(label=_("What the board found"), **TEXT)


class RecommendationForm(ActionForm):
    recommendation = forms.CharField(label=_("Recommendation"), **TEXT)
    suspension_requested = forms.BooleanField(
        label=_("Ask the competent level to suspend the investment"),
        required=False,
        help_text=_("THDCOCS Art. 43.2đ: only where the investment harms the community."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None and not hasattr(self.case, "project_id"):
            del self.fields["suspension_requested"]


class SendForm(ActionForm):
    answerer = forms.ChoiceField(label=_("Who must answer"), choices=Answerer.choices)
    answering_agency = forms.ModelChoiceField(
        label=_("People's Committee"), queryset=Unit.objects.none(), required=False
    )
    sent_on = forms.DateField(label=_("Sent on"), initial=_today, **DATE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            commune = self.case.board.commune
            agencies = Unit.objects.filter(
                path__startswith=commune.path, depth=commune.depth + 1, kind=UnitKind.AGENCY
            )
            self.fields["answering_agency"].queryset = agencies
            self.fields["answering_agency"].initial = agencies.first()
            if not hasattr(self.case, "project_id"):
                self.fields["answerer"].choices = [(Answerer.UBND, Answerer.UBND.label)]


class ResponseForm(ActionForm):
    response = forms.CharField(label=_("What the answer says"), **TEXT)
    responded_on = forms.DateField(label=_("Answered on"), initial=_today, **DATE)


class ToldForm(ActionForm):
    told_how = forms.CharField(
        label=_("How the requester was told"), initial="Gửi văn bản trả lời qua bưu điện"
    )


class InformedForm(ActionForm):
    informed_how = forms.CharField(
        label=_("How the residents were informed"),
        initial="Thông báo tại hội nghị khu dân cư và niêm yết tại nhà văn hóa",
    )


class ReportForm(ActionForm):
    report_note = forms.CharField(label=_("What the board reports to the Front"), **TEXT)


class ChecklistForm(ActionForm):
    item = forms.ChoiceField(label=_("Checklist item"), choices=())
    conformity = forms.ChoiceField(
        label=_("Finding"), choices=Conformity.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("Notes"), required=False, **TEXT)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["item"].choices = [
                (entry.item, entry.get_item_display()) for entry in self.case.checklist.all()
            ]


class EvidenceForm(ActionForm):
    file = forms.FileField(
        label=_("Photo or document"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx,.xlsx,.odt"}),
        help_text=_("A photo from the phone's camera, or a PDF or Word file."),
    )
    caption = forms.CharField(label=_("Caption"), required=False)
    item = forms.ChoiceField(label=_("Checklist item"), required=False, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None and hasattr(self.case, "checklist"):
            self.fields["item"].choices = [("", "—")] + [
                (entry.item, entry.get_item_display()) for entry in self.case.checklist.all()
            ]
        else:
            del self.fields["item"]


class ByElectionForm(forms.Form):
    held_on = forms.DateField(label=_("By-election held on"), initial=_today, **DATE)
    full_name = forms.CharField(label=_("Member elected"))
    village = forms.CharField(label=_("Village or residential group"), required=False)
    minutes = forms.CharField(label=_("Minutes"), required=False, **TEXT)

    def __init__(self, *args, vacancy=None, **kwargs) -> None:
        self.case = vacancy
        super().__init__(*args, **kwargs)
        if vacancy is not None:
            self.fields["village"].initial = vacancy.village

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("Why no by-election"), **TEXT)

    def __init__(self, *args, vacancy=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
