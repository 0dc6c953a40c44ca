from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .choices import Role, UnitKind, UnitLevel
from .history import audit_history
from .search import fold


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    history = audit_history(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()

    def get_absolute_url(self) -> str:
        return reverse("units:person-detail", args=[self.pk])


class Unit(MP_Node):
    """A node of the organisation tree.

    The spine is one Fatherland Front committee per administrative level (central, province,
    district where it still exists, commune/ward, residential area); boards, agencies and
    deputies' delegations hang under the committee of the area they serve. A role granted with
    its subtree reaches everything below the unit.
    """

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    admin_code = models.CharField(
        _("administrative code"),
        max_length=16,
        blank=True,
        help_text=_("Official code of the administrative unit, where one exists."),
    )
    area_name = models.CharField(_("area"), max_length=255, blank=True)
    division_type = models.CharField(_("division type"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_name = models.CharField(max_length=512, editable=False, db_index=True)

    history = audit_history(excluded_fields=["numchild", "search_name"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "admin_code"],
                condition=~Q(admin_code=""),
                name="unit_admin_code_unique_per_kind",
            )
        ]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_name()
        super().save(*args, **kwargs)

    def refresh_search_name(self) -> None:
        self.search_name = fold(f"{self.name} {self.area_name} {self.admin_code}")

    def get_absolute_url(self) -> str:
        return reverse("units:unit-detail", args=[self.pk])


class Membership(models.Model):
    """A role held by a user in a unit, optionally over the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    include_subtree = models.BooleanField(
        _("includes subordinate units"),
        default=False,
        help_text=_("The role also applies to every unit below this one."),
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class AuditChainHead(models.Model):
    """The last link of one history table's hash chain. Writers lock this row while they add a
    link, so concurrent writers extend the chain one after the other instead of forking it."""

    table = models.CharField(max_length=128, unique=True)
    last_hash = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.table}: {self.length} · {self.last_hash[:12]}"
