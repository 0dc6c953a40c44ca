"""The boards' work as case kinds of the kernel (`cases.registry`), registered from
`SupervisionConfig.ready()`: a People's Inspection Board case, a community investment
supervision round, and a vacant seat's by-election. Together their timelines read every history
table of the app: a case reads its own records; a by-election reads the board's record
(members, elections, reports, ratings)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.registry import CaseKind
from units.choices import Role
from units.permissions import scope_q
from units.search import MAX_SEARCH_WORDS, fold

from .access import board_q
from .choices import INSPECTION_FINAL, ROUND_FINAL, CaseSource, VacancyState
from .models import (
    Board,
    BoardReport,
    ChecklistEntry,
    ConflictFlag,
    Election,
    Evidence,
    InspectionCase,
    InvestmentRound,
    Member,
    Party,
    Plan,
    PlanItem,
    Project,
    Rating,
    RequesterView,
    Vacancy,
)
from .services.inspections import case_from_petition

AGENCY = (Role.AGENCY_OFFICIAL,)
# The short kind names of notifications and lists (a reference and these: never a person).
INSPECTION = _("Inspection")
ROUND = _("Investment supervision")
BY_ELECTION = _("By-election")


def _answerer_q(user):
    return scope_q(user, AGENCY, unit_field="answering_agency")


def visible_inspections(user):
    return InspectionCase.objects.filter(
        board_q(user, "board__") | _answerer_q(user)
    ).select_related("board__unit", "board__commune")


def visible_rounds(user):
    return InvestmentRound.objects.filter(
        board_q(user, "board__") | _answerer_q(user)
    ).select_related("board__unit", "board__commune", "project")


def visible_vacancies(user):
    return Vacancy.objects.filter(board_q(user, "board__")).select_related("board__unit")


def _search(term) -> Q:
    condition = Q()
    words = term.split() if isinstance(term, str) else list(term)
    for word in words[:MAX_SEARCH_WORDS]:
        condition &= Q(search_text__contains=fold(word))
    return condition


def _search_vacancies(term) -> Q:
    condition = Q()
    words = term.split() if isinstance(term, str) else list(term)
    for word in words[:MAX_SEARCH_WORDS]:
        condition &= Q(code__icontains=word) | Q(village__icontains=word)
    return condition


def _evidence(case):
    # By the content type's natural key: building the timeline's querysets reads nothing yet.
    meta = type(case)._meta
    return Evidence.history.filter(
        case_type__app_label=meta.app_label, case_type__model=meta.model_name, case_id=case.pk
    )


def _inspection_histories(case):
    item_id = getattr(case, "plan_item_id", None)
    plan_ids = PlanItem.objects.filter(pk=item_id).values("plan_id")
    return [
        (InspectionCase, InspectionCase.history.filter(id=case.pk)),
        (Evidence, _evidence(case)),
        (PlanItem, PlanItem.history.filter(id=item_id)),
        (Plan, Plan.history.filter(id__in=plan_ids)),
    ]


def _round_histories(case):
    project_id = getattr(case, "project_id", None)
    return [
        (InvestmentRound, InvestmentRound.history.filter(id=case.pk)),
        (ChecklistEntry, ChecklistEntry.history.filter(round_id=case.pk)),
        (Evidence, _evidence(case)),
        (Project, Project.history.filter(id=project_id)),
        (Party, Party.history.filter(project_id=project_id)),
        (ConflictFlag, ConflictFlag.history.filter(party__project_id=project_id)),
    ]


def _vacancy_histories(vacancy):
    board_id = getattr(vacancy, "board_id", None)
    return [
        (Vacancy, Vacancy.history.filter(id=vacancy.pk)),
        (Board, Board.history.filter(id=board_id)),
        (Member, Member.history.filter(board_id=board_id)),
        (Election, Election.history.filter(board_id=board_id)),
        (BoardReport, BoardReport.history.filter(board_id=board_id)),
        (Rating, Rating.history.filter(board_id=board_id)),
    ]


def inspection_kind() -> CaseKind:
    from . import demo
    from .flows import InspectionFlow

    return CaseKind(
        name="inspection_case",
        label_text=_("People's Inspection Board case"),
        model=InspectionCase,
        flow=InspectionFlow,
        visible=visible_inspections,
        label=lambda case: f"{case.code} · {INSPECTION}",
        search=_search,
        subkinds=CaseSource.choices,
        subkind_field="source",
        final_states=INSPECTION_FINAL,
        history_models=(InspectionCase, Evidence, PlanItem, Plan),
        histories=_inspection_histories,
        reference_field="code",
        identity_views=(RequesterView, "inspection_case_id"),
        row_template="supervision/_inbox_case.html",
        menu=(_("Commune boards"), "supervision:home"),
        receive=case_from_petition,
        demo=demo.load_demo,
    )


def round_kind() -> CaseKind:
    from .flows import RoundFlow

    return CaseKind(
        name="investment_round",
        label_text=_("Community investment supervision round"),
        model=InvestmentRound,
        flow=RoundFlow,
        visible=visible_rounds,
        label=lambda case: f"{case.code} · {ROUND}",
        search=_search,
        final_states=ROUND_FINAL,
        history_models=(InvestmentRound, ChecklistEntry, Evidence, Project, Party, ConflictFlag),
        histories=_round_histories,
        reference_field="code",
        history_links={ChecklistEntry: "round_id"},
        row_template="supervision/_inbox_case.html",
    )


def vacancy_kind() -> CaseKind:
    from .flows import VacancyFlow

    return CaseKind(
        name="board_vacancy",
        label_text=_("By-election for a vacant seat"),
        model=Vacancy,
        flow=VacancyFlow,
        visible=visible_vacancies,
        label=lambda vacancy: f"{vacancy.code} · {BY_ELECTION}",
        search=_search_vacancies,
        final_states=(VacancyState.FILLED, VacancyState.WAIVED),
        history_models=(Vacancy, Board, Member, Election, BoardReport, Rating),
        histories=_vacancy_histories,
        reference_field="code",
        row_template="supervision/_inbox_case.html",
    )
