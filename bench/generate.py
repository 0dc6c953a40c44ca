"""Fills a scratch database with realistic petitions fast, for `bench.data_at_scale`.

Rows go in with PostgreSQL COPY, built in Python from the models' own field lists, so every
column the ORM would write is written. What a real case leaves behind is mirrored: petitions
(Vietnamese subjects and contents, every kind and state, over the last three years, spread over
the real communes and provinces), petitioners and signers, identity grants for denunciations,
transfer slips (with the committees' slip number series) and agency answers, public summaries,
and for the open cases the flow run as `workflows.flows.PetitionFlow` writes it: the process, the
finished tasks before the open one, the open human task with its queue route, and on the answer
step the three scheduled deadline timers.

Every row gets its one history row ("+", with a reason), linked into its table's hash chain with
`units.audit_chain.link` on the very values written, in id order; the chain heads are moved on
at the end, so `manage.py verify_audit` holds afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from types import SimpleNamespace

from bench import vocabulary as V

UTC = dt.UTC
FLOW = "casework/flows.PetitionFlow"
CHUNK = 20_000
REASON = "Chuyển dữ liệu từ hệ thống quản lý đơn thư cũ"  # imported from the old system
# (state, share): ~10% open, the rest finished, as in a committee's register.
STATES = [
    ("received", 2.5), ("classified", 1.0), ("referred", 0.7), ("awaiting_answer", 3.5),
    ("answer_received", 1.0), ("petitioner_notified", 0.8), ("disclosure_pending", 0.3),
    ("disclosed", 0.2), ("closed", 45.0), ("guided", 20.0), ("returned", 6.0),
    ("archived", 10.0), ("refused", 5.0), ("split", 1.0), ("duplicate", 3.0),
]  # fmt: skip
OPEN = {s for s, _ in STATES[:8]}
# The flow's path, and the step each open state waits at.
PATH = ["start", "classify", "after_classify", "decide", "after_decide", "sign_referral",
        "answer", "assess", "after_assess", "disclose", "after_disclose", "approve",
        "after_approve", "close"]  # fmt: skip
WAITS_AT = {"received": "classify", "classified": "decide", "referred": "sign_referral",
            "awaiting_answer": "answer", "answer_received": "assess",
            "petitioner_notified": "disclose", "disclosure_pending": "approve",
            "disclosed": "close"}  # fmt: skip
HUMAN = {"classify": "case", "decide": "case", "sign_referral": "leader", "answer": "agency",
         "assess": "case", "disclose": "case", "approve": "leader", "close": "case"}  # fmt: skip
ROLE = {"case": "case_officer", "leader": "unit_leader", "agency": "agency_official"}
REFERRED = {"referred", "awaiting_answer", "answer_received", "petitioner_notified",
            "disclosure_pending", "disclosed", "closed"}  # fmt: skip
ANSWERED = REFERRED - {"referred", "awaiting_answer"}
KINDS = [("complaint", 35), ("denunciation", 8), ("recommendation", 22), ("feedback", 33),
         ("mixed", 2)]  # fmt: skip
CHANNELS = [("in_person", 30), ("post", 25), ("suggestion_box", 5), ("phone", 5), ("email", 5),
            ("portal", 15), ("forwarded", 10), ("voter_meeting", 5)]  # fmt: skip


def _encode(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            value = value.replace("\r", "\\r")
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


class Table:
    """Rows of one model, buffered for COPY, each with its chained history row when the model
    keeps history."""

    def __init__(self, model, cursor, *, history: bool = True) -> None:
        from units.audit_chain import GENESIS
        from units.models import AuditChainHead

        self.model, self.table = model, model._meta.db_table
        self.fields = [(f.attname, f.column, f) for f in model._meta.concrete_fields]
        self.pk = model._meta.pk.column
        cursor.execute(f"SELECT coalesce(max({self.pk}), 0) FROM {self.table}")
        self.next_id = cursor.fetchone()[0] + 1
        self.defaults = {a: f.get_default() for a, _c, f in self.fields}
        self.lines: list[str] = []
        self.count = 0
        self.history = model.history.model if history and hasattr(model, "history") else None
        if self.history is not None:
            self.h_table = self.history._meta.db_table
            self.h_fields = [(f.attname, f.column) for f in self.history._meta.concrete_fields]
            cursor.execute(f"SELECT coalesce(max(history_id), 0) FROM {self.h_table}")
            self.next_history_id = cursor.fetchone()[0] + 1
            head = AuditChainHead.objects.filter(table=self.h_table).first()
            self.last_hash = head.last_hash if head else GENESIS
            self.length = head.length if head else 0
            self.h_lines: list[str] = []

    def add(self, values: dict, *, user_id=None, at=None) -> int:
        from units.audit_chain import link

        values.setdefault(self.pk, self.next_id)
        self.next_id = max(self.next_id, values[self.pk]) + 1
        for attname, default in self.defaults.items():
            if attname not in values:
                values[attname] = default
        row = [_encode(values[attname]) for attname, _column, _field in self.fields]
        self.lines.append("\t".join(row))
        self.count += 1
        if self.history is not None:
            values.update(
                history_id=self.next_history_id,
                history_date=at,
                history_type="+",
                history_user_id=user_id,
                history_change_reason=REASON,
            )
            self.next_history_id += 1
            shown = {a: values.get(a) for a, _ in self.h_fields}
            shown["chain_hash"] = self.last_hash = link(
                self.last_hash, SimpleNamespace(_meta=self.history._meta, **shown)
            )
            self.length += 1
            self.h_lines.append("\t".join(_encode(shown[a]) for a, _ in self.h_fields))
        return values[self.pk]

    def flush(self, cursor) -> None:
        for table, columns, lines in (
            (self.table, [c for _, c, _ in self.fields], self.lines),
            *(
                [(self.h_table, [c for _, c in self.h_fields], self.h_lines)]
                if self.history
                else []
            ),
        ):
            if lines:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    copy.write("\n".join(lines) + "\n")
                lines.clear()

    def finish(self, cursor) -> None:
        from units.models import AuditChainHead

        self.flush(cursor)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{self.table}', '{self.pk}'), %s)",
            [self.next_id - 1],
        )
        if self.history is not None:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{self.h_table}', 'history_id'), %s)",
                [self.next_history_id - 1],
            )
            AuditChainHead.objects.update_or_create(
                table=self.h_table, defaults={"last_hash": self.last_hash, "length": self.length}
            )


def _weighted(pairs):
    names, weights = zip(*pairs, strict=True)
    return list(names), list(weights)


class Generator:
    """One pass over `count` petitions, CHUNK at a time."""

    def __init__(self, cursor, cast, *, count: int, today: dt.date, seed: int) -> None:
        from django.contrib.contenttypes.models import ContentType
        from viewflow.workflow.models import Process, Task

        from casework import models as m
        from units.search import fold
        from workdays.calendar import calendar_between
        from workdays.models import TimeLimit
        from workflows.models import TaskRoute

        self.rng = random.Random(seed)
        self.cursor, self.cast, self.count, self.today, self.fold = cursor, cast, count, today, fold
        self.now = dt.datetime.now(UTC).replace(microsecond=0)
        self.calendar = calendar_between(
            today - dt.timedelta(days=3 * 366 + 30), today + dt.timedelta(days=400)
        )
        self.limits = {(t.case_kind, t.step, t.variant): t for t in TimeLimit.objects.all()}
        self.t = {
            name: Table(model, cursor, history=name not in {"process", "task", "route"})
            for name, model in [
                ("petition", m.Petition), ("petitioner", m.Petitioner), ("signer", m.Signer),
                ("grant", m.IdentityGrant), ("referral", m.Referral), ("answer", m.Answer),
                ("disclosure", m.Disclosure), ("process", Process), ("task", Task),
                ("route", TaskRoute),
            ]
        }  # fmt: skip
        # A process names its petition as its artifact, a route by the same generic reference.
        self.petition_type = ContentType.objects.get_for_model(m.Petition).pk
        self.t["previous"] = Table(Task.previous.through, cursor, history=False)
        self.states, self.state_w = _weighted(STATES)
        self.kinds, self.kind_w = _weighted(KINDS)
        self.channels, self.channel_w = _weighted(CHANNELS)
        self.units = [u for u in cast.receiving]
        self.unit_w = [u.weight for u in self.units]
        self.slips: dict[tuple[int, int], int] = {}
        self.previous_in_unit: dict[int, int] = {}
        self.codes: set[str] = set()
        self.secret_hash = cast.secret_hash

    # Values --------------------------------------------------------------------------------

    def _code(self) -> str:
        while True:
            raw = "".join(self.rng.choices(V.TRACKING_ALPHABET, k=8))
            code = f"{raw[:4]}-{raw[4:]}"
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _received_on(self, state: str) -> dt.date:
        if state in OPEN:  # open cases are recent; a few have waited long
            days = min(int(self.rng.expovariate(1 / 35)), 3 * 365 - 1)
        else:
            days = self.rng.randrange(15, 3 * 365)
        return self.today - dt.timedelta(days=days)

    def _limit(self, kind: str, step: str, variant: str = "standard"):
        return self.limits.get((kind, step, variant)) or self.limits[(kind, step, "standard")]

    def _after(self, start: dt.date, limit) -> dt.date:
        if limit.unit == "working_days":
            return self.calendar.add_working_days(start, limit.count)
        return self.calendar.add_days(start, limit.count)

    def _moment(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = self.rng.randrange(1, 10) if hour is None else hour  # office hours, UTC+7
        moment = dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60)), UTC)
        return min(moment, self.now)

    # One petition -------------------------------------------------------------------------

    def petition(self) -> None:
        from casework.services.transitions import answer_variant

        rng = self.rng
        state = rng.choices(self.states, self.state_w)[0]
        kind = "mixed" if state == "split" else rng.choices(self.kinds, self.kind_w)[0]
        if kind == "mixed" and (state in REFERRED or state == "guided"):
            kind = "complaint"
        unit = rng.choices(self.units, self.unit_w)[0]
        people = self.cast.people[unit.pk]
        received_on = self._received_on(state)
        created = self._moment(received_on)
        text = V.case_text(rng, kind, unit.area_name)
        code = self._code()
        p = {
            "unit_id": unit.pk, "tracking_code": code, "secret_hash": self.secret_hash,
            "state": state, "channel": rng.choices(self.channels, self.channel_w)[0],
            "kind": kind, "field": text.field, "title": text.title, "content": text.content,
            "request": text.request, "letter_date": received_on - dt.timedelta(rng.randrange(8)),
            "received_on": received_on, "received_by_id": people["reception"],
            "signer_count": 1, "complexity": "standard", "complaint_instance": "first",
            "remote_area": unit.remote, "several_places": rng.random() < 0.03,
            "search_text": f"{self.fold(code)} {text.folded}",
            "classify_due": self._after(received_on, self._limit(kind, "classify")),
            "created_at": created, "reopen_count": 0,
        }  # fmt: skip
        if kind in ("complaint", "denunciation") and rng.random() < 0.15:
            p["complexity"] = "complex" if rng.random() < 0.8 else "especially_complex"
            if kind == "complaint" and p["complexity"] == "especially_complex":
                p["complexity"] = "complex"
        if kind == "complaint" and rng.random() < 0.1:
            p["complaint_instance"] = "second"
        if state not in ("received", "refused"):
            p["processable"] = state not in ("returned", "archived")
            p["classification_reason"] = rng.choice(V.CLASSIFY_REASONS)
        if state in ("refused", "guided", "returned", "archived", "split", "duplicate"):
            p["outcome_reason"] = V.OUTCOME_REASONS[state]
        if state == "duplicate":
            p["duplicate_of_id"] = self.previous_in_unit.get(unit.pk)
            if p["duplicate_of_id"] is None:
                p["state"] = state = "guided"
                p["outcome_reason"] = V.OUTCOME_REASONS[state]
        # The case's steps, a couple of days apart, never after now.
        step_days = max(1, min(3, (self.today - received_on).days // 8 or 1))
        day = received_on + dt.timedelta(days=step_days * 2)
        sent_on = answer_due = None
        if state in REFERRED:
            sent_on = min(day, self.today)
            if state != "referred":
                limit = self._limit(kind, "answer", answer_variant(SimpleNamespace(**p)))
                p["answer_due"] = answer_due = self._after(sent_on, limit)
        if state in ANSWERED:
            late = rng.random() < 0.2
            answered = answer_due + dt.timedelta(
                rng.randrange(1, 20) if late else -rng.randrange(0, 12)
            )
            answered = max(sent_on, min(answered, self.today))  # fmt: skip
        if state in ANSWERED - {"answer_received"}:
            p["petitioner_notified_on"] = min(answered + dt.timedelta(3), self.today)
            p["petitioner_notified_by"] = rng.choice(["post", "in_person", "phone", "portal"])
        p["updated_at"] = self._moment(min(day + dt.timedelta(step_days * 6), self.today))
        p["updated_at"] = max(p["updated_at"], created)
        p["signer_count"] = rng.randrange(5, 13) if rng.random() < 0.04 else 1  # group petitions
        petition_id = self.t["petition"].add(p, user_id=people["reception"], at=created)
        self.previous_in_unit[unit.pk] = petition_id
        self._signers(petition_id, unit, people, p, created)
        if state in REFERRED:
            referral_id = self._referral(petition_id, unit, people, p, sent_on, created)
            if state in ANSWERED:
                self.t["answer"].add(
                    {"referral_id": referral_id,
                     "document_number": f"{rng.randrange(1, 999)}/UBND-VP",
                     "document_date": answered, "summary": rng.choice(V.ANSWER_SUMMARIES),
                     "outcome": rng.choice(V.OUTCOMES), "recorded_by_id": people["agency"],
                     "on_paper": rng.random() < 0.3, "recorded_at": self._moment(answered)},
                    user_id=people["agency"], at=self._moment(answered),
                )  # fmt: skip
        disclosed = state in ("disclosure_pending", "disclosed") or (
            state == "closed" and rng.random() < 0.2
        )
        if disclosed:
            self.t["disclosure"].add(
                {"petition_id": petition_id, "summary": rng.choice(V.ANSWER_SUMMARIES),
                 "prepared_by_id": people["case"],
                 "approved_by_id": None if state == "disclosure_pending" else people["leader"],
                 "published_at": None if state == "disclosure_pending" else p["updated_at"],
                 "withdrawal_reason": ""},
                user_id=people["case"], at=p["updated_at"],
            )  # fmt: skip
        if state in OPEN:
            self._flow(petition_id, unit, people, p, created)

    def _signers(self, petition_id, unit, people, p, created) -> None:
        for position in range(p["signer_count"]):
            person = V.person(self.rng, unit.area_name, unit.id_prefix)
            person.update(created_at=created)
            person_id = self.t["petitioner"].add(person, user_id=people["reception"], at=created)
            self.t["signer"].add(
                {"petition_id": petition_id, "petitioner_id": person_id,
                 "is_primary": position == 0, "position": position},
                user_id=people["reception"], at=created,
            )  # fmt: skip
        if p["kind"] == "denunciation":
            self.t["grant"].add(
                {"petition_id": petition_id, "user_id": people["reception"],
                 "granted_by_id": people["reception"], "reason": "Tiếp nhận đơn tố cáo",
                 "created_at": created},
                user_id=people["reception"], at=created,
            )  # fmt: skip

    def _referral(self, petition_id, unit, people, p, sent_on, created) -> int:
        year = sent_on.year
        number = self.slips[(unit.pk, year)] = self.slips.get((unit.pk, year), 0) + 1
        signed = p["state"] != "referred"
        return self.t["referral"].add(
            {"petition_id": petition_id, "agency_id": unit.agency_id,
             "slip_number": f"{number}/PC-MTTQ-{unit.admin_code}/{year}",
             "note": "", "drafted_by_id": people["case"], "drafted_at": self._moment(sent_on),
             "signed_by_id": people["leader"] if signed else None,
             "sent_on": sent_on if signed else None, "answer_due": p.get("answer_due")},
            user_id=people["case"], at=self._moment(sent_on),
        )  # fmt: skip

    def _flow(self, petition_id, unit, people, p, created) -> None:
        """The open run of the flow, as PetitionFlow leaves it at the state's step."""
        rng, tasks = self.rng, self.t["task"]
        process_id = self.t["process"].add(
            {"flow_class": FLOW, "status": "NEW", "created": created, "data": {},
             "artifact_content_type_id": self.petition_type, "artifact_object_id": petition_id}
        )  # fmt: skip
        waits_at = WAITS_AT[p["state"]]
        steps = PATH[: PATH.index(waits_at) + 1]
        gap = max(dt.timedelta(minutes=5), (p["updated_at"] - created) / len(steps))
        moment, previous = created, None
        for node in steps:
            open_ = node == waits_at
            row = {"flow_task": f"{FLOW}.{node}", "process_id": process_id, "token": "start",
                   "created": moment, "data": {}, "status": "NEW" if open_ else "DONE"}  # fmt: skip
            row["flow_task_type"] = (
                "START" if node == "start" else "SWITCH" if node.startswith("after") else "HUMAN"
            )
            if not open_:
                row["finished"] = moment + gap / 2
                if row["flow_task_type"] != "SWITCH":
                    row["started"] = row["finished"]
                if node in HUMAN:
                    row["owner_id"] = people[HUMAN[node]]
            elif HUMAN[node] == "case" and rng.random() < 0.25:  # taken, not yet done
                row.update(status="ASSIGNED", owner_id=people["case"], assigned=moment)
            task_id = tasks.add(row)
            if previous is not None:
                self.t["previous"].add({"from_task_id": task_id, "to_task_id": previous})
            if node in HUMAN:
                due = {"classify": p["classify_due"], "decide": p["classify_due"],
                       "answer": p.get("answer_due")}.get(node)  # fmt: skip
                self.t["route"].add(
                    {"task_id": task_id, "case_type_id": self.petition_type, "case_id": petition_id,
                     "role": ROLE[HUMAN[node]],
                     "unit_id": unit.agency_id if node == "answer" else unit.pk, "due": due}
                )  # fmt: skip
            if node == "answer":
                self._timers(process_id, task_id, p, moment, None if open_ else row["finished"])
            previous, moment = task_id, moment + gap

    def _timers(self, process_id, answer_id, p, created, finished) -> None:
        """The answer step's reminder, follow-up and escalation (flows.PetitionFlow.*_at)."""
        from casework.services.transitions import answer_variant

        due = p["answer_due"]
        limit = self._limit(p["kind"], "answer", answer_variant(SimpleNamespace(**p)))
        local = dt.timezone(dt.timedelta(hours=7))
        days = [
            (self.calendar.subtract_working_days(due, limit.reminder_working_days), 7),
            (due + dt.timedelta(days=1), 0),
            (self.calendar.add_working_days(due, limit.escalate_after_working_days)
             + dt.timedelta(days=1), 0),
        ]  # fmt: skip
        for number, (day, hour) in enumerate(days, start=1):
            suffix = "" if number == 1 else f"_{number}"
            at = dt.datetime.combine(day, dt.time(hour), local).astimezone(UTC)
            timer_id = self.t["task"].add(
                {"flow_task": f"{FLOW}.answer__timeout{suffix}", "flow_task_type": "TIMER",
                 "process_id": process_id, "token": "start", "created": created, "data": {},
                 "status": "SCHEDULED" if finished is None else "CANCELED",
                 "finished": finished, "scheduled": at}
            )  # fmt: skip
            self.t["previous"].add({"from_task_id": timer_id, "to_task_id": answer_id})

    def run(self, log) -> None:
        done = 0
        while done < self.count:
            for _ in range(min(CHUNK, self.count - done)):
                self.petition()
            done += min(CHUNK, self.count - done)
            for table in self.t.values():
                table.flush(self.cursor)
            self.cursor.connection.commit()
            if done % (CHUNK * 10) == 0 or done == self.count:
                log(f"{done:,} petitions")
        for table in self.t.values():
            table.finish(self.cursor)
        self._number_sequences()
        self.cursor.connection.commit()

    def _number_sequences(self) -> None:
        """The slip series continue after the generated slips."""
        from casework.models import NumberSequence

        NumberSequence.objects.bulk_create(
            [NumberSequence(unit_id=unit_id, name="referral", year=year, last=last)
             for (unit_id, year), last in self.slips.items()],
            update_conflicts=True, unique_fields=["unit", "name", "year"], update_fields=["last"],
        )  # fmt: skip
