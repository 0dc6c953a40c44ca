"""Investment projects of a commune and their parties (THDCOCS Art. 41–43)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.history import audit_history
from units.models import Unit
from units.search import fold

from ..choices import COMMUNITY_EXTRA, EVERY_PROJECT, PartyRole, ProjectType


class Project(models.Model):
    """A programme or project the commune's community supervises."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune committee")
    )
    code = models.CharField(_("project code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    type = models.CharField(_("type"), max_length=16, choices=ProjectType.choices)
    commune_budget = models.BooleanField(
        _("funded from the commune's budget"),
        default=False,
        help_text=_("Adds the checks of technical standards and of final settlement."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    budget = models.PositiveBigIntegerField(_("budget (VND)"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # A row's fingerprint in the spreadsheet it came from (importing it again changes nothing).
    import_key = models.CharField(max_length=64, blank=True, default="")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="supervision_project_code"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="supervision_project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name} {self.location}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("supervision:project-detail", args=[self.pk])

    @property
    def budget_text(self) -> str:
        """The budget as an office writes it: 12.000.000.000 (the Vietnamese locale of Django
        groups no digits)."""
        return f"{self.budget:,}".replace(",", ".") if self.budget is not None else ""

    @property
    def checklist(self) -> list:
        """The items of Art. 43.1 a board checks on this project."""
        extra = self.commune_budget or self.type in (ProjectType.COMMUNITY, ProjectType.SPONSORED)
        return EVERY_PROJECT + (COMMUNITY_EXTRA if extra else [])


class Party(models.Model):
    """An organisation with a part in the project, and the people who act for it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("part"), max_length=16, choices=PartyRole.choices)
    name = models.CharField(_("organisation or person"), max_length=255)
    people = models.TextField(
        _("people acting for it"),
        blank=True,
        help_text=_("One name a line: director, representative, site manager…"),
    )

    history = audit_history()

    class Meta:
        verbose_name = _("project party")
        verbose_name_plural = _("project parties")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    def names(self) -> list[str]:
        return [self.name, *(line.strip() for line in self.people.splitlines() if line.strip())]
