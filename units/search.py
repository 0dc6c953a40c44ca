import unicodedata

from django.db.models import Q, QuerySet


def fold(text: str) -> str:
    """Lower-case Vietnamese text without diacritics, so that "khieu nai" matches "Khiếu nại".

    NFD splits a letter from its tone and vowel marks; đ has no decomposition and is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# A search box takes a few words; a pasted page of text would become one condition per word
# (SQLite refuses past a depth of 1,000) and a scan per word. Words past these are ignored.
MAX_SEARCH_WORDS = 12
MAX_SEARCH_WORD_LENGTH = 60


def search_words(term: str) -> list[str]:
    """The `fold()`ed words of a search term, at most MAX_SEARCH_WORDS of them, each cut to
    MAX_SEARCH_WORD_LENGTH characters."""
    words = fold(term).split()[:MAX_SEARCH_WORDS]
    return [word[:MAX_SEARCH_WORD_LENGTH] for word in words]


def search_folded(queryset: QuerySet, field: str, term: str) -> QuerySet:
    """Filter on a column that stores `fold()`ed text: every word of the term must occur."""
    condition = Q()
    for word in search_words(term):
        condition &= Q(**{f"{field}__contains": word})
    return queryset.filter(condition)
