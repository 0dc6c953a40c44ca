"""Bad input never becomes a server error: every URL of the site, asked by each of the cast
with ids past 64 bits, NUL bytes, huge page numbers and 1,500-word searches, answers 400 or 404
(or its ordinary page), never 500."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from casework import reception
from casework.services.intake import SignerData

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
FORTY_DIGITS = "9" * 40
NUL = "ab\x00cd"
LONG_TERM = " ".join(f"tu{n}" for n in range(1500))

# Every query parameter a view of the site reads (grep GET.get, query_params and GET forms).
PARAMETERS = [
    "q",
    "page",
    "unit",
    "kind",
    "state",
    "field",
    "level",
    "step",
    "open",
    "overdue",
    "mine",
    "queue",
    "a",
    "b",
    "changed",
    "at",
    "year",
    "extra",
    "show",
    "current",
    "title",
    "id_numbers",
    "phones",
    "user",
    "date_from",
    "date_to",
    "case_kind",
    "event_kind",
    "code",
    "secret",
]
BAD_VALUES = {"huge": HUGE, "nul": NUL, "long": LONG_TERM, "text": "abc", "negative": "-1"}
CAST = [
    "reception_officer",
    "case_officer",
    "leader",
    "agency_official",
    "auditor",
    "province_admin",
]


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue  # Django's own admin
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def site_routes() -> list[str]:
    return sorted(set(_patterns(get_resolver())))


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _fill(route: str, number: str) -> str | None:
    """A path for `route` with every number replaced by `number`; None for regex routes the
    DRF router writes (they are asked through their plain form)."""
    if route.startswith("^"):
        route = route.lstrip("^").rstrip("$")
        route = re.sub(r"\(\?P<pk>[^)]*\)", number, route)
        route = re.sub(r"\(\?P<action_name>[^)]*\)", "classify", route)
        route = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
        route = route.replace("\\.", ".").replace("/?", "/")
        if re.search(r"[()\[\]\\]", route):
            return None
        return "/" + route

    def value(match):
        converter, _name = match.groups()
        return "classify" if converter in ("str", "slug") else number

    return "/" + _CONVERTER.sub(value, route)


@pytest.fixture
def petition(tree, reception_officer):
    receipt = reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="complaint",
        title="Tranh chấp ranh giới đất",
        content="Hộ liền kề lấn chiếm 20 m² đất ở.",
        received_on=dt.date(2026, 11, 23),
        signers=[SignerData(full_name="Nguyễn Văn Tố", id_number="001090012345")],
    )
    return receipt.petition


@pytest.fixture
def cast(request, tree):
    return {name: request.getfixturevalue(name) for name in CAST}


def _assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} → {response.status_code}"


@pytest.mark.parametrize("who", CAST)
def test_ids_past_64_bits_in_any_path_are_not_found(client, cast, petition, who):
    client.force_login(cast[who])
    for route in site_routes():
        for number in (HUGE,):
            path = _fill(route, number)
            if path is None or number not in path:
                continue
            for method in (client.get, client.post):
                response = method(path)
                _assert_no_server_error(response, f"{method.__name__} {path}")
                if response.status_code != 405:
                    assert response.status_code in (400, 403, 404), path


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("bad", ["huge", "nul", "long"])
def test_bad_query_parameters_on_every_page_are_refused_or_ignored(
    client, cast, petition, who, bad
):
    client.force_login(cast[who])
    value = BAD_VALUES[bad]
    query = {name: value for name in PARAMETERS}
    for route in site_routes():
        path = _fill(route, str(petition.pk))
        if path is None:
            continue
        _assert_no_server_error(client.get(path, query), f"GET {path} with {bad} parameters")


GROUP = 6


@pytest.mark.parametrize("bad", ["huge", "long", "text", "negative"])
def test_bad_query_parameters_a_few_at_a_time_are_refused_or_ignored(client, cast, petition, bad):
    """A few parameters at a time, so a view refusing the first never hides the others. A NUL
    anywhere is refused before any view reads it, so it needs no walk of its own."""
    client.force_login(cast["province_admin"])
    value = BAD_VALUES[bad]
    groups = [PARAMETERS[i : i + GROUP] for i in range(0, len(PARAMETERS), GROUP)]
    for route in site_routes():
        path = _fill(route, str(petition.pk))
        if path is None or client.get(path).status_code in (404, 405):
            continue
        for names in groups:
            response = client.get(path, dict.fromkeys(names, value))
            _assert_no_server_error(response, f"GET {path} with {bad} {names}")


@pytest.mark.parametrize("who", CAST)
def test_nul_bytes_in_any_form_field_are_a_bad_request(client, cast, petition, who):
    client.force_login(cast[who])
    body = {name: NUL for name in [*PARAMETERS, "reason", "full_name", "signers-0-full_name"]}
    body |= {"signers-TOTAL_FORMS": "1", "signers-INITIAL_FORMS": "0"}
    for route in site_routes():
        path = _fill(route, str(petition.pk))
        if path is None:
            continue
        response = client.post(path, body)
        _assert_no_server_error(response, f"POST {path} with NUL")
        assert response.status_code in (302, 400, 403, 404, 405), path


def test_a_nul_byte_is_answered_with_a_vietnamese_page(client, reception_officer):
    client.force_login(reception_officer)
    response = client.get("/cases/petitions/", {"q": NUL})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()


def test_a_nul_byte_in_the_api_is_a_json_400(client, reception_officer):
    client.force_login(reception_officer)
    response = client.get("/api/v1/petitions/", {"q": NUL})
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_unit_past_64_bits_in_the_api_list_is_a_400(client, reception_officer):
    client.force_login(reception_officer)
    response = client.get("/api/v1/petitions/", {"unit": HUGE})
    assert response.status_code == 400
    assert "unit" in response.json()


def test_a_long_search_uses_its_first_words_only(client, reception_officer, petition):
    client.force_login(reception_officer)
    response = client.get("/cases/petitions/", {"q": "tranh chấp " + LONG_TERM})
    assert response.status_code == 200


def test_version_ids_of_forty_digits_in_the_diff_are_not_found(client, auditor, petition):
    client.force_login(auditor)
    response = client.get(f"/audit/cases/{petition.pk}/diff/", {"a": FORTY_DIGITS, "b": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/petitions/abc/", "/api/v1/units/x/", "/api/v1/nope/"])
def test_an_unknown_api_address_is_a_json_404(client, reception_officer, path):
    client.force_login(reception_officer)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
