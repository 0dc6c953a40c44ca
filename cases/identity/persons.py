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
