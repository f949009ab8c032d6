"""Hardening (issue 13): security headers on every answer, ids past the database's range and
bodies nested too deep answered 404/422 with the one error body, never 500."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from tests.api.helpers import API, PASSWORD, World
from tests.api.runs_helpers import run, sample_school

HUGE_IDS = (2**63, 2**70)
DEEP = "[" * 100_000 + "]" * 100_000


def assert_security_headers(response, *, no_store: bool = True) -> None:
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    script = re.search(r"script-src ([^;]*)", csp)
    assert script and "'unsafe-inline'" not in script.group(1) and "'unsafe-eval'" not in csp
    style = re.search(r"style-src ([^;]*)", csp)
    assert style and "'unsafe-inline'" not in style.group(1)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    if no_store:
        assert response.headers["cache-control"] == "no-store"


def test_headers_on_a_page_an_api_answer_an_error_and_a_file(world: World) -> None:
    assert_security_headers(world.client.get("/login"))
    api = world.client.get(f"{API}/organisations", headers=world.admin.headers)
    assert api.status_code == 200
    assert_security_headers(api)
    assert_security_headers(world.client.get(f"{API}/organisations"))  # 401 too
    assert_security_headers(world.client.get("/static/app.css"), no_store=False)


def test_headers_on_the_participant_link_pages(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    made = school.client.post(f"{API}/runs/{done['id']}/links", headers=school.curator.headers,
                              json={"participants": ["T05"]})
    assert made.status_code == 201, made.text
    [link] = made.json()
    api = school.client.get(str(link["url"]))
    assert api.status_code == 200
    assert_security_headers(api)
    page = school.client.get(f"/explain/{link['token']}")
    assert page.status_code == 200 and "<html" in page.text
    assert_security_headers(page)
    assert " style=" not in page.text and "javascript:" not in page.text


def test_the_docs_page_is_allowed_its_own_inline_script_by_hash(world: World) -> None:
    docs = world.client.get("/docs")
    assert docs.status_code == 200
    csp = docs.headers["content-security-policy"]
    assert "'sha256-" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and docs.headers["cache-control"] == "no-store"


def api_routes(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Every APIRoute with its full path, through included routers (FastAPI ≥ 0.165 keeps
    them as `_IncludedRouter` entries holding the original router and its prefix)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):
            inner = prefix + route.include_context.prefix  # type: ignore[attr-defined]
            yield from api_routes(route.original_router.routes, inner)  # type: ignore[attr-defined]


def int_path_routes(world: World) -> list[tuple[str, str, list[str]]]:
    """(method, path, int path params) of every route of the app with an int path param."""
    found = []
    for path, route in api_routes(world.client.app.routes):  # type: ignore[attr-defined]
        ints = [p.name for p in route.dependant.path_params if p.field_info.annotation is int]
        if ints:
            for method in sorted(route.methods):
                found.append((method, path, ints))
    return found


def test_every_int_path_parameter_refuses_ids_past_the_database_range(world: World) -> None:
    routes = int_path_routes(world)
    assert len(routes) >= 11, routes
    assert {p for _, p, _ in routes} >= {f"{API}/runs/{{run_id}}", "/runs/{run_id}",
                                         f"{API}/users/{{user_id}}"}
    page = world.client.post("/login", data={"username": "curator_a", "password": PASSWORD})
    assert page.status_code == 200, page.text  # signed in to the pages too, with a CSRF token
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert csrf
    headers = {**world.curator_a.headers, "X-CSRF-Token": csrf.group(1)}
    for method, path, params in routes:
        for huge in HUGE_IDS:
            url = path
            for name in params:
                url = url.replace("{" + name + "}", str(huge))
            url = re.sub(r"\{[^}]+\}", "x", url)  # other (string) params
            response = world.client.request(method, url, headers=headers,
                                            json={} if method in ("POST", "PATCH", "PUT")
                                            else None, follow_redirects=False)
            assert response.status_code in (404, 422), (method, url, response.text)
            if url.startswith(API):
                body = response.json()
                assert set(body) >= {"code", "detail", "errors"}, body


@pytest.mark.parametrize("param", ["organisation_id", "offset", "limit"])
def test_int_query_parameters_refuse_huge_numbers(world: World, param: str) -> None:
    for path in (f"{API}/participants", f"{API}/audit"):
        response = world.client.get(path, headers=world.admin.headers,
                                    params={param: str(2**63)})
        assert response.status_code == 422, (path, response.text)
        assert response.json()["errors"][0]["field"] == param


def test_a_deeply_nested_json_body_is_a_422(world: World) -> None:
    response = world.client.post(f"{API}/organisations", headers={
        **world.admin.headers, "content-type": "application/json"}, content=DEEP)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "too_deep" and body["errors"][0]["field"] == "body"
    english = world.client.post(f"{API}/organisations", headers={
        **world.admin.headers, "content-type": "application/json", "accept-language": "en"},
        content=DEEP)
    assert english.status_code == 422 and "nested too deeply" in english.json()["detail"]


def test_a_huge_number_in_a_json_body_is_a_422(world: World) -> None:
    response = world.client.post(f"{API}/organisations", headers={
        **world.admin.headers, "content-type": "application/json"},
        content='{"name": ' + "1" * 5000 + "}")
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "too_large"


@pytest.mark.parametrize("content", [DEEP, '{"participants": [' + "1" * 5000 + "]}"],
                         ids=["deep", "huge-number"])
def test_a_deeply_nested_or_huge_bank_file_is_a_422(world: World, content: str) -> None:
    response = world.client.post(f"{API}/participants/import",
                                 headers=world.curator_a.headers,
                                 files={"file": ("bank.json", content.encode(),
                                                 "application/json")})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "unreadable_file" and body["errors"][0]["field"] == "file"


def integer_fields(schema: dict, components: dict, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every integer property reachable from a request schema, with its dotted path."""
    if "$ref" in schema:
        yield from integer_fields(components[schema["$ref"].rsplit("/", 1)[1]], components, path)
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from integer_fields(part, components, path)
    if schema.get("type") == "integer":
        yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from integer_fields(sub, components, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from integer_fields(schema["items"], components, f"{path}[]")


def test_every_integer_a_request_body_or_query_can_carry_is_bounded(world: World) -> None:
    """SQLite raises OverflowError past 2**63 and CP-SAT's seed is 32-bit: an unbounded integer
    in a request reaches one of them as a 500 (schemathesis found `previous_run_id`)."""
    spec = world.client.get(f"{API}/openapi.json").json()
    components = spec["components"]["schemas"]
    unbounded = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            schemas = [(f"{method} {path} ?{p['name']}", p["schema"])
                       for p in op.get("parameters", [])]
            for media in op.get("requestBody", {}).get("content", {}).values():
                schemas.append((f"{method} {path} body", media["schema"]))
            for where, schema in schemas:
                for field, found in integer_fields(schema, components):
                    if found.get("maximum", 2**63) > 2**31 - 1:
                        unbounded.append(where + field)
    assert not unbounded, unbounded


@pytest.mark.parametrize("body", [{"previous_run_id": 2**63}, {"previous_run_id": 2**31}])
def test_a_run_started_with_a_huge_previous_run_is_a_422(world: World, body: dict) -> None:
    school = sample_school(world)
    response = world.client.post(f"{API}/programmes/{school.programme}/runs",
                                 headers=school.curator.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "previous_run_id"
