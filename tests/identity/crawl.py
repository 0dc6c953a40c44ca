"""Every address the crawler opens: each URL pattern of the project with the planted objects'
ids put in (so a page added later is crawled without touching this file), every GET path of the
API schema, and the searches and filters a curious user would try.

A parameter is filled from the path segment before it ("petitions/<pk>" → the planted
petitions); one the crawler does not know becomes a failure that names it, so that a new
kind of page cannot slip past unread.
"""

import itertools
import math
import re
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, get_resolver, reverse
from django.urls.resolvers import URLResolver
from viewflow.workflow.models import Process, Task

from audit.selectors import EventFilters, events_across
from audit.views import PAGE_SIZE as EVENTS_PAGE
from cases import registry
from cases.timeline.events import EventKind
from casework.choices import PetitionKind, PetitionState
from casework.flows import PetitionFlow
from casework.models import Answer, Attachment, Petition, Referral
from units.models import Membership
from workflows import acting

from .story import NOTHING, SEARCH_TERMS, Story

# Not opened, and why. Every other pattern is opened with GET, POST-only ones included (they
# answer 405, and that page is checked like any other).
SKIPPED = {
    "logout": "ends the session the crawl runs in",
    "admin:logout": "ends the session the crawl runs in",
    "api:petition-act": "POST only, and one URL per action and format: runs a workflow action",
    "admin:view_on_site": "redirects to the object's own page, which is crawled directly",
    "recommendations:import-status": "an import job's id exists only while a file is imported",
    "recommendations:import-progress": "an import job's id exists only while a file is imported",
}
# The admin site refuses everyone without is_staff with the same redirect to its login, so
# only its index is opened for them; staff open every admin page.
ADMIN_FOR_EVERYONE = {"admin:index"}

# What the path segment before a parameter names.
SEGMENTS = {
    "petitions": "petitions",
    "cases": "petitions",
    "referrals": "referrals",
    "attachments": "attachments",
    "answers": "answers",
    "exports": "exports",
    "tasks": "tasks",
    "notifications": "notifications",
    "roles": "memberships",
    "people": "users",
    "users": "users",
    "units": "units",
    "changes": "calendar changes",
    # Voter contact (the story's voter_contact): pages and API.
    "sessions": "sessions",
    "meetings": "meetings",
    "opinions": "opinions",
    "items": "items",
    "voter-sessions": "sessions",
    "voter-meetings": "meetings",
    "voter-opinions": "opinions",
    "voter-items": "items",
    "voter-answers": "voter answers",
    # The commune boards (the story's commune_boards): pages and API.
    "boards": "boards",
    "inspections": "inspections",
    "rounds": "rounds",
    "plans": "plans",
    "projects": "projects",
    "reports": "board reports",
    "evidence": "evidence",
    "communes": "communes",
    "inspection-cases": "inspections",
    "investment-rounds": "rounds",
    "open": "boards",  # a case or a round opened by a board through the API
}


@dataclass(frozen=True)
class Target:
    name: str  # the URL name, or what the address is ("search", "API schema path")
    url: str
    method: str = "get"
    data: tuple = ()
    case: int | None = None  # the one petition the address is about
    outsider: bool = False  # read as by someone without a grant, whoever opens it
    searched: object = None  # the Person whose identity the search term is
    baseline: str | None = None  # the same page searched for nothing
    admin: bool = False
    anonymous_only: bool = False  # the page reads the same whoever is signed in


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (pattern, why not crawled)
    seen: set = field(default_factory=set)

    def add(self, target: Target) -> None:
        key = (target.url, target.method, target.data)
        if key not in self.seen:
            self.seen.add(key)
            self.targets.append(target)


def routes():
    """(full name, route text, params: list of names or positions, callback) of every pattern."""

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                spaces = namespaces + ([pattern.namespace] if pattern.namespace else [])
                yield from walk(pattern.url_patterns, [*prefix, pattern.pattern], spaces)
                continue
            parts = [*prefix, pattern.pattern]
            named, unnamed = [], 0
            for part in parts:
                regex = part.regex
                named += list(regex.groupindex)
                unnamed += regex.groups - len(regex.groupindex)
            name = ":".join([*namespaces, pattern.name]) if pattern.name else None
            text = "".join(str(part) for part in parts)
            yield name, text, named, unnamed, pattern.callback

    yield from walk(get_resolver().url_patterns, [], [])


