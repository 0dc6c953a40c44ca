"""The changes to a board made on its page and through the API, declared once: name, label,
the page's form and what it runs (the board's services check who may do it)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import pageforms as f
from . import services as s


@dataclass(frozen=True)
class Change:
    name: str
    label: str
    form: type
    run: Callable  # run(actor, board, data)
    committee: bool = True  # done by the commune Front (else by the board's members)


CHANGES = {
    c.name: c
    for c in (
        Change(
            "election",
            _("Record an election"),
            f.ElectionForm,
            lambda actor, board, d: s.election_record(actor=actor, board=board, **d),
        ),
        Change(
            "member",
            _("Seat a member"),
            f.MemberForm,
            lambda actor, board, d: s.member_add(actor=actor, board=board, **d),
        ),
        Change(
            "declare",
            _("Record a no-relatives declaration"),
            f.DeclareForm,
            lambda actor, board, d: s.member_declare(actor=actor, **d),
        ),
        Change(
            "leave",
            _("A member leaves"),
            f.LeaveForm,
            lambda actor, board, d: s.member_leave(actor=actor, **d),
        ),
        Change(
            "flag",
            _("Look into a name match"),
            f.FlagForm,
            lambda actor, board, d: s.flag_resolve(actor=actor, **d),
        ),
        Change(
            "recognise",
            _("Recognise the board"),
            f.RecogniseForm,
            lambda actor, board, d: s.board_recognise(actor=actor, board=board, **d),
        ),
        Change(
            "elect",
            _("Members elected"),
            f.EmptyForm,
            lambda actor, board, d: s.board_elect(actor=actor, board=board),
        ),
        Change(
            "establish",
            _("Establish the board"),
            f.EmptyForm,
            lambda actor, board, d: s.board_establish(actor=actor, board=board),
        ),
        Change(
            "notify",
            _("Send the composition to the investor"),
            f.NoticeForm,
            lambda actor, board, d: s.board_notify_composition(actor=actor, board=board, **d),
        ),
        Change(
            "activate",
            _("The board starts work"),
            f.EmptyForm,
            lambda actor, board, d: s.board_activate(actor=actor, board=board),
        ),
        Change(
            "end",
            _("End the term / dissolve"),
            f.ReasonForm,
            lambda actor, board, d: s.board_end(actor=actor, board=board, **d),
        ),
        Change(
            "rating",
            _("Rate the board"),
            f.RatingForm,
            lambda actor, board, d: s.rating_record(actor=actor, board=board, **d),
        ),
    )
}

# Which changes the board's page offers in each state.
BY_STATE = {
    "forming": ("election", "member", "leave", "recognise"),
    "recognised": ("member", "leave", "activate"),
    "proposed": ("election", "member", "declare", "leave", "flag", "elect"),
    "members_elected": ("member", "declare", "leave", "flag", "establish"),
    "established": ("declare", "flag", "notify"),
    "composition_notified": ("flag", "activate"),
    "active": ("election", "member", "declare", "leave", "flag", "rating", "end"),
}
