"""The committee's targets for its boards (domain.md §5), read from the demo of `make run`:
Phường Hoàn Kiếm's board supervised matters this year, Phường Ba Đình's did not; the Ba Đình
school project has no board; two boards of three are rated "khá" or better, short of 80%."""

import pytest
from django.utils import timezone

from supervision import kpis


@pytest.fixture
def demo(db, board_limits):
    from supervision.demo import load_demo
    from units.demo import load_demo_organisation

    places = load_demo_organisation()
    load_demo(places)
    return places


def test_the_targets_on_the_demo(demo):
    figures = kpis.figures([demo["commune0"], demo["commune1"]], timezone.localdate().year)
    assert (figures.inspection_boards, figures.boards_with_a_matter) == (2, 1)
    assert [b.unit.name for b in figures.idle_boards] == ["Ban Thanh tra nhân dân Phường Ba Đình"]
    assert not figures.every_board_supervised
    assert (figures.projects, figures.projects_with_a_board) == (3, 2)
    assert [p.name for p in figures.projects_without] == ["Nâng cấp trường mầm non Ba Đình"]
    # The proposed board of the community hall is not yet at work: not counted.
    assert (figures.boards_total, figures.rated_good, figures.rated_weak) == (3, 2, 0)
    assert figures.good_share == pytest.approx(2 / 3)
    assert not figures.ratings_met


def test_one_commune_alone_meets_the_supervision_target(demo):
    figures = kpis.figures([demo["commune0"]], timezone.localdate().year)
    assert figures.every_board_supervised and figures.projects_without == []
    assert figures.good_share == pytest.approx(1 / 2)  # tốt, and trung bình for the pavement


def test_the_share_is_a_setting(demo, settings):
    settings.SUPERVISION_GOOD_RATING_SHARE = 0.6
    figures = kpis.figures([demo["commune0"], demo["commune1"]], timezone.localdate().year)
    assert figures.ratings_met


def test_a_year_without_cases_or_ratings_meets_nothing(demo):
    figures = kpis.figures([demo["commune0"], demo["commune1"]], timezone.localdate().year - 3)
    assert figures.boards_with_a_matter == 0 and figures.boards_rated == 0
    assert not figures.ratings_met
