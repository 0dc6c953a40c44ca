"""Writes to the organisation: units, people and their roles. One function, one transaction."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .choices import Role, UnitKind, UnitLevel
from .errors import DomainError, NotAllowed
from .models import Membership, Unit, User
from .permissions import forget_grants, has_role, has_role_anywhere
from .signin import sign_in_unlock

ADMINISTRATOR = (Role.ADMINISTRATOR,)


def _require_admin_of(actor: User, unit: Unit) -> None:
    if not has_role(actor, unit, ADMINISTRATOR):
        raise NotAllowed(_("You are not an administrator of “%(unit)s”.") % {"unit": unit})


def _audited(instance, *, actor: User | None, reason: str):
    instance._history_user = actor
    instance._change_reason = reason
    return instance


@transaction.atomic
def unit_create(
    *,
    actor: User,
    parent: Unit,
    name: str,
    kind: str,
    level: int,
    reason: str,
    admin_code: str = "",
    area_name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Unit:
    _require_admin_of(actor, parent)
    if level < parent.level:
        raise DomainError(_("A unit cannot sit at a higher level than the unit above it."))
    if admin_code and Unit.objects.filter(kind=kind, admin_code=admin_code).exists():
        raise DomainError(
            _("A unit of kind “%(kind)s” with the administrative code %(code)s already exists.")
            % {"kind": UnitKind(kind).label, "code": admin_code}
        )
    unit = Unit(
        name=name,
        kind=kind,
        level=level,
        admin_code=admin_code,
        area_name=area_name or (parent.area_name if level == parent.level else ""),
        address=address,
        phone=phone,
        email=email,
    )
    _audited(unit, actor=actor, reason=reason)
    # treebeard locks the parent row while it derives the new path from the last child.
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, reason: str, **changes) -> Unit:
    _require_admin_of(actor, unit)
    editable = {"name", "address", "phone", "email", "is_active", "area_name"}
    unknown = set(changes) - editable
    if unknown:
        # A programming error, not a user's: forms only offer the editable fields.
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(unit, field, value)
    _audited(unit, actor=actor, reason=reason)
    unit.save()
    return unit


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    full_name: str,
    unit: Unit,
    role: str,
    include_subtree: bool = False,
    email: str = "",
    phone: str = "",
    reason: str,
) -> User:
    """Creates a person together with a first role, so nobody exists outside every scope."""
    _require_admin_of(actor, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The login name “%(name)s” is taken.") % {"name": username})
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    user.set_password(password)
    _audited(user, actor=actor, reason=reason)
    user.save()
    membership_grant(
        actor=actor, user=user, unit=unit, role=role, include_subtree=include_subtree, reason=reason
    )
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, reason: str, **changes) -> User:
    if actor.pk != user.pk and not any(
        has_role(actor, m.unit, ADMINISTRATOR) for m in user.memberships.select_related("unit")
    ):
        raise NotAllowed(_("You cannot change this person's account."))
    editable = {"full_name", "email", "phone", "is_active", "language"}
    unknown = set(changes) - editable
    if unknown:
        # A programming error, not a user's: forms only offer the editable fields.
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    if actor.pk == user.pk and changes.get("is_active") is False:
        raise DomainError(_("You cannot deactivate your own account."))
    for field, value in changes.items():
        setattr(user, field, value)
    _audited(user, actor=actor, reason=reason)
    user.save()
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str, reason: str) -> User:
    if actor.pk != user.pk and not any(
        has_role(actor, m.unit, ADMINISTRATOR) for m in user.memberships.select_related("unit")
    ):
        raise NotAllowed(_("You cannot change this person's password."))
    user.set_password(password)
    _audited(user, actor=actor, reason=reason)
    user.save()
    return user


@transaction.atomic
def user_sign_in_unlock(*, actor: User, user: User, reason: str) -> int:
    """Lifts every sign-in lockout of this account, at every address, before it expires. The
    account's history records who did it and why; returns how many failure records went."""
    if not any(
        has_role(actor, m.unit, ADMINISTRATOR) for m in user.memberships.select_related("unit")
    ) and not (actor.pk == user.pk and has_role_anywhere(actor, ADMINISTRATOR)):
        raise NotAllowed(_("You cannot unlock this person's sign-in."))
    count = sign_in_unlock(username=user.get_username())
    _audited(user, actor=actor, reason=reason)
    user.save()
    return count


@transaction.atomic
def membership_grant(
    *,
    actor: User,
    user: User,
    unit: Unit,
    role: str,
    include_subtree: bool = False,
    reason: str,
) -> Membership:
    _require_admin_of(actor, unit)
    if role not in Role.values:
        raise DomainError(_("Unknown role: %s") % role)
    if role == Role.AGENCY_OFFICIAL and unit.kind != UnitKind.AGENCY:
        raise DomainError(_("The agency official role can only be held in an agency."))
    if role in (Role.BOARD_HEAD, Role.BOARD_MEMBER) and unit.kind not in (
        UnitKind.INSPECTION_BOARD,
        UnitKind.INVESTMENT_SUPERVISION_BOARD,
    ):
        raise DomainError(_("Board roles can only be held in a supervision board."))
    if include_subtree and unit.level == UnitLevel.RESIDENTIAL_AREA:
        include_subtree = False
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is not None:
        if membership.include_subtree == include_subtree:
            raise DomainError(_("This person already holds that role in that unit."))
        membership.include_subtree = include_subtree
    else:
        membership = Membership(user=user, unit=unit, role=role, include_subtree=include_subtree)
    _audited(membership, actor=actor, reason=reason)
    membership.save()
    forget_grants(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: User, membership: Membership, reason: str) -> None:
    _require_admin_of(actor, membership.unit)
    if (
        membership.user_id == actor.pk
        and membership.role == Role.ADMINISTRATOR
        and not actor.is_superuser
    ):
        raise DomainError(_("You cannot remove your own administrator role."))
    _audited(membership, actor=actor, reason=reason)
    membership.delete()
    forget_grants(membership.user)


SYSTEM_USERNAME = "he-thong"


def system_user() -> User:
    """The actor recorded for automatic steps (timers, escalations). It cannot log in."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is not None:
        return user
    user = User(username=SYSTEM_USERNAME, full_name="Hệ thống", is_active=False)
    user.set_unusable_password()
    _audited(user, actor=None, reason="System actor for automatic steps")
    try:
        # Two timer runners may both find no system user on a fresh database: the second
        # insert waits for the first and fails on the unique name; it then uses the winner's.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return User.objects.get(username=SYSTEM_USERNAME)
    return user