def _segment_before(text: str, param: str) -> str:
    match = re.search(rf"([a-z_-]+)/(?:\^)?(?:<(?:\w+:)?{param}>|\(\?P<{param}>)", text)
    return match.group(1) if match else ""


def _ids(story: Story) -> dict[str, list[int]]:
    petitions = [p.pk for p in story.petitions.values()]
    processes = list(
        Process.objects.filter(
            artifact_content_type=ContentType.objects.get_for_model(Petition),
            artifact_object_id__in=petitions,
        ).values_list("pk", flat=True)
    )
    users = story.users
    return {
        **story.voters,
        "petitions": petitions,
        "referrals": list(
            Referral.objects.filter(petition_id__in=petitions).values_list("pk", flat=True)
        ),
        "attachments": list(
            Attachment.objects.filter(petition_id__in=petitions).values_list("pk", flat=True)
        ),
        "answers": list(
            Answer.objects.filter(referral__petition_id__in=petitions).values_list("pk", flat=True)
        ),
        "exports": list(story.exports),
        # Two of the first case's tasks: the task pages (POST only) show no case text.
        "tasks": list(
            Task.objects.filter(process_id__in=processes[:1])
            .filter(flow_task_type="HUMAN")
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        ),
        "processes": processes,
        "notifications": [],
        "memberships": list(
            Membership.objects.filter(unit=story.places["commune0"]).values_list("pk", flat=True)
        ),
        # Staff pages carry no petitioner: two people and two units are enough.
        "users": [users[name].pk for name in ("tiepdan", "xacminh")],
        "units": [story.places[k].pk for k in ("commune0", "agency")],
        "calendar changes": [],
    }


def _case_of(kind: str, pk: int) -> int | None:
    if kind == "petitions":
        return pk
    if kind == "referrals":
        return Referral.objects.get(pk=pk).petition_id
    if kind == "attachments":
        return Attachment.objects.get(pk=pk).petition_id
    if kind == "answers":
        return Answer.objects.get(pk=pk).referral.petition_id
    return None


def _admin_values(model, ids, story) -> list:
    if issubclass(model, Process):
        return ids["processes"]
    if issubclass(model, Task):
        return ids["tasks"]
    if model is type(story.users["admin"]):
        return [story.users[name].pk for name in ("tiepdan", "coquan")]
    if model is type(story.places["commune0"]):
        return [story.places["commune0"].pk, story.places["agency"].pk]
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:2])


def _admin_model(text: str, callback):
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model
    # Views a ModelAdmin adds itself (simple-history's, the password form) sit under the
    # model's own admin/<app>/<model>/ like the others.
    for model in admin.site._registry:
        if text.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def _admin_targets(plan, name, text, named, unnamed, callback, ids, story):
    model = _admin_model(text, callback)
    if "app_label" in named:
        for label in sorted({m._meta.app_label for m in admin.site._registry}):
            plan.add(Target(name, reverse(name, kwargs={"app_label": label}), admin=True))
        return
    if model is None:
        if named or unnamed:
            plan.problems.append(
                (name, f"admin pattern {text} has parameters the crawler cannot fill")
            )
        else:
            plan.add(Target(name, reverse(name), admin=name not in ADMIN_FOR_EVERYONE))
        return
    if not named and not unnamed:
        plan.add(Target(name, reverse(name), admin=True))
        return
    for pk in _admin_values(model, ids, story):
        if unnamed == 2:
            # simple-history's page of one past version: the object and its latest version.
            version = model.history.filter(pk=pk).order_by("-history_id").first()
            if version is None:
                continue
            args = [pk, version.history_id]
            plan.add(Target(name, reverse(name, args=args), admin=True))
        elif unnamed == 1:
            plan.add(Target(name, reverse(name, args=[pk]), admin=True))
        else:
            key = named[0]
            plan.add(Target(name, reverse(name, kwargs={key: pk}), admin=True))


