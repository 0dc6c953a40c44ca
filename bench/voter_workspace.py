"""The aggregation workspace of a province session: 5,000 opinions raised at 200 meetings.

    DATABASE_URL=postgres://… python -m bench.voter_workspace [--opinions 5000] [--meetings 200]
        [--requests 30] [--quick] [--yes]

Builds (once per database; reused when present) a session of the bench province with
`--meetings` closed meetings and `--opinions` opinions sorted "to aggregate", each a request
about one named road, school or commune (about 150 subjects) in one of three phrasings, so
that the engine has real groups to propose and unrelated ones that share words. Rows are
bulk-inserted: the benchmark measures reading them, not recording them. Then it prints:

- `voter_workspace_p50_ms`, `voter_workspace_p95_ms`: the officer's GET of the workspace page
  (Django's test client, the whole stack below HTTP: middleware, queries, the proposed
  groups from the cache, rendering a page of them), `--requests` times after three warm-up
  requests; target p95 ≤ 300 ms.
- `voter_workspace_first_ms`: the first GET after the cache is cleared, which proposes the
  groups afresh (what the officer waits for after each merge).
- `voter_clusters_s`: proposing the groups for every opinion of the session, the slowest of
  three runs; target ≤ 10 s. `voter_clusters_groups`, `voter_clusters_grouped_opinions`.

Exits 1 when the page does not answer 200 or shows fewer opinions than the session holds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

from . import scratch
from .lifecycle_throughput import report, setup_django

TITLE = "Bench voter session (named subjects)"
# Subjects are a kind of request about one named place or thing, each raised in a few
# phrasings: a province session holds hundreds of subjects, not a handful.
ROADS = [f"đường tỉnh {n}" for n in range(701, 731)] + [f"quốc lộ {n}" for n in (1, 14, 20, 27)]
SCHOOLS = [
    f"trường tiểu học {name}"
    for name in (
        "Kim Đồng",
        "Lê Lợi",
        "Trần Phú",
        "Nguyễn Du",
        "Chu Văn An",
        "Lý Tự Trọng",
        "Võ Thị Sáu",
        "Hoàng Diệu",
        "Phan Chu Trinh",
        "Quang Trung",
        "Lê Quý Đôn",
        "Nguyễn Trãi",
    )
]
COMMUNES = [
    f"xã {name}"
    for name in (
        "An Bình",
        "Phú Hòa",
        "Tân Lập",
        "Hòa Lạc",
        "Yên Sở",
        "Đại Đồng",
        "Thanh Xuân",
        "Bình Minh",
        "Hưng Đạo",
        "Quảng Phú",
        "Đông Sơn",
        "Tây Hồ",
        "Nam Sơn",
        "Bắc Hà",
        "Vĩnh Phúc",
        "Ninh Hải",
        "Cẩm Lý",
        "Mỹ Đức",
        "Gia Lộc",
        "Kim Sơn",
    )
]
KINDS = [
    (
        "infrastructure",
        ROADS,
        [
            "Đề nghị sớm sửa chữa {x} bị hư hỏng nặng.",
            "Cử tri phản ánh {x} xuống cấp, nhiều ổ gà, đề nghị sửa chữa.",
            "Đề nghị bố trí vốn nâng cấp {x} trước mùa mưa.",
        ],
    ),
    (
        "education",
        SCHOOLS,
        [
            "Đề nghị xây thêm phòng học cho {x}, sĩ số quá đông.",
            "{x} thiếu phòng học, đề nghị đầu tư cơ sở vật chất.",
            "Cử tri đề nghị mở rộng {x} vì quá tải.",
        ],
    ),
    (
        "health",
        COMMUNES,
        [
            "Trạm y tế {x} thiếu bác sĩ, người dân phải chờ lâu.",
            "Đề nghị bổ sung bác sĩ và thuốc bảo hiểm y tế cho trạm y tế {x}.",
            "Cử tri {x} đề nghị tăng cường nhân lực trạm y tế.",
        ],
    ),
    (
        "environment",
        COMMUNES,
        [
            "Bãi rác tạm ở {x} gây ô nhiễm, đề nghị di dời.",
            "Đề nghị xử lý ô nhiễm mùi từ bãi rác {x}.",
            "Rác thải tồn đọng ở {x} chưa được thu gom kịp thời.",
        ],
    ),
    (
        "land",
        COMMUNES,
        [
            "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho hộ dân {x}.",
            "Việc cấp sổ đỏ ở {x} còn chậm, đề nghị giải quyết.",
            "Hộ dân {x} chờ cấp giấy chứng nhận quyền sử dụng đất nhiều năm.",
        ],
    ),
    (
        "security",
        COMMUNES,
        [
            "Tình trạng trộm cắp tài sản ở {x} gia tăng, đề nghị tăng cường tuần tra.",
            "Đề nghị công an xử lý nạn trộm cắp ở {x}.",
            "Cử tri {x} lo ngại trộm cắp, đề nghị lắp camera an ninh.",
        ],
    ),
]
PLACES = COMMUNES


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opinions", type=int, default=5000)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="500 opinions, 20 meetings")
    parser.add_argument("--yes", action="store_true", help="use DATABASE_URL's database as is")
    args = parser.parse_args()
    if args.quick:
        args.opinions, args.meetings, args.requests = 500, 20, 10
    return args


def _cast():
    from units.choices import Role, UnitKind, UnitLevel
    from units.models import Membership, Unit, User

    def unit(parent, name, level, kind=UnitKind.COMMITTEE):
        if found := Unit.objects.filter(name=name).first():
            return found
        new = Unit(name=name, kind=kind, level=level, area_name=name)
        if parent is None:
            return Unit.objects.add_root(instance=new)
        return Unit.objects.add_child(parent, instance=new)

    root = unit(None, "Bench voters centre", UnitLevel.CENTRAL)
    province = unit(root, "Bench voters province", UnitLevel.PROVINCE)
    officer, _ = User.objects.get_or_create(
        username="bench-voters-officer", defaults={"password": "!bench", "full_name": "Officer"}
    )
    Membership.objects.get_or_create(user=officer, unit=province, role=Role.CASE_OFFICER)
    return province, officer


def _wording(rng: random.Random) -> tuple[str, str]:
    field, things, phrasings = rng.choice(KINDS)
    thing = rng.choice(things)
    text = rng.choice(phrasings).format(x=thing)
    return field, text[0].upper() + text[1:]


def _session(province, officer, args):
    from django.db import transaction
    from django.utils import timezone

    from recommendations.models import Meeting, Opinion, Session

    session = Session.objects.filter(title=TITLE, unit=province).first()
    if session is not None and session.opinions.count() == args.opinions:
        return session
    rng = random.Random(72)
    with transaction.atomic():
        # An earlier run's session of the bench province (of another size or wording) goes.
        Opinion.objects.filter(session__unit=province).delete()
        Meeting.objects.filter(session__unit=province).delete()
        Session.objects.filter(unit=province).delete()
        today = timezone.localdate()
        session = Session.objects.create(
            unit=province,
            body="national_assembly",
            kind="regular",
            term=16,
            number=rng.randint(50, 99),
            title=TITLE,
            opens_on=today + dt.timedelta(days=30),
            closes_on=today + dt.timedelta(days=60),
        )
        start = timezone.now() - dt.timedelta(days=20)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                session=session,
                unit=province,
                code=f"B{session.pk}-{n:04d}",
                kind="before_session",
                form="conference",
                place=rng.choice(PLACES),
                starts_at=start + dt.timedelta(hours=n),
                state="closed",
                voters_attending=100,
            )
            for n in range(args.meetings)
        )
        rows = []
        for n in range(args.opinions):
            meeting = meetings[n % len(meetings)]
            field, content = _wording(rng)
            rows.append(
                Opinion(
                    meeting=meeting,
                    session=session,
                    number=n // len(meetings) + 1,
                    field=field,
                    content=content,
                    voters=rng.choice([1, 1, 1, 5, 12]),
                    raised_by="voter",
                    state="to_aggregate",
                )
            )
        for opinion in rows:
            opinion.search_text = opinion.content.lower()
        Opinion.objects.bulk_create(rows, batch_size=1000)
    return session


def main() -> int:
    args = _arguments()
    url = setup_django(yes=args.yes, quick="voters" if args.quick else None)
    try:
        return _main(args)
    finally:
        if args.quick:
            scratch.drop(url)


def _main(args) -> int:
    from django.test import Client
    from django.urls import reverse

    from recommendations import clusters, selectors

    province, officer = _cast()
    session = _session(province, officer, args)
    opinions = list(selectors.unmerged_opinions(session))

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        groups = clusters.propose(opinions)
        runs.append(time.perf_counter() - started)
    grouped = sum(len(g) for g in groups)

    client = Client()
    client.force_login(officer)
    url = reverse("recommendations:workspace", args=[session.pk])
    from django.core.cache import cache

    cache.clear()  # the first request proposes the groups afresh
    timings = []
    for n in range(args.requests + 3):
        started = time.perf_counter()
        page = client.get(url, HTTP_HOST="localhost")
        elapsed = (time.perf_counter() - started) * 1000
        if page.status_code != 200 or b'data-testid="cluster"' not in page.content:
            print(f"voter_workspace: wrong page ({page.status_code})", file=sys.stderr)
            return 1
        if n == 0:
            cold = elapsed
        elif n >= 3:
            timings.append(elapsed)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
    report(
        [
            ("voter_workspace_opinions", len(opinions), "opinions"),
            ("voter_workspace_meetings", args.meetings, "meetings"),
            ("voter_workspace_p50_ms", statistics.median(timings), "ms"),
            ("voter_workspace_p95_ms", p95, "ms"),
            ("voter_workspace_first_ms", cold, "ms"),
            ("voter_clusters_s", max(runs), "s"),
            ("voter_clusters_groups", len(groups), "groups"),
            ("voter_clusters_grouped_opinions", grouped, "opinions"),
        ],
        save=not args.quick,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
