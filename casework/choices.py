from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    REFERRED = "referred", _("Referral drafted")
    AWAITING_ANSWER = "awaiting_answer", _("Awaiting the agency's answer")
    ANSWER_RECEIVED = "answer_received", _("Answer received")
    PETITIONER_NOTIFIED = "petitioner_notified", _("Petitioner notified")
    DISCLOSURE_PENDING = "disclosure_pending", _("Disclosure awaiting approval")
    DISCLOSED = "disclosed", _("Disclosed")
    CLOSED = "closed", _("Closed")
    GUIDED = "guided", _("Guided")
    RETURNED = "returned", _("Returned")
    ARCHIVED = "archived", _("Archived")
    REFUSED = "refused", _("Refused at reception")
    SPLIT = "split", _("Split into separate petitions")
    DUPLICATE = "duplicate", _("Linked as a duplicate")


# States in which nothing more happens unless the case is reopened.
FINAL_STATES = (
    PetitionState.CLOSED,
    PetitionState.GUIDED,
    PetitionState.RETURNED,
    PetitionState.ARCHIVED,
    PetitionState.REFUSED,
    PetitionState.SPLIT,
    PetitionState.DUPLICATE,
)


class PetitionKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    RECOMMENDATION = "recommendation", _("Recommendation")
    FEEDBACK = "feedback", _("Feedback")
    MIXED = "mixed", _("Mixed content")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person at a reception session")
    POST = "post", _("Post")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Online portal")
    FORWARDED = "forwarded", _("Forwarded by deputies, press or another body")
    VOTER_MEETING = "voter_meeting", _("Raised at a voter meeting")


class Field(models.TextChoices):
    LAND = "land", _("Land")
    SOCIAL_POLICY = "social_policy", _("Social policy")
    CONSTRUCTION = "construction", _("Construction and planning")
    ENVIRONMENT = "environment", _("Environment")
    JUSTICE = "justice", _("Justice and courts")
    OFFICIALS = "officials", _("Conduct of officials")
    ECONOMY = "economy", _("Economy and business")
    OTHER = "other", _("Other")


class Complexity(models.TextChoices):
    STANDARD = "standard", _("Standard")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


class Instance(models.TextChoices):
    FIRST = "first", _("First instance")
    SECOND = "second", _("Second instance")


class AnswerOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    NOT_ACCEPTED = "not_accepted", _("Not accepted for resolution")
    IN_PROGRESS = "in_progress", _("Being resolved")
    EXPLAINED = "explained", _("Explained")


class NotifyChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("Post")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Online portal")


GROUP_PETITION_SIGNERS = 5
