import unicodedata

from django.db.models import Q, QuerySet


def fold(text: str) -> str:
    """Lower-case Vietnamese text without diacritics, so that "khieu nai" matches "Khiếu nại".

    NFD splits a letter from its tone and vowel marks; đ has no decomposition and is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def search_folded(queryset: QuerySet, field: str, term: str) -> QuerySet:
    """Filter on a column that stores `fold()`ed text: every word of the term must occur."""
    condition = Q()
    for word in fold(term).split():
        condition &= Q(**{f"{field}__contains": word})
    return queryset.filter(condition)
