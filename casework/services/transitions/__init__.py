"""One service per transition of a petition. Each validates its input, runs the transition,
records actor and reason in history and saves once. Only the flow calls them
(`workflows.acting`, from a task of `casework.flows`), and the flow's step is the one
authority on who may act and on who is told what comes next."""

from ._shared import answer_due_from, answer_variant
from .classification import (
    petition_archive,
    petition_classify,
    petition_guide,
    petition_mark_duplicate,
    petition_refuse,
    petition_return,
    petition_split,
)
from .closing import (
    petition_approve_disclosure,
    petition_close,
    petition_notify_petitioner,
    petition_reject_disclosure,
    petition_reopen,
    petition_submit_disclosure,
)
from .deadlines import (
    petition_escalate,
    petition_extend,
    petition_follow_up,
    petition_resume,
    petition_suspend,
)
from .referral import (
    petition_escalate_to_superior,
    petition_record_answer,
    petition_refer,
    petition_request_again,
    petition_send_referral,
    superior_of,
)

__all__ = [
    "answer_due_from",
    "answer_variant",
    "petition_approve_disclosure",
    "petition_archive",
    "petition_classify",
    "petition_close",
    "petition_escalate",
    "petition_escalate_to_superior",
    "petition_extend",
    "petition_follow_up",
    "petition_guide",
    "petition_mark_duplicate",
    "petition_notify_petitioner",
    "petition_record_answer",
    "petition_refer",
    "petition_refuse",
    "petition_reject_disclosure",
    "petition_reopen",
    "petition_request_again",
    "petition_resume",
    "petition_return",
    "petition_send_referral",
    "petition_split",
    "petition_submit_disclosure",
    "petition_suspend",
    "superior_of",
]
