"""The commune boards (domain.md §3a, §3b): the registry of boards, members and elections,
projects and their parties, plans, the two kinds of board cases, a vacant seat's by-election,
reports and ratings."""

from .boards import Board, ConflictFlag, Election, Member
from .cases import ChecklistEntry, Evidence, InspectionCase, InvestmentRound, RequesterView
from .plans import Plan, PlanItem
from .projects import Party, Project
from .reports import BoardReport, Rating
from .vacancies import Vacancy

__all__ = [
    "Board",
    "BoardReport",
    "ChecklistEntry",
    "ConflictFlag",
    "Election",
    "Evidence",
    "InspectionCase",
    "InvestmentRound",
    "Member",
    "Party",
    "Plan",
    "PlanItem",
    "Project",
    "Rating",
    "RequesterView",
    "Vacancy",
]
