class DomainError(Exception):
    """A rule of the domain refused an action; the message is shown to the user as it is."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The acting user lacks the role the action needs."""
