"""The choices of the commune boards (domain.md §3a, §3b)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BoardKind(models.TextChoices):
    INSPECTION = "inspection", _("People's Inspection Board")
    INVESTMENT = "investment", _("Community Investment Supervision Board")


class BoardState(models.TextChoices):
    # A People's Inspection Board (THDCOCS Art. 36–40).
    FORMING = "forming", _("Forming")
    RECOGNISED = "recognised", _("Recognised")
    TERM_ENDED = "term_ended", _("Term ended")
    # A Community Investment Supervision Board (Art. 41–45).
    PROPOSED = "proposed", _("Proposed")
    MEMBERS_ELECTED = "members_elected", _("Members elected")
    ESTABLISHED = "established", _("Established")
    COMPOSITION_NOTIFIED = "composition_notified", _("Composition notified")
    DISSOLVED = "dissolved", _("Dissolved")
    # Both.
    ACTIVE = "active", _("Active")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")


class MemberSource(models.TextChoices):
    """Where a member of an investment supervision board comes from (Art. 42.1)."""

    RESIDENT = "resident", _("Resident")
    COMMITTEE = "committee", _("Fatherland Front committee")
    INSPECTION_BOARD = "inspection_board", _("People's Inspection Board")


class ElectionKind(models.TextChoices):
    ELECTION = "election", _("Election")
    BY_ELECTION = "by_election", _("By-election")


class ProjectType(models.TextChoices):
    PUBLIC = "public", _("Public investment")
    PPP = "ppp", _("Public-private partnership")
    COMMUNITY = "community", _("Community-funded")
    SPONSORED = "sponsored", _("Sponsored")


class PartyRole(models.TextChoices):
    """The parties of a project a member may not be related to (Art. 42.2)."""

    DECISION_MAKER = "decision_maker", _("Investment decision-maker")
    INVESTOR = "investor", _("Investor")
    CONSULTANT = "consultant", _("Consultant")
    CONTRACTOR = "contractor", _("Contractor")
    SUPERVISOR = "supervisor", _("Construction supervisor")
    MANAGER = "manager", _("Project manager")


class FlagState(models.TextChoices):
    OPEN = "open", _("To review")
    CLEARED = "cleared", _("Cleared: not a relative")
    UPHELD = "upheld", _("Upheld: the member stands down")


class Period(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")
    TERM = "term", pgettext_lazy("a board's term of office", "Term")


class PlanState(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    APPROVED = "approved", _("Approved")
    POSTED = "posted", _("Posted publicly")


class CaseSource(models.TextChoices):
    PLAN = "plan", _("The board's plan")
    REQUEST = "request", _("A citizen's request")
    PETITION = "petition", _("A petition referred to the board")


class InspectionState(models.TextChoices):
    """A People's Inspection Board case (domain.md §3a)."""

    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Plan sent")
    INVESTIGATING = "investigating", _("Investigating")
    FINDINGS_RECORDED = "findings_recorded", _("Findings recorded")
    NO_ISSUE = "no_issue", _("No issue found")
    RECOMMENDATION_DRAFTED = "recommendation_drafted", _("Recommendation drafted")
    CERTIFIED = "certified", _("Certified by the Front")
    SENT = "sent", _("Recommendation sent")
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting the response")
    OVERDUE = "overdue", _("Response overdue")
    ESCALATED = "escalated", _("Escalated")
    RESPONDED = "responded", _("Responded")
    REQUESTER_NOTIFIED = "requester_notified", _("Requester told")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")


class RoundState(models.TextChoices):
    """A Community Investment Supervision round (domain.md §3b)."""

    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Investor notified")
    SITE_CHECK = "site_check", _("Site check")
    FINDINGS = "findings", _("Findings recorded")
    RECOMMENDATION = "recommendation", _("Recommendation drafted")
    CERTIFIED = "certified", _("Certified by the Front")
    SENT = "sent", _("Recommendation sent")
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting the response")
    OVERDUE = "overdue", _("Response overdue")
    ESCALATED = "escalated", _("Escalated")
    RESPONDED = "responded", _("Responded")
    RESIDENTS_INFORMED = "residents_informed", _("Residents informed")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")


INSPECTION_FINAL = (InspectionState.CLOSED,)
ROUND_FINAL = (RoundState.CLOSED,)
WAITING = ("awaiting_response", "overdue", "escalated")


class Answerer(models.TextChoices):
    UBND = "ubnd", _("Commune People's Committee")
    INVESTOR = "investor", _("Investor")


class Conformity(models.TextChoices):
    YES = "yes", _("Conforms")
    NO = "no", _("Does not conform")
    NOT_OBSERVED = "not_observed", _("Not observed")


class Checklist(models.TextChoices):
    """What a community investment supervision board checks (THDCOCS Art. 43.1)."""

    PLANS_FIT = "plans_fit", _("Fit with the commune's plans and the investment decision")
    LAND = "land", _("Land boundaries and land use")
    SITE_PLAN = "site_plan", _("Detailed site plan, architecture and construction")
    ENVIRONMENT = "environment", _("Waste handling and environmental protection")
    RESETTLEMENT = "resettlement", _("Compensation, site clearance and resettlement")
    PROGRESS = "progress", _("Investment plan and progress")
    DISCLOSURE = "disclosure", _("Disclosure of information")
    HARM = "harm", _("Harm to the community, waste or loss of capital")
    # Community-funded, commune-budget and sponsored projects add (Art. 43.1 last paragraph).
    STANDARDS = "standards", _("Technical standards, norms and materials")
    ACCEPTANCE = "acceptance", _("Acceptance and final settlement")


EVERY_PROJECT = [c for c in Checklist if c not in (Checklist.STANDARDS, Checklist.ACCEPTANCE)]
COMMUNITY_EXTRA = [Checklist.STANDARDS, Checklist.ACCEPTANCE]


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class ReportState(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SUBMITTED = "submitted", _("Submitted to the Front")


class Grade(models.TextChoices):
    GOOD = "tot", _("Good (tốt)")
    FAIR = "kha", _("Fairly good (khá)")
    AVERAGE = "trung_binh", _("Average (trung bình)")
    WEAK = "yeu", _("Weak (yếu)")


class VacancyState(models.TextChoices):
    OPEN = "open", _("By-election to hold")
    FILLED = "filled", _("Filled by a by-election")
    WAIVED = "waived", _("No by-election")
