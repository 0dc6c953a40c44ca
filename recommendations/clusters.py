"""Proposed clusters of similar opinions for the aggregation workspace.

Similarity is on diacritics-folded words (`units.search.fold`): "Đường ĐT741 xuống cấp" and
"duong DT 741 xuong cap" are the same words. Two opinions are similar when they share at least
`MIN_SHARED` words that say something (not "đề nghị", "cử tri"...) and those make at least
`THRESHOLD` of the shorter one's words (the overlap coefficient: a short opinion inside a
longer one is the same subject). Clusters are the connected groups. Candidate pairs come from an
inverted index of words, so a province session of 5,000 opinions compares only opinions that
share a word rather than all 12.5 million pairs. The officer confirms every group: these are
proposals, never merges.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from units.search import fold

# Words of every Vietnamese sentence that say nothing about the subject.
STOP_WORDS = (
    "de nghi cu tri kien nghi xem xet cac co quan chuc nang som va cua cho la co duoc trong "
    "tai nhung mot nay khi da dang se voi ve thi ma nhu viec hien tren duoi con cung rat "
    "nhieu theo tu den phai can dia phuong nguoi dan ban"
)
STOP = frozenset(STOP_WORDS.split())
WORD = re.compile(r"[a-z0-9]+")
THRESHOLD = 0.5
MIN_SHARED = 2
# In a session of at least COMMON_FLOOR opinions, a word held by more than COMMON_SHARE of them
# is not a subject.
COMMON_SHARE = 0.2
COMMON_FLOOR = 50


def words(text: str) -> frozenset[str]:
    found = [w for w in WORD.findall(fold(text)) if w not in STOP]
    # Numbers written apart ("DT 741") and together ("DT741") meet as one word.
    joined = []
    for word in found:
        if joined and word.isdigit() and not joined[-1].isdigit() and len(joined[-1]) <= 3:
            joined[-1] += word
        else:
            joined.append(word)
    return frozenset(w for w in joined if len(w) > 1)


# A run of capitalised words not opening a sentence ("An Bình", "Kim Đồng"), or a number.
CAPITALISED = re.compile(
    r"(?<![.!?:]\s)(?<!^)\b([A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*)*|\d+)", re.UNICODE
)


def names(text: str) -> frozenset[str]:
    """The proper names and numbers in the text (a road's number, a school's or a commune's
    name), each folded as one: "Đông Sơn" is not "Nam Sơn"."""
    return frozenset(" ".join(WORD.findall(fold(m.group(1)))) for m in CAPITALISED.finditer(text))


def similar(a, b, threshold: float = THRESHOLD) -> bool:
    """`a`, `b`: (words, names). Two requests in the same words about different named places
    or things ("đường tỉnh 701" and "đường tỉnh 702") are different subjects."""
    (words_a, names_a), (words_b, names_b) = a, b
    if names_a and names_b and not names_a & names_b:
        return False
    shared = len(words_a & words_b)
    return shared >= MIN_SHARED and shared / min(len(words_a), len(words_b)) >= threshold


def propose(opinions: Iterable, *, threshold: float = THRESHOLD) -> list[list]:
    """Groups of two or more similar opinions, largest first; each opinion in one group.

    Single linkage over representatives: each opinion is compared with the opinions already
    standing for a group under one of its words, and joins every group it is similar to;
    one that joins none stands for a new group under its words. A group's members add
    themselves under the words the group had no one for yet, so a later opinion similar to
    any of them through those words finds the group. Comparisons grow with the number of
    groups sharing a word, not with the number of opinions holding it.
    """
    opinions = list(opinions)
    sets = [words(o.content) for o in opinions]
    if len(opinions) >= COMMON_FLOOR:
        # A word in a fifth of all opinions ("kéo dài", "trả lời") marks no subject here.
        frequency = Counter(word for found in sets for word in found)
        common = {w for w, n in frequency.items() if n > len(opinions) * COMMON_SHARE}
        sets = [found - common for found in sets]
    named = [names(o.content) for o in opinions]
    parent = list(range(len(opinions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    standing: dict[str, list[int]] = defaultdict(list)
    covered: dict[int, set[str]] = defaultdict(set)  # group root -> words someone stands for
    for position, found in enumerate(sets):
        if len(found) < MIN_SHARED:
            continue
        candidates = {rep for word in found for rep in standing.get(word, ())}
        joined = None
        for rep in candidates:
            pair = (found, named[position]), (sets[rep], named[rep])
            if root(rep) != root(position) and similar(*pair, threshold):
                a, b = root(rep), root(position)
                parent[b] = a
                covered[a] |= covered.pop(b, set())
                joined = a
        group = root(position)
        for word in found - covered[group]:
            standing[word].append(position)
            covered[group].add(word)
        if joined is None:
            covered[group] |= found
    groups = defaultdict(list)
    for position, opinion in enumerate(opinions):
        groups[root(position)].append(opinion)
    return sorted((g for g in groups.values() if len(g) > 1), key=len, reverse=True)
