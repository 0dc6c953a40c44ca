import factory

from units.choices import Role, UnitKind, UnitLevel
from units.models import Membership, Unit, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("demo12345")


def make_unit(
    parent: Unit | None,
    name: str,
    *,
    kind: str = UnitKind.COMMITTEE,
    level: int | None = None,
    admin_code: str = "",
) -> Unit:
    """Units live in a tree, so they are built through treebeard, not a plain factory."""
    if level is None:
        level = UnitLevel.CENTRAL if parent is None else min(parent.level + 2, 4)
    unit = Unit(name=name, kind=kind, level=level, admin_code=admin_code, area_name=name)
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(parent, instance=unit)


def grant(user: User, unit: Unit, role: str = Role.CASE_OFFICER, *, subtree: bool = False):
    return Membership.objects.create(user=user, unit=unit, role=role, include_subtree=subtree)
