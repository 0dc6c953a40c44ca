"""Every action on a petition, declared once: name, label, the one service it calls, the form
of the case page and the body of the API. The flow's steps (`casework.flows`) list these
declarations; `workflows.acting` runs them."""

from django.utils.translation import gettext_lazy as _

from workflows.acting import Action

from . import serializers as bodies
from . import services
from .forms import actions as forms

A = Action
REASON = {"form": forms.ReasonForm, "body": bodies.ReasonSerializer}

CLASSIFY = A(
    "classify",
    _("Classify"),
    services.petition_classify,
    form=forms.ClassifyForm,
    body=bodies.ClassifySerializer,
)
REFUSE = A("refuse", _("Refuse at reception"), services.petition_refuse, **REASON)
REFER = A(
    "refer",
    _("Refer to an agency"),
    services.petition_refer,
    form=forms.ReferForm,
    body=bodies.ReferSerializer,
)
GUIDE = A("guide", _("Guide the petitioner"), services.petition_guide, **REASON)
RETURN = A("return", _("Return to the sender"), services.petition_return, **REASON)
ARCHIVE = A("archive", _("Archive"), services.petition_archive, **REASON)
SPLIT = A(
    "split",
    _("Split mixed content"),
    services.petition_split,
    form=forms.SplitForm,
    body=bodies.SplitSerializer,
)
MARK_DUPLICATE = A(
    "mark_duplicate", _("Link as a duplicate"), services.petition_mark_duplicate, **REASON
)
SEND_REFERRAL = A(
    "send_referral", _("Sign and send the slip"), services.petition_send_referral, **REASON
)
RECORD_ANSWER = A(
    "record_answer",
    _("Record the answer"),
    services.petition_record_answer,
    form=forms.RecordAnswerForm,
    body=bodies.RecordAnswerSerializer,
)
EXTEND = A(
    "extend",
    _("Extend the deadline"),
    services.petition_extend,
    form=forms.ExtendForm,
    body=bodies.ExtendSerializer,
    completes_task=False,
)
SUSPEND = A(
    "suspend",
    _("Suspend the deadline"),
    services.petition_suspend,
    form=forms.DecisionForm,
    body=bodies.DecisionSerializer,
    completes_task=False,
)
RESUME = A(
    "resume",
    _("Lift the suspension"),
    services.petition_resume,
    form=forms.DecisionForm,
    body=bodies.DecisionSerializer,
    completes_task=False,
)
NOTIFY_PETITIONER = A(
    "notify_petitioner",
    _("Record that the petitioner was told"),
    services.petition_notify_petitioner,
    form=forms.NotifyPetitionerForm,
    body=bodies.NotifyPetitionerSerializer,
)
REQUEST_AGAIN = A(
    "request_again",
    _("Answer unsatisfactory: ask again"),
    services.petition_request_again,
    **REASON,
)
ESCALATE_TO_SUPERIOR = A(
    "escalate_to_superior",
    _("Answer unsatisfactory: refer to the superior"),
    services.petition_escalate_to_superior,
    form=forms.EscalateForm,
    body=bodies.EscalateToSuperiorSerializer,
)
SUBMIT_DISCLOSURE = A(
    "submit_disclosure",
    _("Submit the public summary"),
    services.petition_submit_disclosure,
    form=forms.SubmitDisclosureForm,
    body=bodies.SubmitDisclosureSerializer,
)
APPROVE_DISCLOSURE = A(
    "approve_disclosure", _("Approve and publish"), services.petition_approve_disclosure, **REASON
)
REJECT_DISCLOSURE = A(
    "reject_disclosure", _("Send the summary back"), services.petition_reject_disclosure, **REASON
)
CLOSE = A("close", _("Close the case"), services.petition_close, **REASON)
