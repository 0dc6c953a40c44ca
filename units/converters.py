"""The `<id:…>` path converter: a database id is a positive 64-bit integer.

Django's `<int:…>` matches any run of digits, and a number past 64 bits reaches the database
(SQLite raises OverflowError, a 500). Here such a path simply does not match: a 404.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            # A ValueError tells the resolver that the path does not match.
            raise ValueError(f"{value} is past the 64-bit range")
        return number

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
