from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """What identifies one person on a case: the structured fields a kind stores."""

    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@dataclass(frozen=True)
class PersonView:
    """A person as one viewer may see them: every field blanked when `redacted`."""

    full_name: str
    id_number: str
    phone: str
    address: str
    email: str
    is_primary: bool
    redacted: bool


class NobodyProtected:
    """The identity rules of a kind whose records name no one who may ask for protection (an
    investment supervision round, a by-election, the test-only errand)."""

    def is_protected(self, case) -> bool:
        return False

    def granted(self, user, cases) -> set[int]:
        return set()

    def people(self, case) -> list:
        return []

    def known(self, cases) -> dict:
        return {}

    def record_views(self, user, cases, where: str) -> None:
        pass
