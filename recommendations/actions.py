"""Every action of voter contact, declared once: name, label, the one service, the page's form
and the API's body. The flows (`recommendations.flows`) list them; `workflows.acting` runs them."""

from django.utils.translation import gettext_lazy as _

from workflows.acting import Action

from . import forms as f
from . import serializers as b
from . import services as s

REASON = {"form": f.ReasonForm, "body": b.ReasonBody}
CONFIRM = {"form": f.ConfirmForm, "body": b.EmptyBody}

# A meeting ------------------------------------------------------------------------------
ANNOUNCE = Action(
    "announce", _("Announce the meeting"), s.meeting_announce, form=f.NoteForm, body=b.NoteBody
)
POSTPONE = Action("postpone", _("Postpone"), s.meeting_postpone, **REASON)
CANCEL = Action("cancel", _("Cancel the meeting"), s.meeting_cancel, **REASON)
HOLD = Action(
    "hold", _("Record that it was held"), s.meeting_hold, form=f.HoldForm, body=b.HoldBody
)
RESCHEDULE = Action(
    "reschedule",
    _("Set the new date"),
    s.meeting_reschedule,
    form=f.RescheduleForm,
    body=b.RescheduleBody,
)
RECORD_MINUTES = Action(
    "record_minutes",
    _("Record the minutes"),
    s.meeting_record_minutes,
    form=f.MinutesForm,
    body=b.MinutesBody,
)
CLOSE_MEETING = Action("close", _("Close the meeting"), s.meeting_close, **CONFIRM)

# An aggregated item ---------------------------------------------------------------------
EDIT = Action(
    "edit",
    _("Edit the wording"),
    s.item_edit,
    form=f.EditForm,
    body=b.EditBody,
    completes_task=False,
)
CLASSIFY = Action(
    "classify", _("Classify and route"), s.item_classify, form=f.ClassifyForm, body=b.ClassifyBody
)
SEND_REPORT = Action("send_report", _("Sign and send the report"), s.item_send_report, **CONFIRM)
INFORM = Action(
    "inform", _("Record how voters were told"), s.item_inform, form=f.InformForm, body=b.InformBody
)
PREPARE = Action(
    "prepare_publication",
    _("Prepare the publication"),
    s.item_prepare_publication,
    form=f.PublicTextForm,
    body=b.PublicTextBody,
)
PUBLISH = Action(
    "publish",
    _("Approve and publish"),
    s.item_publish,
    form=f.PublicTextForm,
    body=b.PublicTextBody,
)
ASSESS = Action(
    "assess", _("Assess the answers"), s.item_assess, form=f.AssessForm, body=b.AssessBody
)

# An agency's answer ---------------------------------------------------------------------
ANSWER = Action("answer", _("Answer"), s.answer_record, form=f.AnswerForm, body=b.AnswerBody)
