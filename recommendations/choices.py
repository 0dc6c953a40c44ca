"""The choices of voter contact and voter recommendations (domain.md §2, NQLT 72/2025 as
amended by NQLT 100/2025)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    """Whose session: the National Assembly, or a People's Council (province or commune)."""

    NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
    PROVINCIAL_COUNCIL = "provincial_council", _("Provincial People's Council")
    COMMUNE_COUNCIL = "commune_council", _("Commune People's Council")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular session")
    EXTRAORDINARY = "extraordinary", _("Extraordinary session")
    THEMATIC = "thematic", _("Thematic session")


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class MeetingKind(models.TextChoices):
    """NQLT 72 Art. 18."""

    BEFORE_SESSION = "before_session", _("Before a regular session")
    AFTER_SESSION = "after_session", _("After a regular session")
    EXTRAORDINARY = "extraordinary", _("For an extraordinary session")
    THEMATIC = "thematic", _("For a thematic session")
    OUTSIDE_CONSTITUENCY = "outside_constituency", _("Outside the constituency")
    RESIDENCE = "residence", _("At the place of residence")
    WORKPLACE = "workplace", _("At the workplace")
    TOPIC = "topic", _("By topic or voter group")


class MeetingForm(models.TextChoices):
    """NQLT 72 Art. 19: a conference, or meeting individuals or small groups (Art. 33)."""

    CONFERENCE = "conference", _("Conference")
    INDIVIDUALS = "individuals", _("Individuals or groups")


class Medium(models.TextChoices):
    """Art. 19.2, 35."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced")
    HELD = "held", _("Held")
    MINUTES_RECORDED = "minutes_recorded", _("Minutes recorded")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


MEETING_FINAL_STATES = (MeetingState.CLOSED, MeetingState.CANCELLED)
# While these hold, opinions raised at the meeting can still be recorded and sorted.
MEETING_TAKES_OPINIONS = (MeetingState.HELD, MeetingState.MINUTES_RECORDED)


class RaisedBy(models.TextChoices):
    VOTER = "voter", _("A voter")
    GROUP = "group", _("A group of voters")


class OpinionState(models.TextChoices):
    CAPTURED = "captured", _("Captured")
    ANSWERED_AT_MEETING = "answered_at_meeting", _("Answered at the meeting")
    TO_AGGREGATE = "to_aggregate", _("To aggregate")
    CONVERTED_TO_PETITION = "converted_to_petition", _("Became a petition")


class Field(models.TextChoices):
    LAND = "land", _("Land and housing")
    ENVIRONMENT = "environment", _("Environment")
    INFRASTRUCTURE = "infrastructure", _("Transport and infrastructure")
    HEALTH = "health", _("Health and social insurance")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Labour and social policy")
    ECONOMY = "economy", _("Economy, agriculture and prices")
    SECURITY = "security", _("Security and public order")
    JUSTICE = "justice", _("Justice and anti-corruption")
    ADMINISTRATION = "administration", _("Administrative procedures")
    OTHER = "other", _("Other")


class Scope(models.TextChoices):
    """Who must answer: central bodies (the NA petitions body routes them, Art. 37.5, 52) or
    local ones."""

    CENTRAL = "central", _("Central")
    LOCAL = "local", _("Local")


class ItemState(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    CLASSIFIED = "classified", _("Classified")
    REPORT_SENT = "report_sent", _("In the report sent")
    AWAITING_ANSWER = "awaiting_answer", _("Awaiting answers")
    ANSWERED = "answered", _("Answered")
    VOTERS_INFORMED = "voters_informed", _("Voters informed")
    PUBLISHED = "published", _("Published")
    ASSESSED = "assessed", _("Assessed")
    CLOSED = "closed", _("Closed")
    CARRIED_OVER = "carried_over", _("Carried over")


ITEM_FINAL_STATES = (ItemState.CLOSED, ItemState.CARRIED_OVER)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    IN_PROGRESS = "in_progress", _("In progress")
    EXPLAINED = "explained", _("Explained")


class Verdict(models.TextChoices):
    """The officer's assessment of the answers (Art. 53–54)."""

    SATISFACTORY = "satisfactory", _("Satisfactory: close")
    CARRY_OVER = "carry_over", _("Carry over to the next session")


class AnswerState(models.TextChoices):
    ROUTED = "routed", _("Routed, report not sent yet")
    AWAITING = "awaiting", _("Awaiting the answer")
    ANSWERED = "answered", _("Answered")


class InformedHow(models.TextChoices):
    MEETING = "meeting", _("At a voter meeting")
    MEDIA = "media", _("Local media and loudspeakers")
    NOTICE = "notice", _("Notice at the residential area")
    WEBSITE = "website", _("Website")
    DOCUMENT = "document", _("Written document")
