"""The pages of voter contact: sessions with their legal countdowns, meetings with the
opinions raised, the aggregation workspace and the items with their agencies' answers."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import identity
from cases.errors import DomainError, refusal_title, status_of
from cases.timeline import EventKind, case_timeline
from units.choices import Role
from units.permissions import has_role
from workdays.deadlines import working_days_left
from workflows.steps import open_steps

from . import clusters, deadlines, selectors, services
from .choices import MEETING_TAKES_OPINIONS, SessionKind
from .kind import visible_items, visible_meetings
from .models import Item, Meeting, Opinion, Session
from .pageforms import ConvertForm, DraftItemForm, MeetingPlanForm, OpinionRows, SessionForm
from .services import OpinionRow

PAGE_EVENTS = set(EventKind.values) - {EventKind.NOTIFICATION, EventKind.IDENTITY_VIEW}


def _refused(request, error: DomainError, *, title: str, back: str):
    return render(
        request,
        "recommendations/refused.html",
        {"title": refusal_title(error, title), "message": str(error), "back": back},
        status=status_of(error),
    )


def _countdown(label: str, due, today) -> dict:
    return {"label": label, "due": due, "left": working_days_left(today=today, deadline=due)}


def _organiser_units(user):
    return [
        m.unit for m in user.memberships.select_related("unit") if m.role in selectors.ORGANISERS
    ]


# Sessions -------------------------------------------------------------------------------


@login_required
def session_list(request):
    sessions = selectors.session_list(user=request.user)
    units = _organiser_units(request.user)
    form = None
    if units:
        form = SessionForm(request.POST or None, units=units, sessions=sessions)
        if request.method == "POST" and form.is_valid():
            try:
                session = services.session_create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Session recorded."))
                return redirect(session)
    return render(
        request,
        "recommendations/session_list.html",
        {"sessions": sessions, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _visible_session(user, pk: int) -> Session:
    session = selectors.session_get(user=user, pk=pk)
    if session is None:
        raise Http404
    return session


@login_required
def session_detail(request, pk: int):
    session = _visible_session(request.user, pk)
    today = timezone.localdate()
    extraordinary = session.kind == SessionKind.EXTRAORDINARY
    countdowns = [
        _countdown(
            _("Aggregated report before the opening"), deadlines.report_due_before(session), today
        ),
        _countdown(
            _("Aggregated report after the closing"), deadlines.report_due_after(session), today
        ),
        _countdown(
            _("Agencies report results of the previous session"),
            deadlines.results_report_due(session),
            today,
        ),
    ]
    items = list(
        visible_items(request.user)
        .filter(session=session)
        .select_related("carried_from")
        .order_by("code")
    )
    identity.shield_many(request.user, items, where="session page")
    return render(
        request,
        "recommendations/session_detail.html",
        {
            "session": session,
            "countdowns": countdowns,
            "extraordinary": extraordinary,
            "counts": selectors.session_counts(session),
            "meetings": visible_meetings(request.user).filter(session=session),
            "items": items,
            "organiser": selectors.organises(request.user, session.unit),
        },
    )


@login_required
@require_POST
def session_change(request, pk: int, change: str):
    session = _visible_session(request.user, pk)
    service = {"open": services.session_open, "close": services.session_close}.get(change)
    if service is None:
        raise Http404
    try:
        service(session=session, actor=request.user)
    except DomainError as error:
        return _refused(request, error, title=_("Session"), back=session.get_absolute_url())
    return redirect(session)


@login_required
def meeting_new(request, pk: int):
    session = _visible_session(request.user, pk)
    if not selectors.organises(request.user, session.unit):
        raise Http404
    form = MeetingPlanForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(
                actor=request.user, session=session, unit=session.unit, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Meeting planned."))
            return redirect(meeting)
    return render(
        request,
        "recommendations/meeting_new.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


# Meetings -------------------------------------------------------------------------------


def _visible_meeting(user, pk: int) -> Meeting:
    meeting = visible_meetings(user).select_related("session", "unit").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def _opinion_rows(user, opinions, shown, committee):
    """Each opinion as the viewer may read it: names only for the organisers, a protected
    voter's only through the shield (which records the showing)."""
    organiser = has_role(user, committee, selectors.ORGANISERS)
    rows = []
    for opinion in opinions:
        named = organiser and (not opinion.protect_identity or shown.visible)
        if named and opinion.protect_identity:
            shown.record()
        rows.append(
            {
                "opinion": opinion,
                "shown_text": shown.text(opinion.content),
                "voter": opinion.voter_name if named else "",
                "withheld": bool(opinion.voter_name) and not named,
            }
        )
    return rows


