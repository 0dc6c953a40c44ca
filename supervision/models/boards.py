"""The registry of commune boards: People's Inspection Boards (one per commune, THDCOCS Art.
36–40) and Community Investment Supervision Boards (one per project, Art. 41–45), their
members and the elections that seated them.

A board is also a unit of the organisation tree (kind inspection_board or
investment_supervision_board, under the commune committee), so members who log in hold the
board head / board member role there like any other role."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from units.history import audit_history
from units.models import Unit
from units.search import fold

from ..choices import (
    BoardKind,
    BoardState,
    ElectionKind,
    FlagState,
    MemberRole,
    MemberSource,
)
from .projects import Party, Project

S = BoardState


class Board(ConcurrentTransitionMixin, models.Model):
    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="board", verbose_name=_("board unit")
    )
    commune = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune committee")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=BoardKind.choices)
    project = models.OneToOneField(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board",
        verbose_name=_("project"),
    )
    villages = models.PositiveSmallIntegerField(
        _("villages and residential groups"),
        null=True,
        blank=True,
        help_text=_("Each elects one member (Decree 59 Art. 13)."),
    )
    plan_year = models.PositiveSmallIntegerField(
        _("supervision plan year"),
        null=True,
        blank=True,
        help_text=_("The commune's yearly community investment supervision plan it was set up in."),
    )
    term_starts = models.DateField(_("term starts"), null=True, blank=True)
    term_ends = models.DateField(_("term ends"), null=True, blank=True)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    notified_on = models.DateField(_("composition notified on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notice_to = models.TextField(
        _("notified to"),
        blank=True,
        help_text=_("Who was told of the board and its composition (Art. 40.2b, 45.1b)."),
    )
    state = FSMField(_("state"), default=S.FORMING, choices=S.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["commune_id", "kind", "unit__name"]

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("supervision:board-detail", args=[self.pk])

    @property
    def is_inspection(self) -> bool:
        return self.kind == BoardKind.INSPECTION

    def current_members(self):
        return self.members.filter(left_on__isnull=True)

    # A People's Inspection Board --------------------------------------------------------
    @transition(field=state, source=S.FORMING, target=S.RECOGNISED)
    def recognise(self) -> None:
        pass

    # An investment supervision board ----------------------------------------------------
    @transition(field=state, source=S.PROPOSED, target=S.MEMBERS_ELECTED)
    def elect(self) -> None:
        pass

    @transition(field=state, source=S.MEMBERS_ELECTED, target=S.ESTABLISHED)
    def establish(self) -> None:
        pass

    @transition(field=state, source=S.ESTABLISHED, target=S.COMPOSITION_NOTIFIED)
    def notify_composition(self) -> None:
        pass

    @transition(field=state, source=S.ACTIVE, target=S.DISSOLVED)
    def dissolve(self) -> None:
        pass

    # Both --------------------------------------------------------------------------------
    @transition(field=state, source=[S.RECOGNISED, S.COMPOSITION_NOTIFIED], target=S.ACTIVE)
    def activate(self) -> None:
        pass

    @transition(field=state, source=S.ACTIVE, target=S.TERM_ENDED)
    def end_term(self) -> None:
        pass


class Election(models.Model):
    """An election or by-election that seated members (its minutes are the legal record)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="elections")
    kind = models.CharField(_("kind"), max_length=16, choices=ElectionKind.choices)
    held_on = models.DateField(_("held on"))
    where = models.CharField(_("where"), max_length=255, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class Member(models.Model):
    """A seat on a board: who holds it, for which village or group, from when to when."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("full name"), max_length=150)
    village = models.CharField(_("village or residential group"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    source = models.CharField(
        _("comes from"), max_length=16, choices=MemberSource.choices, default=MemberSource.RESIDENT
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_seats",
        verbose_name=_("login"),
    )
    seated_by = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="seated"
    )
    term_starts = models.DateField(_("seated on"))
    term_ends = models.DateField(_("term ends"), null=True, blank=True)
    lives_here = models.BooleanField(_("lives in the commune"), default=True)
    commune_official = models.BooleanField(_("commune official or civil servant"), default=False)
    village_staff = models.BooleanField(
        _("commune or village non-specialised staff"), default=False
    )
    declared_no_relatives = models.BooleanField(
        _("declared no relatives among the project's parties"), default=False
    )
    declared_on = models.DateField(_("declared on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("why they left"), max_length=255, blank=True)
    search_name = models.CharField(max_length=150, editable=False, default="", db_index=True)

    history = audit_history(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["left_on", "role", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class ConflictFlag(ConcurrentTransitionMixin, models.Model):
    """A member whose name matches someone of the project's parties (Art. 42.2), for the
    commune committee to look into."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="flags")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="flags")
    matched_name = models.CharField(_("matched name"), max_length=255)
    state = FSMField(_("state"), default=FlagState.OPEN, choices=FlagState.choices, protected=True)
    resolution = models.TextField(_("finding"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("conflict-of-interest flag")
        verbose_name_plural = _("conflict-of-interest flags")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "party", "matched_name"], name="supervision_flag_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ~ {self.matched_name}"

    @transition(field=state, source=FlagState.OPEN, target=FlagState.CLEARED)
    def clear(self) -> None:
        pass

    @transition(field=state, source=FlagState.OPEN, target=FlagState.UPHELD)
    def uphold(self) -> None:
        pass
