from units.errors import DomainError


class StepClosed(DomainError):
    """The case is no longer at the step the action belongs to (someone else completed it,
    or it moved on): the API answers 409."""
