"""The national voter-recommendation database export (NQLT 72/2025 Art. 56.1a, added by NQLT
100/2025): a session's items and every agency's answer, in a documented, versioned,
machine-readable form (docs/voter-recommendation-export.md; the JSON Schema of each version is
in `export_schema/`).

Voters are never part of it: no opinion's name or address is read into a row, and every free
text (an item's title and wording, a meeting's place, an answer and its roadmap) is scrubbed of
each voter the session has ever recorded and of anything that identifies anyone (a phone, an
e-mail, a street address). The scrub runs whether or not a voter asked not to be named: the
identity module's shield leaves an unprotected case as it is, right for the committee's own
pages but not for a database open to every answering agency in the country.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q
from django.utils import timezone, translation

from cases.identity import Person, Scrubber
from units.models import Unit

from .choices import Field
from .models import AgencyAnswer, Item, ItemSource, Opinion, Session

FORMAT_VERSION = "1.0"
# The export states its time in Vietnam's offset whatever the server runs on: the national
# database reads the timestamp as written.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

CSV_COLUMNS = (
    "format_version",
    "session_id",
    "session_body",
    "session_term",
    "session_number",
    "item_code",
    "item_title",
    "item_content",
    "scope",
    "field",
    "field_label",
    "item_state",
    "voter_count",
    "source_meetings",
    "carried_from",
    "agency_id",
    "agency_name",
    "agency_admin_code",
    "answer_state",
    "received_on",
    "answer_due",
    "answered_on",
    "outcome",
    "answer_content",
    "roadmap",
    "promised_on",
    "document_number",
    "document_date",
    "on_paper",
    "overdue",
)


def session_export(session: Session, *, today: dt.date | None = None) -> dict:
    """The session and its items as the JSON document of format 1.0, in five queries whatever
    the number of items: the items, their sources with meetings, their answers with agencies,
    the committee and delegation, and the voters to scrub."""
    today = today or timezone.localdate()
    items = session_items(session)
    scrub = _scrubber(session)
    committee, delegation = session_units(session)
    # The national database is in Vietnamese whatever language the person exporting reads:
    # field labels and the mark the scrubber leaves ("[được bảo mật]") come out in it.
    with translation.override("vi"):
        return _document(session, items, scrub, committee, delegation, today)


def _document(
    session: Session,
    items: list[Item],
    scrub: Scrubber,
    committee: Unit,
    delegation: Unit | None,
    today: dt.date,
) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now().astimezone(VIETNAM).isoformat(timespec="seconds"),
        "session": {
            "id": session.pk,
            "body": session.body,
            "kind": session.kind,
            "term": session.term,
            "number": session.number,
            "title": session.title,
            "state": session.state,
            "opens_on": _date(session.opens_on),
            "closes_on": _date(session.closes_on),
            "organising_committee": _unit(committee),
            "delegation": _unit(delegation) if delegation else None,
        },
        "items": [_item(item, scrub, today) for item in items],
    }


def session_export_csv(session: Session, *, today: dt.date | None = None) -> str:
    """The same export flattened to one row per item and agency (an item not routed yet has one
    row with the agency columns empty), UTF-8 with a byte-order mark so that Excel reads the
    Vietnamese correctly."""
    document = session_export(session, today=today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in document["items"]:
        for answer in item["answers"] or [None]:
            writer.writerow(_csv_row(document, item, answer))
    return "\ufeff" + out.getvalue()


# Reading -------------------------------------------------------------------------------------


def session_items(session: Session) -> list[Item]:
    # The sources read only what the export shows of an opinion (its voter count and meeting):
    # the voters' names are never loaded. The states come along because the models' concurrent
    # transition guard reads them when a row loads (one query a row if deferred).
    sources = ItemSource.objects.select_related("opinion__meeting").only(
        "item",
        "opinion",
        "opinion__voters",
        "opinion__state",
        "opinion__meeting",
        "opinion__meeting__state",
        "opinion__meeting__code",
        "opinion__meeting__kind",
        "opinion__meeting__place",
        "opinion__meeting__held_on",
        "opinion__meeting__starts_at",
    )
    answers = AgencyAnswer.objects.select_related("agency").order_by("pk")
    return list(
        Item.objects.filter(session=session)
        .select_related("carried_from")
        .prefetch_related(Prefetch("sources", queryset=sources), Prefetch("answers", answers))
        .order_by("code")
    )


def session_units(session: Session) -> tuple[Unit, Unit | None]:
    units = Session.objects.select_related("unit", "delegation").get(pk=session.pk)
    return units.unit, units.delegation


def _scrubber(session: Session) -> Scrubber:
    """Every voter of the session's opinions and of the opinions its items merge (a carried-over
    item keeps those of the session before), in every version the history holds: correcting a
    name must not let the old one through."""
    merged = ItemSource.objects.filter(item__session=session).values("opinion_id")
    rows = (
        Opinion.history.filter(Q(session_id=session.pk) | Q(id__in=merged))
        .exclude(voter_name="", voter_address="")
        .values_list("voter_name", "voter_address")
        .distinct()
    )
    return Scrubber(Person(full_name=name, address=address) for name, address in rows)


# Shaping ------------------------------------------------------------------------------------


def _item(item: Item, scrub: Scrubber, today: dt.date) -> dict:
    sources = list(item.sources.all())
    meetings = {}
    for source in sources:
        meeting = source.opinion.meeting
        meetings.setdefault(meeting.pk, meeting)
    return {
        "code": item.code,
        "title": scrub(item.title),
        "content": scrub(item.content),
        "scope": item.scope or None,
        "field": {"code": item.field, "label": str(Field(item.field).label)},
        "state": item.state,
        "voter_count": sum(source.opinion.voters for source in sources),
        "source_meetings": [
            {
                "code": meeting.code,
                "kind": meeting.kind,
                "date": _date(meeting.held_on or meeting.meeting_day),
                "place": scrub(meeting.place) or None,
            }
            for meeting in sorted(meetings.values(), key=lambda m: (m.starts_at, m.code))
        ],
        "carried_from": item.carried_from.code if item.carried_from else None,
        "answers": [_answer(answer, scrub, today) for answer in item.answers.all()],
    }


def _answer(answer: AgencyAnswer, scrub: Scrubber, today: dt.date) -> dict:
    return {
        "agency": _unit(answer.agency),
        "state": answer.state,
        "received_on": _date(answer.received_on),
        "answer_due": _date(answer.answer_due),
        "answered_on": _date(answer.answered_on),
        "outcome": answer.outcome or None,
        "content": scrub(answer.content) or None,
        "roadmap": scrub(answer.roadmap) or None,
        "promised_on": _date(answer.promised_on),
        "document_number": answer.document_number or None,
        "document_date": _date(answer.document_date),
        "on_paper": answer.on_paper,
        "overdue": is_overdue(answer, today=today),
    }


def is_overdue(answer: AgencyAnswer, *, today: dt.date) -> bool:
    """Past its 60-day limit (Art. 49.1) without an answer, or answered after it."""
    if answer.answer_due is None:
        return False
    return (answer.answered_on or today) > answer.answer_due


def _csv_row(document: dict, item: dict, answer: dict | None) -> list:
    session = document["session"]
    row = [
        document["format_version"],
        session["id"],
        session["body"],
        session["term"],
        session["number"],
        item["code"],
        item["title"],
        item["content"],
        item["scope"],
        item["field"]["code"],
        item["field"]["label"],
        item["state"],
        item["voter_count"],
        "; ".join(m["code"] for m in item["source_meetings"]),
        item["carried_from"],
    ]
    if answer is None:
        row += [None] * (len(CSV_COLUMNS) - len(row))
    else:
        row += [
            answer["agency"]["id"],
            answer["agency"]["name"],
            answer["agency"]["admin_code"],
            answer["state"],
            answer["received_on"],
            answer["answer_due"],
            answer["answered_on"],
            answer["outcome"],
            answer["content"],
            answer["roadmap"],
            answer["promised_on"],
            answer["document_number"],
            answer["document_date"],
            _flag(answer["on_paper"]),
            _flag(answer["overdue"]),
        ]
    return ["" if value is None else value for value in row]


def _unit(unit: Unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "admin_code": unit.admin_code or None}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _flag(value: bool) -> str:
    return "true" if value else "false"
