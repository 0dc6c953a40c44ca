"""The forms of the boards' own pages (the records that run in no flow: boards, members,
projects, plans, reports, ratings). Each gives its service's keyword arguments
(`service_data`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    CaseSource,
    ElectionKind,
    Grade,
    MemberRole,
    MemberSource,
    PartyRole,
    Period,
    ProjectType,
)
from .models import ConflictFlag, Member, PlanItem

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
TEXT = {"widget": forms.Textarea(attrs={"rows": 3})}


def _today():
    return timezone.localdate()


class PageForm(forms.Form):
    def __init__(self, *args, board=None, **kwargs) -> None:
        self.board = board
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class EmptyForm(PageForm):
    pass


class MemberForm(PageForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    village = forms.CharField(label=_("Village or residential group"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="member")
    source = forms.ChoiceField(label=_("Comes from"), choices=MemberSource.choices)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    lives_here = forms.BooleanField(label=_("Lives in the commune"), required=False, initial=True)
    commune_official = forms.BooleanField(
        label=_("Commune official or civil servant"), required=False
    )
    village_staff = forms.BooleanField(
        label=_("Commune or village non-specialised staff"), required=False
    )
    seated_by = forms.ModelChoiceField(
        label=_("Seated by the election of"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        elections = self.board.elections.all() if self.board else []
        self.fields["seated_by"].queryset = elections
        if self.board is not None and self.board.is_inspection:
            del self.fields["source"]


class ElectionForm(PageForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ElectionKind.choices)
    held_on = forms.DateField(label=_("Held on"), initial=_today, **DATE)
    where = forms.CharField(label=_("Where"), required=False)
    minutes = forms.CharField(label=_("Minutes"), required=False, **TEXT)


class RecogniseForm(PageForm):
    term_starts = forms.DateField(label=_("Term starts"), initial=_today, **DATE)
    term_ends = forms.DateField(
        label=_("Term ends"), required=False, help_text=_("Five years unless set."), **DATE
    )
    notice_to = forms.CharField(
        label=_("Told to"),
        initial="HĐND xã; UBND xã; nhân dân (loa truyền thanh, niêm yết tại nhà văn hóa)",
        **TEXT,
    )


class NoticeForm(PageForm):
    notice_to = forms.CharField(label=_("Sent to"), initial="Chủ đầu tư; UBND xã", **TEXT)


class ReasonForm(PageForm):
    reason = forms.CharField(label=_("Reason"), **TEXT)


class _MemberPick(PageForm):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.board is not None:
            self.fields["member"].queryset = self.board.current_members()


class DeclareForm(_MemberPick):
    declared_on = forms.DateField(label=_("Declared on"), initial=_today, **DATE)


class LeaveForm(_MemberPick):
    left_on = forms.DateField(label=_("Left on"), initial=_today, **DATE)
    reason = forms.CharField(label=_("Why they left"))


class FlagForm(PageForm):
    flag = forms.ModelChoiceField(label=_("Flag"), queryset=ConflictFlag.objects.none())
    upheld = forms.TypedChoiceField(
        label=_("Finding"),
        choices=[
            ("0", _("Not a relative: clear the flag")),
            ("1", _("A relative: the member stands down")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    finding = forms.CharField(label=_("What the Front found"), **TEXT)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.board is not None:
            self.fields["flag"].queryset = ConflictFlag.objects.filter(
                member__board=self.board, state="open"
            )


class RatingForm(PageForm):
    year = forms.IntegerField(label=_("Year"), initial=lambda: _today().year, min_value=2000)
    grade = forms.ChoiceField(label=_("Rating"), choices=Grade.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), **TEXT)


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Project code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    type = forms.ChoiceField(label=_("Type"), choices=ProjectType.choices)
    commune_budget = forms.BooleanField(label=_("Funded from the commune's budget"), required=False)
    location = forms.CharField(label=_("Location"), required=False)
    budget = forms.IntegerField(label=_("Budget (VND)"), required=False, min_value=0)
    starts_on = forms.DateField(label=_("Starts on"), required=False, **DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, **DATE)
    description = forms.CharField(label=_("Description"), required=False, **TEXT)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Part"), choices=PartyRole.choices)
    name = forms.CharField(label=_("Organisation or person"), max_length=255)
    people = forms.CharField(
        label=_("People acting for it"), required=False, help_text=_("One name a line."), **TEXT
    )

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class PlanForm(PageForm):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    year = forms.IntegerField(label=_("Year"), initial=lambda: _today().year, min_value=2000)
    number = forms.IntegerField(
        label=_("Quarter or half"), required=False, min_value=1, max_value=4
    )
    title = forms.CharField(label=_("Title"), required=False)


class PlanItemForm(forms.Form):
    subject = forms.CharField(label=_("What is supervised"), max_length=255)
    supervised_body = forms.CharField(label=_("Supervised body"), max_length=255)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, **DATE)
    notes = forms.CharField(label=_("Notes"), required=False, **TEXT)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class PlanPostForm(forms.Form):
    posted_where = forms.CharField(label=_("Posted at"), initial="Bảng tin trụ sở UBND xã")
    public_text = forms.CharField(
        label=_("Text posted"),
        required=False,
        help_text=_("Left empty: the plan's items."),
        **TEXT,
    )

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class CaseOpenForm(PageForm):
    source = forms.ChoiceField(
        label=_("Where it comes from"),
        choices=CaseSource.choices[:2],
        widget=forms.RadioSelect,
        initial=CaseSource.PLAN,
    )
    plan_item = forms.ModelChoiceField(
        label=_("Plan item"), queryset=PlanItem.objects.none(), required=False
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=255)
    supervised_body = forms.CharField(label=_("Supervised body"), required=False, max_length=255)
    starts_on = forms.DateField(label=_("Starts on"), initial=_today, **DATE)
    requester_name = forms.CharField(label=_("Requester's name"), required=False)
    requester_address = forms.CharField(label=_("Requester's address"), required=False)
    requester_phone = forms.CharField(label=_("Requester's phone"), required=False)
    protect_identity = forms.BooleanField(
        label=_("The requester asks not to be named"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.board is not None:
            self.fields["plan_item"].queryset = PlanItem.objects.filter(
                plan__board=self.board, plan__state__in=("approved", "posted")
            )


class RoundOpenForm(PageForm):
    subject = forms.CharField(label=_("What the round supervises"), max_length=255)
    starts_on = forms.DateField(label=_("Site check planned on"), **DATE)


class ReportNewForm(PageForm):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    year = forms.IntegerField(label=_("Year"), initial=lambda: _today().year, min_value=2000)
    number = forms.IntegerField(
        label=_("Quarter or half"), required=False, min_value=1, max_value=4
    )


class NarrativeForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 10}))

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