@login_required
def meeting_detail(request, pk: int):
    meeting = _visible_meeting(request.user, pk)
    shown = identity.shield(request.user, meeting, where="meeting page")
    organiser = selectors.organises(request.user, meeting.unit)
    opinions = meeting.opinions.order_by("number")
    return render(
        request,
        "recommendations/meeting_detail.html",
        {
            "meeting": meeting,
            "session": meeting.session,
            "case": meeting,
            "shown": shown,
            "notice_due": deadlines.notice_due(meeting),
            "deputies": meeting.deputies.select_related("deputy"),
            "steps": open_steps(request.user, meeting),
            "opinions": _opinion_rows(request.user, opinions, shown, meeting.unit),
            "takes_opinions": organiser and meeting.state in MEETING_TAKES_OPINIONS,
            "convert_form": ConvertForm(),
            "timeline": _timeline(request.user, meeting, shown),
        },
    )


def _timeline(user, case, shown):
    events = case_timeline(user=user, case=case, shield=shown, changes=False)
    return [e for e in events if e.kind in PAGE_EVENTS]


@login_required
def opinions_enter(request, pk: int):
    """The minutes' table: many opinions in one sitting, one row each, Tab from cell to cell."""
    meeting = _visible_meeting(request.user, pk)
    if not selectors.organises(request.user, meeting.unit):
        raise Http404
    formset = OpinionRows(request.POST or None, prefix="row")
    if request.method == "POST" and formset.is_valid():
        rows = [
            OpinionRow(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
            for f in formset.forms
            if f.cleaned_data.get("content", "").strip()
        ]
        try:
            created = services.opinions_capture(meeting=meeting, actor=request.user, rows=rows)
        except DomainError as error:
            formset._non_form_errors = formset.error_class([str(error)])
        else:
            messages.success(request, _("%(n)s opinions recorded.") % {"n": len(created)})
            return redirect(meeting)
    return render(
        request,
        "recommendations/opinions_enter.html",
        {"meeting": meeting, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def opinion_change(request, pk: int, change: str):
    opinion = (
        Opinion.objects.filter(pk=pk, meeting__in=visible_meetings(request.user))
        .select_related("meeting")
        .first()
    )
    if opinion is None:
        raise Http404
    back = opinion.meeting.get_absolute_url()
    try:
        if change == "answered":
            services.opinion_mark_answered(
                opinion=opinion, actor=request.user, answer=request.POST.get("answer", "")
            )
        elif change == "aggregate":
            services.opinion_to_aggregate(opinion=opinion, actor=request.user)
        elif change == "reopen":
            services.opinion_reopen(opinion=opinion, actor=request.user)
        elif change == "petition":
            form = ConvertForm(request.POST)
            if not form.is_valid():
                raise DomainError(
                    _("Say whether it is a complaint or a denunciation, and its subject.")
                )
            services.opinion_convert(opinion=opinion, actor=request.user, **form.cleaned_data)
        else:
            raise Http404
    except DomainError as error:
        return _refused(request, error, title=_("Opinion"), back=back)
    return redirect(f"{back}#opinion-{opinion.pk}")


# The aggregation workspace ----------------------------------------------------------------

GROUPS_PER_PAGE = 10
SHOWN_PER_GROUP = 12
SINGLES_PER_PAGE = 50


def _proposals(session) -> tuple[int, list[list[int]], list[int]]:
    """The proposed groups of the session's unmerged opinions, as ids, and the ids of the
    opinions in no group. Proposing takes a while on a province session (5,000 opinions), so
    it is cached under a fingerprint of what is left to merge: any opinion merged, sorted again
    or added changes the fingerprint, and the next page proposes afresh."""
    unmerged = selectors.unmerged_opinions(session)
    fingerprint = unmerged.aggregate(n=Count("pk"), top=Max("pk"), total=Sum("pk"))
    key = "voters:proposals:{}:{n}:{top}:{total}".format(session.pk, **fingerprint)
    found = cache.get(key)
    if found is None:
        # Plain rows: a model instance with deferred fields would load its state one by one
        # (the FSM mixin reads it on init).
        rows = unmerged.select_related(None).values_list("pk", "content")
        opinions = [SimpleNamespace(pk=pk, content=content) for pk, content in rows]
        groups = [[o.pk for o in g] for g in clusters.propose(opinions)]
        grouped = {pk for g in groups for pk in g}
        found = (groups, [o.pk for o in opinions if o.pk not in grouped])
        cache.set(key, found, timeout=3600)
    return fingerprint["n"], *found


def _chosen(request, session):
    ids = set(request.POST.getlist("opinion"))
    for group in request.POST.getlist("group"):
        ids.update(group.split(","))
    ids = {int(pk) for pk in ids if pk.isdigit()}
    return Opinion.objects.filter(session=session, pk__in=ids)


@login_required
def workspace(request, pk: int):
    """Every opinion of the session sorted "to aggregate", across its meetings, with the
    groups the engine proposes, a page of groups at a time; the officer drafts items from
    them or merges more into an item being drafted."""
    session = _visible_session(request.user, pk)
    if not selectors.organises(request.user, session.unit):
        raise Http404
    form = DraftItemForm(request.POST or None)
    if request.method == "POST":
        chosen = _chosen(request, session)
        try:
            if request.POST.get("into"):
                item = Item.objects.get(session=session, pk=request.POST["into"])
                services.item_merge(item=item, actor=request.user, opinions=chosen)
                messages.success(request, _("Merged into %(code)s.") % {"code": item.code})
                return redirect("recommendations:workspace", pk=session.pk)
            if form.is_valid():
                item = services.item_draft(
                    actor=request.user, session=session, opinions=chosen, **form.cleaned_data
                )
                messages.success(request, _("Item %(code)s drafted.") % {"code": item.code})
                return redirect("recommendations:workspace", pk=session.pk)
        except (DomainError, Item.DoesNotExist, ValueError) as error:
            message = str(error) if isinstance(error, DomainError) else _("Choose an item.")
            form.add_error(None, message)
    count, groups, singles = _proposals(session)
    pages = Paginator(groups, GROUPS_PER_PAGE)
    page = pages.get_page(request.GET.get("page"))
    single_page = Paginator(singles, SINGLES_PER_PAGE).get_page(request.GET.get("page"))
    shown_ids = [pk for g in page for pk in g[:SHOWN_PER_GROUP]] + list(single_page)
    opinions = {o.pk: o for o in Opinion.objects.filter(pk__in=shown_ids).select_related("meeting")}
    meetings = {o.meeting_id: o.meeting for o in opinions.values()}
    identity.shield_many(request.user, list(meetings.values()), where="aggregation workspace")
    for opinion in opinions.values():
        opinion.shown = meetings[opinion.meeting_id].shown
    drafted = list(session.items.filter(state="drafted").order_by("code"))
    identity.shield_many(request.user, drafted, where="aggregation workspace")
    return render(
        request,
        "recommendations/workspace.html",
        {
            "session": session,
            "form": form,
            "groups": [
                {
                    "opinions": [opinions[pk] for pk in g[:SHOWN_PER_GROUP]],
                    "size": len(g),
                    "more": max(0, len(g) - SHOWN_PER_GROUP),
                    "ids": ",".join(map(str, g)),
                }
                for g in page
            ],
            "page": page,
            "singles": [opinions[pk] for pk in single_page],
            "single_page": single_page,
            "single_count": len(singles),
            "drafted": drafted,
            "count": count,
        },
        status=400 if form.errors else 200,
    )


# Items ----------------------------------------------------------------------------------


@login_required
def item_detail(request, pk: int):
    item = (
        visible_items(request.user)
        .select_related("session", "unit", "carried_from")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    user = request.user
    shown = identity.shield(user, item, where="item page")
    sources = item.sources.select_related("opinion__meeting").order_by("opinion__meeting__code")
    answers = []
    for answer in item.answers.select_related("agency"):
        answers.append(
            {
                "answer": answer,
                "shown_answer": shown.text(answer.content),
                "shown_roadmap": shown.text(answer.roadmap),
                "steps": open_steps(user, answer),
            }
        )
    return render(
        request,
        "recommendations/item_detail.html",
        {
            "item": item,
            "session": item.session,
            "case": item,
            "shown": shown,
            "sources": _opinion_rows(user, [s.opinion for s in sources], shown, item.unit),
            "voter_count": item.voter_count(),
            "meetings": sorted({s.opinion.meeting.code for s in sources}),
            "answers": answers,
            "steps": open_steps(user, item),
            "may_split": item.state == "drafted"
            and len(sources) > 1
            and selectors.organises(user, item.unit),
            "split_form": DraftItemForm(),
            "may_withdraw": bool(item.published_on and not item.withdrawn_on)
            and has_role(user, item.unit, (Role.UNIT_LEADER,)),
            "timeline": _timeline(user, item, shown),
        },
    )


@login_required
@require_POST
def item_withdraw(request, pk: int):
    item = visible_items(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    try:
        services.item_withdraw_publication(
            item=item, actor=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        return _refused(
            request, error, title=_("Withdraw publication"), back=item.get_absolute_url()
        )
    messages.success(request, _("The publication was withdrawn."))
    return redirect(item)


@login_required
@require_POST
def item_split(request, pk: int):
    """Moves the ticked opinions of an item being drafted into a new item of their own."""
    item = visible_items(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    form = DraftItemForm(request.POST)
    chosen = Opinion.objects.filter(
        sources__item=item, pk__in=[v for v in request.POST.getlist("opinion") if v.isdigit()]
    )
    try:
        if not form.is_valid():
            raise DomainError(_("Give the new item a title and its merged wording."))
        new = services.item_split(
            item=item, actor=request.user, opinions=chosen, **form.cleaned_data
        )
    except DomainError as error:
        return _refused(request, error, title=_("Split the item"), back=item.get_absolute_url())
    messages.success(request, _("Item %(code)s split off.") % {"code": new.code})
    return redirect(new)
