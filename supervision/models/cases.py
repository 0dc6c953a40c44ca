"""The cases the boards run in flows: a People's Inspection Board case (domain.md §3a) and a
community investment supervision round (§3b), with the checklist, the photos and documents
gathered on site, and the record of each showing of a protected requester.

Both end the same way: a recommendation certified by the commune Front, sent, answered within
15 days (reminded, followed up, escalated), then reported. That tail's fields and transitions
live once in `RecommendationRecord`; each model adds its own first steps. The transitions are
pure (guards and in-memory changes); `supervision.services` runs each in one transaction with
one history row."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history
from units.models import Unit
from units.search import fold
from workflows.models import WorkflowCase

from ..choices import (
    Answerer,
    CaseSource,
    Checklist,
    Conformity,
    EvidenceKind,
    InspectionState,
    RoundState,
)
from .boards import Board
from .plans import PlanItem
from .projects import Project

IS, R = InspectionState, RoundState
WAITING = ["awaiting_response", "overdue", "escalated"]


class RecommendationRecord(ConcurrentTransitionMixin, WorkflowCase):
    """What both board cases hold from the recommendation on. The concrete model has the
    `state` field; both state lists name these steps alike."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("board unit")
    )
    code = models.CharField(_("reference"), max_length=24, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    early_start_reason = models.TextField(_("why it started early"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    suspension_requested = models.BooleanField(
        _("asks to suspend the investment"),
        default=False,
        help_text=_("THDCOCS Art. 43.2đ: the competent level is asked to suspend it."),
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    returned_reason = models.TextField(_("why the Front sent it back"), blank=True)
    doc_number = models.CharField(_("document number"), max_length=40, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answerer = models.CharField(
        _("answered by"), max_length=16, choices=Answerer.choices, default=Answerer.UBND
    )
    answering_agency = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answering agency"),
    )
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    report_note = models.TextField(_("report to the Front"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.subject}")
        super().save(*args, **kwargs)

    @transition(
        field="state", source=["recommendation_drafted", "recommendation"], target="certified"
    )
    def certify(self) -> None:
        pass

    @transition(field="state", source="certified", target="sent")
    def send(self) -> None:
        pass

    @transition(field="state", source="sent", target="awaiting_response")
    def await_response(self) -> None:
        pass

    @transition(field="state", source="awaiting_response", target="overdue")
    def fall_overdue(self) -> None:
        pass

    @transition(field="state", source="overdue", target="escalated")
    def escalate(self) -> None:
        pass

    @transition(field="state", source=WAITING, target="responded")
    def respond(self) -> None:
        pass

    @transition(field="state", source="reported", target="closed")
    def close(self) -> None:
        pass


class InspectionCase(RecommendationRecord):
    """A matter a People's Inspection Board supervises (THDCOCS Art. 38–40)."""

    source = models.CharField(_("source"), max_length=16, choices=CaseSource.choices)
    plan_item = models.ForeignKey(
        PlanItem, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    supervised_body = models.CharField(_("supervised body"), max_length=255)
    requester_name = models.CharField(_("requester's name"), max_length=150, blank=True)
    requester_address = models.CharField(_("requester's address"), max_length=255, blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=20, blank=True)
    protect_identity = models.BooleanField(
        _("the requester asks not to be named"),
        default=False,
        help_text=_(
            "Their name is then shown only to those given access, and each showing is kept."
        ),
    )
    # The petition it came from, by the kernel's case reference (petitions are another kind).
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_case = GenericForeignKey("source_type", "source_id")
    plan_sent_on = models.DateField(_("plan sent on"), null=True, blank=True)
    plan_sent_to = models.TextField(_("plan sent to"), blank=True)
    requester_told_on = models.DateField(_("requester told on"), null=True, blank=True)
    requester_told_how = models.CharField(_("how they were told"), max_length=255, blank=True)
    state = FSMField(_("state"), default=IS.PLANNED, choices=IS.choices, protected=True)

    history = audit_history(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("inspection case")
        verbose_name_plural = _("inspection cases")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["board", "state"], name="inspectioncase_board_state")]

    def get_absolute_url(self) -> str:
        return reverse("supervision:case-detail", args=[self.pk])

    @property
    def has_requester(self) -> bool:
        return self.source != CaseSource.PLAN

    @transition(field=state, source=IS.PLANNED, target=IS.NOTIFIED)
    def notify(self) -> None:
        pass

    @transition(field=state, source=IS.NOTIFIED, target=IS.INVESTIGATING)
    def start(self) -> None:
        pass

    @transition(field=state, source=IS.INVESTIGATING, target=IS.FINDINGS_RECORDED)
    def record_findings(self) -> None:
        pass

    @transition(field=state, source=IS.FINDINGS_RECORDED, target=IS.NO_ISSUE)
    def conclude_no_issue(self) -> None:
        pass

    @transition(field=state, source=IS.FINDINGS_RECORDED, target=IS.RECOMMENDATION_DRAFTED)
    def draft_recommendation(self) -> None:
        pass

    @transition(field=state, source=IS.RECOMMENDATION_DRAFTED, target=IS.FINDINGS_RECORDED)
    def send_back(self) -> None:
        pass

    @transition(field=state, source=[IS.NO_ISSUE, IS.RESPONDED], target=IS.REQUESTER_NOTIFIED)
    def tell_requester(self) -> None:
        pass

    @transition(
        field=state, source=[IS.NO_ISSUE, IS.RESPONDED, IS.REQUESTER_NOTIFIED], target=IS.REPORTED
    )
    def report(self) -> None:
        pass


class InvestmentRound(RecommendationRecord):
    """A supervision round (or issue) of a project's community investment supervision board
    (THDCOCS Art. 43–45)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="rounds")
    notice_sent_on = models.DateField(
        _("plan and composition sent to the investor on"), null=True, blank=True
    )
    site_checked_on = models.DateField(_("site checked on"), null=True, blank=True)
    residents_informed_on = models.DateField(_("residents informed on"), null=True, blank=True)
    residents_informed_how = models.CharField(
        _("how residents were informed"), max_length=255, blank=True
    )
    state = FSMField(_("state"), default=R.PLANNED, choices=R.choices, protected=True)

    history = audit_history(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("investment supervision round")
        verbose_name_plural = _("investment supervision rounds")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["board", "state"], name="investmentround_board_state")]

    def get_absolute_url(self) -> str:
        return reverse("supervision:round-detail", args=[self.pk])

    @transition(field=state, source=R.PLANNED, target=R.NOTIFIED)
    def notify(self) -> None:
        pass

    @transition(field=state, source=R.NOTIFIED, target=R.SITE_CHECK)
    def start(self) -> None:
        pass

    @transition(field=state, source=R.SITE_CHECK, target=R.FINDINGS)
    def record_findings(self) -> None:
        pass

    @transition(field=state, source=R.FINDINGS, target=R.RECOMMENDATION)
    def draft_recommendation(self) -> None:
        pass

    @transition(field=state, source=R.RECOMMENDATION, target=R.FINDINGS)
    def send_back(self) -> None:
        pass

    # Nothing to recommend: the residents are told what the board found (Art. 43.2d).
    @transition(field=state, source=[R.FINDINGS, R.RESPONDED], target=R.RESIDENTS_INFORMED)
    def inform_residents(self) -> None:
        pass

    @transition(field=state, source=R.RESIDENTS_INFORMED, target=R.REPORTED)
    def report(self) -> None:
        pass


class ChecklistEntry(models.Model):
    """One item of Art. 43.1 as the board found it on site."""

    round = models.ForeignKey(InvestmentRound, on_delete=models.CASCADE, related_name="checklist")
    item = models.CharField(_("item"), max_length=16, choices=Checklist.choices)
    conformity = models.CharField(
        _("finding"), max_length=16, choices=Conformity.choices, default=Conformity.NOT_OBSERVED
    )
    notes = models.TextField(_("notes"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="supervision_checklist_unique")
        ]

    def __str__(self) -> str:
        return self.get_item_display()


class Evidence(models.Model):
    """A photo or document gathered for a case (a round's may belong to one checklist item)."""

    case_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.PositiveBigIntegerField()
    entry = models.ForeignKey(
        ChecklistEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to="supervision/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")
        ordering = ["uploaded_at"]
        indexes = [models.Index(fields=["case_type", "case_id"], name="evidence_case")]

    def __str__(self) -> str:
        return self.original_name


class RequesterView(models.Model):
    """One showing of a protected requester's name (the identity module records each)."""

    inspection_case = models.ForeignKey(
        InspectionCase, on_delete=models.PROTECT, related_name="requester_views"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(max_length=120)
    viewed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.inspection_case_id} · {self.user_id}"