def _values(name, text, param, ids) -> tuple[str, list] | None:
    if name == "workflows:case-action":  # one action page of any kind: the story's petitions
        return {
            "kind": ("kind", ["petition"]),
            "pk": ("petitions", ids["petitions"]),
            "action": ("action", list(acting.actions_of(PetitionFlow))),
        }[param]
    if param == "change" and text.startswith("boards/"):  # a board's or a plan's change: POST
        from supervision.changes import CHANGES

        return "change", ["item", "approve", "post"] if "plans/" in text else list(CHANGES)
    if param == "change":  # a session's or an opinion's change: POST only, opened to be refused
        return "change", ["open"] if "sessions" in text else ["aggregate"]
    if param == "fmt":  # a board's document, in either format
        return "fmt", ["pdf", "docx"]
    if param == "report":  # a session's two reports
        return "report", ["aggregated", "answers"]
    if param == "format":
        return "format", ["json", "api"]
    if param in ("action", "action_name"):
        return "action", list(acting.actions_of(PetitionFlow))
    if param == "kind":  # a case kind of the registry (the flow diagram)
        return "kind", [kind.name for kind in registry.kinds()]
    if param == "case_kind":  # a page of any kind's case: the story's cases are petitions
        return "case_kind", ["petition"]
    if param == "pk" and "<slug:case_kind>" in text:
        return "petitions", ids["petitions"]
    kind = SEGMENTS.get(_segment_before(text, param))
    if kind is None:
        return None
    return kind, ids[kind]


def pattern_targets(plan: Plan, story: Story) -> None:
    ids = _ids(story)
    for name, text, named, unnamed, callback in routes():
        if name is None:
            continue  # unnamed: the admin's redirects to a named page, and its catch-all
        if name in SKIPPED:
            continue
        if name.startswith("admin:"):
            _admin_targets(plan, name, text, named, unnamed, callback, ids, story)
            continue
        if unnamed:
            plan.problems.append((name, f"{text}: unnamed parameters"))
            continue
        filled = []
        for param in named:
            values = _values(name, text, param, ids)
            if values is None:
                plan.problems.append((name, f"{text}: the crawler does not know what “{param}” is"))
                break
            filled.append((param, *values))
        else:
            if any(not values for _param, _kind, values in filled):
                continue  # nothing of that kind in the data (no calendar change, ...)
            if "format" in named:
                # Another renderer of the same data: opened for the first object only.
                filled = [(p, k, v if p == "format" else v[:1]) for p, k, v in filled]
            for combination in itertools.product(*[values for _p, _k, values in filled]):
                kwargs = {p: v for (p, _k, _v), v in zip(filled, combination, strict=True)}
                if "action" in kwargs and not _action_applies(kwargs, ids):
                    continue
                case = None
                for (_param, kind, _v), value in zip(filled, combination, strict=True):
                    case = case or _case_of(kind, value)
                try:
                    url = reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    plan.problems.append((name, f"{text}: cannot be reversed with {kwargs}"))
                    continue
                plan.add(Target(name, url, case=case, outsider=name == "casework:referral-slip"))


def schema_targets(plan: Plan, story: Story, schema: dict) -> None:
    """Every GET path the API documents, with the planted ids."""
    ids = _ids(story)
    for path, operations in schema.get("paths", {}).items():
        if "get" not in operations:
            continue
        params = re.findall(r"\{(\w+)\}", path)
        choices = []
        for param in params:
            segment = re.search(rf"([a-z_-]+)/\{{{param}\}}", path)
            kind = SEGMENTS.get(segment.group(1) if segment else "")
            if kind is None:
                plan.problems.append(
                    (f"API {path}", f"the crawler does not know what “{param}” is")
                )
                break
            choices.append((param, kind, ids[kind]))
        else:
            for combination in itertools.product(*[values for _p, _k, values in choices]):
                url = path
                case = None
                for (param, kind, _values), value in zip(choices, combination, strict=True):
                    url = url.replace("{" + param + "}", str(value))
                    case = case or _case_of(kind, value)
                plan.add(Target(f"API schema {path}", url, case=case))


