"""The domain's refusals and the one mapping of them to HTTP statuses, for every kind's views
and API: a rule refused the input (400), the user may not do it (403), the case moved on (409).
"""

from units.errors import DomainError, NotAllowed

__all__ = ["DomainError", "NotAllowed", "StepClosed", "status_of"]


class StepClosed(DomainError):
    """The case is no longer at the step the action belongs to (someone else completed it,
    or it moved on)."""


def status_of(error: DomainError) -> int:
    # Most specific first: NotAllowed and StepClosed are DomainErrors too.
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, StepClosed):
        return 409
    return 400


def refusal_title(error: DomainError, default: str = "") -> str:
    """The heading of the page that refuses an action: who may not, or that the case moved."""
    from django.utils.translation import gettext as _

    status = status_of(error)
    if status == 403:
        return _("Not allowed")
    if status == 409:
        return _("This case is no longer at this step")
    return default
