"""Everything that identifies a person on a case passes through this package on its way out.

A denouncer's identity is a state secret (Luật Tố cáo Art. 8.3, 47, 56): only users a leader
allowed on that case see it, each showing is recorded, and every other output — page, API,
export, slip, notification, history, audit view, log — shows it scrubbed. A case kind tells the
package who its people are and who is allowed (`register`); views ask for a `Shield` and render
every free text and every person through it.
"""

from .persons import NobodyProtected, Person, PersonView
from .policy import (
    IdentityRules,
    Shield,
    leaks,
    may_see,
    register,
    rules_for,
    shield,
    shield_for_outsiders,
    shield_many,
)
from .scrubber import WITHHELD, Scrubber

__all__ = [
    "WITHHELD",
    "IdentityRules",
    "NobodyProtected",
    "Person",
    "PersonView",
    "Scrubber",
    "Shield",
    "leaks",
    "may_see",
    "register",
    "rules_for",
    "shield",
    "shield_for_outsiders",
    "shield_many",
]
