"""Who may see an identity on a case, and the `Shield` every output renders a case through.

A case kind registers one `IdentityRules` per model. The module decides, in one place, what a
viewer sees: an unprotected case passes through; on a protected one a viewer without a grant
gets every free text scrubbed and every person blanked, and a viewer with a grant gets the real
values and a record of the showing (Luật Tố cáo Art. 8.3, 47, 56: every view is recorded).
"""

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.db.models import Model

from .persons import Person, PersonView
from .scrubber import WITHHELD, Scrubber


class IdentityRules(Protocol):
    """What a case kind tells the identity module about one of its models."""

    def is_protected(self, case) -> bool:
        """Whether the people of this case are a secret (a denunciation, or on request)."""

    def granted(self, user, cases: Sequence) -> set[int]:
        """The primary keys of `cases` on which `user` may see the protected identity."""

    def people(self, case) -> list[tuple[Person, bool]]:
        """The case's people as they are now, each with whether they are the primary one."""

    def known(self, cases: Sequence) -> dict[int, list[Person]]:
        """Every version of every person each case has had, history included: renaming a
        signer must not unmask the old name."""

    def record_views(self, user, cases: Sequence, where: str) -> None:
        """Write one identity-view record per case: who saw it, and where."""


_RULES: dict[type[Model], IdentityRules] = {}


def register(model: type[Model], rules: IdentityRules) -> None:
    _RULES[model] = rules


def rules_for(case) -> IdentityRules | None:
    model = case if isinstance(case, type) else type(case)
    for klass in model.__mro__:
        if klass in _RULES:
            return _RULES[klass]
    return None


class Shield:
    """One case as one viewer may read it. Every free text of the case (its own fields as
    attributes, `shield.title`, or any related text through `text()`) and its people
    (`people()`) come out of here; nothing else renders them."""

    def __init__(self, case, *, user, where: str, visible: bool, known=None) -> None:
        self.case = case
        self.user = user
        self.where = where
        self.rules = rules_for(case)
        self.protected = bool(self.rules and self.rules.is_protected(case))
        self.visible = visible or not self.protected
        self._known = known
        self._scrubber: Scrubber | None = None
        self._recorded = False

    # What templates and serializers call -----------------------------------------------------

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self.case, name)
        return self.text(value) if isinstance(value, str) else value

    def text(self, value) -> str:
        """Free text belonging to this case: a subject, a reason, a note, a file name."""
        value = "" if value is None else str(value)
        if not self.protected or not value:
            return value
        scrubber = self.scrubber()
        if self.visible:
            if scrubber.finds(value):
                self.record()
            return value
        return scrubber.scrub(value)

    def people(self) -> list[PersonView]:
        people = self.rules.people(self.case) if self.rules else []
        if self.visible and self.protected and people:
            self.record()
        return [_person_view(person, primary, self.visible) for person, primary in people]

    @property
    def redacted(self) -> bool:
        return not self.visible

    # Inner workings ----------------------------------------------------------------------

    def scrubber(self) -> Scrubber:
        if self._scrubber is None:
            known = self._known
            if known is None:
                known = self.rules.known([self.case]).get(self.case.pk, []) if self.rules else []
            self._scrubber = Scrubber(known)
        return self._scrubber

    def record(self) -> None:
        """A protected identity was shown to a granted viewer: once per shield."""
        if not self._recorded and self.user is not None and self.rules is not None:
            self.rules.record_views(self.user, [self.case], self.where)
            self._recorded = True


def _person_view(person: Person, primary: bool, visible: bool) -> PersonView:
    if visible:
        return PersonView(
            person.full_name,
            person.id_number,
            person.phone,
            person.address,
            person.email,
            primary,
            False,
        )
    hidden = str(WITHHELD)
    return PersonView(hidden, hidden, hidden, hidden, hidden, primary, True)


def may_see(user, case) -> bool:
    rules = rules_for(case)
    if rules is None or not rules.is_protected(case):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return case.pk in rules.granted(user, [case])


def shield(user, case, *, where: str) -> Shield:
    return Shield(case, user=user, where=where, visible=may_see(user, case))


def shield_many(user, cases: Iterable, *, where: str) -> list[Shield]:
    """Shields for a page of cases with a fixed number of queries: one for the grants and one
    or two for the people of the protected cases. Each case also gets its shield as `.shown`."""
    cases = list(cases)
    by_rules: dict[int, tuple[IdentityRules, list]] = {}
    for case in cases:
        rules = rules_for(case)
        if rules is not None and rules.is_protected(case):
            by_rules.setdefault(id(rules), (rules, []))[1].append(case)
    granted: set[tuple[type, int]] = set()
    known: dict[tuple[type, int], list[Person]] = {}
    authenticated = getattr(user, "is_authenticated", False)
    for rules, protected in by_rules.values():
        allowed = rules.granted(user, protected) if authenticated else set()
        people = rules.known(protected)
        for case in protected:
            key = (type(case), case.pk)
            known[key] = people.get(case.pk, [])
            if case.pk in allowed:
                granted.add(key)
    shields = []
    for case in cases:
        key = (type(case), case.pk)
        item = Shield(
            case, user=user, where=where, visible=key in granted, known=known.get(key, [])
        )
        case.shown = item
        shields.append(item)
    return shields


def shield_for_outsiders(case, *, where: str = "") -> Shield:
    """The case as anyone without a grant reads it: a copy passed to an agency (Luật Tố cáo
    Art. 47), a notification, a public page, a log line."""
    return Shield(case, user=None, where=where, visible=False)


def leaks(case, text: str) -> list[str]:
    """The kinds of identity forms `text` carries: the case's people (every version) and
    anything that identifies anyone (an e-mail, a phone, a street address). Publication
    refuses a summary for which this is not empty."""
    rules = rules_for(case)
    known = rules.known([case]).get(case.pk, []) if rules else []
    return Scrubber(known).leaks(text)