def search_targets(plan: Plan, story: Story) -> None:
    unit = story.places["commune0"].pk
    pages = [
        ("casework:petition-list", reverse("casework:petition-list"), "q"),
        ("workflows:inbox", reverse("workflows:inbox"), "q"),
        ("api:petition-list", reverse("api:petition-list"), "q"),
    ]
    for name, path, param in pages:
        baseline = f"{path}?{_query({param: NOTHING})}"
        plan.add(Target(f"{name} searched", baseline))
        for person, term in SEARCH_TERMS:
            plan.add(
                Target(
                    f"{name} searched",
                    f"{path}?{_query({param: term})}",
                    searched=person,
                    baseline=baseline,
                )
            )
    duplicates = reverse("casework:petition-duplicates")
    for person, term in SEARCH_TERMS:
        digits = re.sub(r"\D", "", term)
        data = {"unit": unit, "title": term}
        if len(digits) == 12:
            data["id_numbers"] = digits
        elif len(digits) == 10:
            data["phones"] = digits
        # The lookups take identity values by POST only (never in an address); their
        # addresses are opened with GET as patterns.
        plan.add(
            Target(
                "casework:petition-duplicates (POST)",
                duplicates,
                method="post",
                data=tuple(data.items()),
                searched=person,
            )
        )
        plan.add(
            Target(
                "casework:petitioner-lookup (POST)",
                reverse("casework:petitioner-lookup"),
                method="post",
                data=(("q", term),),
                searched=person,
            )
        )
    # Filters that list the planted cases without searching for anyone.
    for path in (reverse("casework:petition-list"), reverse("api:petition-list")):
        for query in (
            {"kind": PetitionKind.DENUNCIATION},
            {"state": PetitionState.DISCLOSED},
            {"overdue": "1"},
        ):
            plan.add(Target("filtered list", f"{path}?{_query(query)}"))


def audit_targets(plan: Plan, story: Story, now: str) -> None:
    """Every page of the events of the cases' committee, the cases' timelines (the plain one is
    a pattern), their first and last versions compared (the page lists every version's reason
    too) and each case as it is now."""
    search = reverse("audit:event-search")
    unit = story.places["commune0"].pk
    events = events_across(user=story.users["kiemtra"], filters=EventFilters(unit_id=unit))
    for page in range(1, math.ceil(events.count() / EVENTS_PAGE) + 1):
        plan.add(Target("audit:event-search", f"{search}?{_query({'unit': unit, 'page': page})}"))
    plan.add(Target("audit:event-search", f"{search}?case_kind=petition:denunciation"))
    plan.add(Target("audit:event-search", f"{search}?event_kind={EventKind.IDENTITY_VIEW}"))
    for petition in story.petitions.values():
        pk = petition.pk
        timeline = reverse("audit:case-timeline", args=[pk])
        plan.add(
            Target("audit:case-timeline", f"{timeline}?kind={EventKind.FIELD_CHANGE}", case=pk)
        )
        versions = list(
            Petition.history.filter(id=pk)
            .order_by("history_date", "history_id")
            .values_list("history_id", flat=True)
        )
        diff = reverse("audit:case-diff", args=[pk])
        if len(versions) > 1:
            first, last = versions[0], versions[-1]
            plan.add(Target("audit:case-diff", f"{diff}?a={first}&b={last}", case=pk))
            plan.add(Target("audit:case-diff", f"{diff}?a={first}&b={last}&changed=1", case=pk))
        as_of = reverse("audit:case-as-of", args=[pk])
        plan.add(Target("audit:case-as-of", f"{as_of}?at={now}", case=pk))


def lookup_targets(plan: Plan, story: Story) -> None:
    """The citizen's own page, opened with each receipt's code and secret."""
    url = reverse("casework:citizen-lookup")
    for key, petition in story.petitions.items():
        plan.add(
            Target(
                "casework:citizen-lookup (POST)",
                url,
                method="post",
                data=(("tracking_code", petition.tracking_code), ("secret", story.secrets[key])),
                outsider=True,
                anonymous_only=True,
            )
        )


def _action_applies(kwargs: dict, ids: dict) -> bool:
    """Every action's page of the first case; of the others, the pages of the steps they are
    at (and classification, the first step), which is what their officers open."""
    pk, action = kwargs.get("pk"), kwargs["action"]
    if pk == ids["petitions"][0] or action == "classify":
        return True
    petition = Petition.objects.get(pk=pk)
    return any(
        action in getattr(task.flow_task, "actions", ())
        or action in getattr(task.flow_task, "side_actions", ())
        for task in acting.open_tasks(petition)
    )


def _query(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data)
