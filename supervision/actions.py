"""Every action of the board cases, declared once: name, label, the one service, the page's
form and the API's body. The flows (`supervision.flows`) list them; `workflows.acting` runs
them. Both kinds share the actions from the recommendation on."""

from django.utils.translation import gettext_lazy as _

from workflows.acting import Action

from . import forms as f
from . import serializers as b
from . import services as s

# A People's Inspection Board case -------------------------------------------------------
PLAN_SENT = Action(
    "send_plan",
    _("Record that the plan was sent"),
    s.inspection_notify,
    form=f.PlanSentForm,
    body=b.PlanSentBody,
)
START = Action(
    "start", _("Start the supervision"), s.inspection_start, form=f.StartForm, body=b.StartBody
)
FINDINGS = Action(
    "record_findings",
    _("Record the findings"),
    s.inspection_record_findings,
    form=f.FindingsForm,
    body=b.FindingsBody,
)
NO_ISSUE = Action(
    "no_issue", _("No issue found"), s.inspection_no_issue, form=f.ConfirmForm, body=b.NoteBody
)
TELL_REQUESTER = Action(
    "tell_requester",
    _("Record how the requester was told"),
    s.inspection_tell_requester,
    form=f.ToldForm,
    body=b.ToldBody,
)

# A community investment supervision round -----------------------------------------------
INVESTOR_NOTIFIED = Action(
    "notify_investor",
    _("Record that the investor was notified"),
    s.round_notify,
    form=f.InvestorNoticeForm,
    body=b.InvestorNoticeBody,
)
SITE_CHECK = Action(
    "start_site_check",
    _("Start the site check"),
    s.round_start,
    form=f.StartForm,
    body=b.StartBody,
)
CHECK_ITEM = Action(
    "check_item",
    _("Record a checklist item"),
    s.checklist_record,
    form=f.ChecklistForm,
    body=b.ChecklistBody,
    completes_task=False,
)
ROUND_FINDINGS = Action(
    "record_findings",
    _("Record the findings"),
    s.round_record_findings,
    form=f.FindingsForm,
    body=b.FindingsBody,
)
NOTHING_TO_RECOMMEND = Action(
    "inform_residents",
    _("Nothing to recommend: inform the residents"),
    s.round_inform_residents,
    form=f.InformedForm,
    body=b.InformedBody,
)
INFORM_RESIDENTS = NOTHING_TO_RECOMMEND

# Both, from the recommendation on ------------------------------------------------------
EVIDENCE = Action(
    "add_evidence",
    _("Add a photo or document"),
    s.evidence_add,
    form=f.EvidenceForm,
    body=b.EvidenceBody,
    completes_task=False,
)
RECOMMEND = Action(
    "draft_recommendation",
    _("Draft a recommendation"),
    s.draft_recommendation,
    form=f.RecommendationForm,
    body=b.RecommendationBody,
)
CERTIFY = Action(
    "certify", _("Certify"), s.certify_recommendation, form=f.ConfirmForm, body=b.NoteBody
)
SEND_BACK = Action(
    "send_back",
    _("Send back to the board"),
    s.send_back_recommendation,
    form=f.ReasonForm,
    body=b.ReasonBody,
)
SEND = Action(
    "send",
    _("Number and send the recommendation"),
    s.send_recommendation,
    form=f.SendForm,
    body=b.SendBody,
)
RESPOND = Action(
    "respond", _("Record the answer"), s.record_answer, form=f.ResponseForm, body=b.ResponseBody
)
REPORT = Action(
    "report", _("Report to the Front"), s.report_to_front, form=f.ReportForm, body=b.ReportBody
)
CLOSE = Action(
    "close",
    _("Acknowledge the report and close"),
    s.close_board_case,
    form=f.ConfirmForm,
    body=b.NoteBody,
)

# A vacant seat ---------------------------------------------------------------------------
FILL = Action(
    "fill",
    _("Record the by-election"),
    s.vacancy_fill,
    form=f.ByElectionForm,
    body=b.ByElectionBody,
)
WAIVE = Action("waive", _("No by-election"), s.vacancy_waive, form=f.WaiveForm, body=b.ReasonBody)
