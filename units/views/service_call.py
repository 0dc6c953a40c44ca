from collections.abc import Callable
from typing import TypeVar

from django import forms

from units.errors import DomainError

T = TypeVar("T")


def call_service(form: forms.Form, service: Callable[[], T]) -> T | None:
    """Runs a service for a valid form; a domain refusal becomes a form error in the user's
    language, and the service's transaction has already rolled back."""
    try:
        return service()
    except DomainError as error:
        form.add_error(None, str(error))
        return None
