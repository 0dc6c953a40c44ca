"""Voter contact as case kinds of the kernel (`cases.registry`), registered from
`RecommendationsConfig.ready()`: a meeting, an aggregated item, and an agency's answer to an
item (each agency's part runs its own 60-day clock in its own queue)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.registry import CaseKind
from units.choices import Role
from units.permissions import scope_q
from units.search import MAX_SEARCH_WORDS, fold

from .choices import ITEM_FINAL_STATES, MEETING_FINAL_STATES, MeetingKind
from .models import (
    AgencyAnswer,
    Item,
    ItemSource,
    Meeting,
    MeetingDeputy,
    Opinion,
    Session,
)

READERS = (Role.CASE_OFFICER, Role.UNIT_LEADER, Role.AUDITOR)
# Deputies and their office see the meetings and items of their delegation's sessions.
DELEGATION = (Role.DEPUTY, Role.DEPUTIES_OFFICE)
AGENCY = (Role.AGENCY_OFFICIAL,)


def _words(term) -> list[str]:
    words = term.split() if isinstance(term, str) else list(term)
    return [fold(w) for w in words[:MAX_SEARCH_WORDS]]


def _protected(**path):
    return Exists(Opinion.objects.filter(protect_identity=True, **path))


def visible_meetings(user):
    return Meeting.objects.annotate(voter_protected=_protected(meeting=OuterRef("pk"))).filter(
        scope_q(user, READERS) | scope_q(user, DELEGATION, unit_field="session__delegation")
    )


def visible_items(user):
    return (
        Item.objects.annotate(voter_protected=_protected(items=OuterRef("pk")))
        .filter(
            scope_q(user, READERS)
            | scope_q(user, DELEGATION, unit_field="session__delegation")
            | Q(
                answers__in=AgencyAnswer.objects.filter(
                    scope_q(user, (Role.AGENCY_OFFICIAL,), "agency")
                )
            )
        )
        .distinct()
    )


def visible_answers(user):
    protected = _protected(items=OuterRef("item"))
    return AgencyAnswer.objects.annotate(voter_protected=protected).filter(
        scope_q(user, READERS, unit_field="item__unit")
        | scope_q(user, AGENCY, unit_field="agency")
        | scope_q(user, DELEGATION, unit_field="item__session__delegation")
    )


def _search_meetings(term) -> Q:
    condition = Q()
    for word in _words(term):
        condition &= Q(code__icontains=word) | Q(place__icontains=word)
    return condition


def _search_items(term) -> Q:
    condition = Q()
    for word in _words(term):
        condition &= Q(search_text__contains=word)
    return condition


def _search_answers(term) -> Q:
    condition = Q()
    for word in _words(term):
        condition &= Q(item__search_text__contains=word)
    return condition


def _meeting_histories(meeting):
    return [
        (Meeting, meeting.history.all()),
        (MeetingDeputy, MeetingDeputy.history.filter(meeting_id=meeting.pk)),
        (Opinion, Opinion.history.filter(meeting_id=meeting.pk)),
        (Session, Session.history.filter(id=meeting.session_id)),
    ]


def _item_histories(item):
    # A carried-over item shows the history of the item it continues (Art. 53–54).
    ids = [item.pk]
    earlier = item.carried_from_id
    while earlier:
        ids.append(earlier)
        earlier = Item.objects.filter(pk=earlier).values_list("carried_from_id", flat=True).first()
    return [
        (Item, Item.history.filter(id__in=ids)),
        (ItemSource, ItemSource.history.filter(item_id__in=ids)),
        (AgencyAnswer, AgencyAnswer.history.filter(item_id__in=ids)),
    ]


def _answer_histories(answer):
    return [(AgencyAnswer, AgencyAnswer.history.filter(id=answer.pk))]


def _opinion_is_identity(model, row) -> bool:
    return model is Opinion and bool(row.protect_identity)


def meeting_kind() -> CaseKind:
    from . import demo
    from .flows import MeetingFlow

    return CaseKind(
        name="meeting",
        label_text=_("Voter meeting"),
        model=Meeting,
        flow=MeetingFlow,
        visible=visible_meetings,
        label=lambda m: f"{m.code} · {m.get_kind_display()}",
        search=_search_meetings,
        subkinds=MeetingKind.choices,
        subkind_field="kind",
        final_states=MEETING_FINAL_STATES,
        history_models=(Meeting, MeetingDeputy, Opinion, Session),
        histories=_meeting_histories,
        identity_row=_opinion_is_identity,
        record_names={Opinion: "number"},
        reference_field="code",
        history_links={
            MeetingDeputy: "meeting_id",
            Opinion: "meeting_id",
        },
        head_template="recommendations/_audit_head.html",
        row_template="recommendations/_inbox_case.html",
        menu=(_("Voter contact"), "recommendations:session-list"),
        demo=demo.load_demo,
    )


def item_kind() -> CaseKind:
    from .flows import ItemFlow

    return CaseKind(
        name="voter_item",
        label_text=_("Voter recommendation"),
        model=Item,
        flow=ItemFlow,
        visible=visible_items,
        label=lambda i: f"{i.code} · {i.get_field_display()}",
        search=_search_items,
        final_states=ITEM_FINAL_STATES,
        history_models=(Item, ItemSource, AgencyAnswer),
        histories=_item_histories,
        reference_field="code",
        history_links={ItemSource: "item_id", AgencyAnswer: "item_id"},
        head_template="recommendations/_audit_head.html",
        row_template="recommendations/_inbox_case.html",
    )


def answer_kind() -> CaseKind:
    from .flows import AnswerFlow

    return CaseKind(
        name="voter_answer",
        label_text=_("Answer to a voter recommendation"),
        model=AgencyAnswer,
        flow=AnswerFlow,
        visible=visible_answers,
        label=lambda a: f"{a.item.code} · {a.agency.name}",
        search=_search_answers,
        history_models=(AgencyAnswer,),
        histories=_answer_histories,
        head_template="recommendations/_audit_head.html",
        row_template="recommendations/_inbox_answer.html",
    )
