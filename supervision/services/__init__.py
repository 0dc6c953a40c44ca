"""One function per change of the boards' records, each in one transaction with one history
row. The steps of a case (`inspections`, `rounds`, `tail`, `evidence`) check no role: the
flow's node decides who acts. The records that run in no flow (boards, projects, plans,
reports) check the role themselves."""

from .boards import (
    board_activate,
    board_create,
    board_elect,
    board_end,
    board_establish,
    board_notify_composition,
    board_recognise,
    election_record,
    flag_resolve,
    member_add,
    member_declare,
    member_leave,
)
from .evidence import evidence_add
from .inspections import (
    case_open,
    inspection_no_issue,
    inspection_notify,
    inspection_record_findings,
    inspection_start,
    inspection_tell_requester,
)
from .plans import plan_approve, plan_create, plan_item_add, plan_post
from .projects import party_add, project_create
from .reports import rating_record, report_create, report_edit, report_submit
from .rounds import (
    checklist_record,
    round_inform_residents,
    round_notify,
    round_open,
    round_record_findings,
    round_start,
)
from .tail import (
    certify_recommendation,
    close_board_case,
    draft_recommendation,
    escalate_unanswered,
    mark_answer_overdue,
    record_answer,
    report_to_front,
    send_back_recommendation,
    send_recommendation,
    start_answer_clock,
)
from .vacancies import vacancy_fill, vacancy_waive

__all__ = [
    "board_activate",
    "board_create",
    "board_elect",
    "board_end",
    "board_establish",
    "board_notify_composition",
    "board_recognise",
    "case_open",
    "certify_recommendation",
    "checklist_record",
    "close_board_case",
    "draft_recommendation",
    "election_record",
    "escalate_unanswered",
    "evidence_add",
    "flag_resolve",
    "inspection_no_issue",
    "inspection_notify",
    "inspection_record_findings",
    "inspection_start",
    "inspection_tell_requester",
    "mark_answer_overdue",
    "member_add",
    "member_declare",
    "member_leave",
    "party_add",
    "plan_approve",
    "plan_create",
    "plan_item_add",
    "plan_post",
    "project_create",
    "rating_record",
    "record_answer",
    "report_create",
    "report_edit",
    "report_submit",
    "report_to_front",
    "round_inform_residents",
    "round_notify",
    "round_open",
    "round_record_findings",
    "round_start",
    "send_back_recommendation",
    "send_recommendation",
    "start_answer_clock",
    "vacancy_fill",
    "vacancy_waive",
]
