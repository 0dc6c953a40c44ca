"""One function per change of voter contact: each validates, performs at most one transition
and saves each record once, in one transaction with one history row per record. The services of
the flows' actions check no roles (each step's node decides who may act); sessions and opinions
run in no flow, so their services check the organiser's role themselves."""

from .answers import answer_escalate, answer_follow_up, answer_record
from .items import (
    item_answers_in,
    item_assess,
    item_await_answers,
    item_carry_over,
    item_classify,
    item_close,
    item_draft,
    item_edit,
    item_inform,
    item_merge,
    item_prepare_publication,
    item_publish,
    item_send_report,
    item_split,
    item_withdraw_publication,
)
from .meetings import (
    meeting_announce,
    meeting_cancel,
    meeting_close,
    meeting_hold,
    meeting_plan,
    meeting_postpone,
    meeting_record_minutes,
    meeting_reschedule,
)
from .opinions import (
    OpinionRow,
    opinion_convert,
    opinion_mark_answered,
    opinion_reopen,
    opinion_to_aggregate,
    opinions_capture,
)
from .sessions import session_close, session_create, session_open

__all__ = [
    "OpinionRow",
    "answer_escalate",
    "answer_follow_up",
    "answer_record",
    "item_answers_in",
    "item_assess",
    "item_await_answers",
    "item_carry_over",
    "item_classify",
    "item_close",
    "item_draft",
    "item_edit",
    "item_inform",
    "item_merge",
    "item_prepare_publication",
    "item_publish",
    "item_send_report",
    "item_split",
    "item_withdraw_publication",
    "meeting_announce",
    "meeting_cancel",
    "meeting_close",
    "meeting_hold",
    "meeting_plan",
    "meeting_postpone",
    "meeting_record_minutes",
    "meeting_reschedule",
    "opinion_convert",
    "opinion_mark_answered",
    "opinion_reopen",
    "opinion_to_aggregate",
    "opinions_capture",
    "session_close",
    "session_create",
    "session_open",
]
