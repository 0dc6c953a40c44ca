"""Every demo account signs in through a real browser, sees its own roles, and signs out; the
language a person picks stays with their account."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from units.demo import DEMO_PASSWORD, DEMO_USERS
from units.models import User

pytestmark = [pytest.mark.browser]

RESULTS_DIR = Path(settings.BASE_DIR) / "test-results"
VI_CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.mo"


def demo_roles() -> dict[str, set[str]]:
    """Each demo login with the roles it holds, in the order of DEMO_USERS."""
    roles: dict[str, set[str]] = {}
    for username, _name, role, _where, _subtree in DEMO_USERS:
        roles.setdefault(username, set()).add(str(role))
    return roles


def full_name(username: str) -> str:
    return next(name for login, name, *_rest in DEMO_USERS if login == username)


def expect_vietnamese(page, english_heading: str):
    """The page is served in Vietnamese. The wording is still being translated, so rather than
    pin it, check that the heading is no longer the English original (when a catalogue exists)."""
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    if VI_CATALOGUE.exists():
        expect(page.locator("main h1")).not_to_have_text(english_heading)


def expect_english(page, english_heading: str):
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text(english_heading)


def sign_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/")


def sign_out(page, base_url: str):
    page.locator("header.topbar form[action$='/accounts/logout/'] button").click()
    expect(page).to_have_url(f"{base_url}/accounts/login/")
    expect(page.locator("input[name=username]")).to_be_visible()


def test_every_demo_user_signs_in_sees_their_roles_and_signs_out(demo_site, live_server, page):
    base_url = live_server.url
    roles = demo_roles()
    assert set(roles) == {
        "tiepdan",
        "chuyenvien",
        "lanhdao",
        "coquan",
        "bttnd",
        "truongban",
        "bgsdt",
        "kiemtra",
        "admin",
        "daibieu",
        "daibieu2",
        "vanphong",
    }

    for username, held in roles.items():
        page.goto(f"{base_url}/accounts/login/")
        expect_vietnamese(page, "Sign in")

        sign_in(page, base_url, username)
        expect_vietnamese(page, f"Hello, {full_name(username)}")
        expect(page.get_by_test_id("whoami")).to_have_text(full_name(username))
        for role in held:
            expect(page.locator(f"section.role-card[data-role={role}]")).to_be_visible()
        shown = page.locator("section.role-card").evaluate_all(
            "cards => cards.map(card => card.dataset.role)"
        )
        assert sorted(shown) == sorted(held), username

        if username == "admin":
            RESULTS_DIR.mkdir(exist_ok=True)
            page.screenshot(path=str(RESULTS_DIR / "home-admin.png"), full_page=True)

        sign_out(page, base_url)
        expect_vietnamese(page, "Sign in")


def test_chosen_language_stays_with_the_account(demo_site, live_server, page):
    base_url = live_server.url
    name = full_name("lanhdao")

    sign_in(page, base_url, "lanhdao")
    expect_vietnamese(page, f"Hello, {name}")

    page.locator("header.topbar").get_by_role("button", name="EN", exact=True).click()
    expect(page).to_have_url(f"{base_url}/")
    expect_english(page, f"Hello, {name}")
    assert User.objects.get(username="lanhdao").language == "en"

    sign_out(page, base_url)
    expect_english(page, "Sign in")  # this browser remembers the choice too, in a cookie
    # Forget this browser's language cookie: what remains is the account's own choice.
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    expect_vietnamese(page, "Sign in")

    sign_in(page, base_url, "lanhdao")
    expect_english(page, f"Hello, {name}")
