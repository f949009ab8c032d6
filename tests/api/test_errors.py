"""The error body `{code, detail, errors}`: Russian by default, English on request, and
422s that name the field."""

from __future__ import annotations

from tests.api.helpers import API, World, participant_json


def test_422_names_the_field_in_russian(world: World) -> None:
    body = participant_json("T1", birth_year=1800)
    response = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                 json=body)
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "validation_error"
    assert data["errors"] == [{
        "field": "birth_year", "location": "body", "severity": "error",
        "message": "значение должно быть не меньше 1930",
    }]
    assert "birth_year" in data["detail"]


def test_422_nested_field_and_english(world: World) -> None:
    body = participant_json("T1", mentee={"mentors_wanted": 0})
    response = world.client.post(f"{API}/participants", json=body,
                                 headers={**world.curator_a.headers, "Accept-Language": "en"})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "mentee.mentors_wanted"
    assert error["message"] == "Input should be greater than or equal to 1"


def test_422_missing_field_and_domain_rule_in_russian(world: World) -> None:
    body = participant_json("T1", grade=5, course=1)
    del body["full_name"]
    response = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                 json=body)
    assert response.status_code == 422
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["full_name"] == "обязательное поле не заполнено"


def test_domain_validator_message_is_translated(world: World) -> None:
    body = participant_json("T1", role="student", grade=5, course=1)
    response = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                 json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["message"] == "указаны и класс, и курс: у обучающегося бывает что-то одно"


def test_query_parameter_errors_name_the_parameter(world: World) -> None:
    response = world.client.get(f"{API}/participants?limit=0", headers=world.admin.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"
    assert response.json()["errors"][0]["location"] == "query"


def test_unknown_address_is_404_in_the_same_format(world: World) -> None:
    response = world.client.get(f"{API}/nothing-here", headers=world.admin.headers)
    assert response.status_code == 404
    assert response.json() == {"code": "http_error", "detail": "Адрес не найден", "errors": []}


def test_openapi_and_docs_are_served(world: World) -> None:
    spec = world.client.get(f"{API}/openapi.json").json()
    assert f"{API}/participants/{{pid}}" in spec["paths"]
    assert "ParticipantUpdate" in spec["components"]["schemas"]
    assert world.client.get("/docs").status_code == 200
