"""One service per transition of a petition. Each checks the actor's role, runs the transition,
records actor and reason in history, saves once, and queues its notifications in the same
transaction (they are pushed after commit). Only the workflow layer calls them."""

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
    petition_remind,
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
    "petition_remind",
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
