"""Bounded parsing of uploads (issue 13, item 1): the viewer is refused before the file is
read; a hostile file is refused fast with the limit named; the limits come from settings."""

from __future__ import annotations

import gc
import time
from unittest import mock

from service import bank_files
from tests.api.helpers import World, bank_file, ids, participant_json, upload
from tests.bombs import dimension_bomb, zip_bomb

SECONDS = 2.0  # CPU seconds of this process (the app runs in it): the work, not the load


def test_a_viewers_upload_of_the_bomb_is_refused_before_parsing(world: World) -> None:
    with mock.patch.object(bank_files, "read_bank", side_effect=AssertionError("parsed")):
        gc.collect()  # not the upload's work: what earlier tests in this worker left
        start = time.process_time()
        response = upload(world, world.viewer_a, dimension_bomb(), name="bomb.xlsx")
        assert time.process_time() - start < SECONDS
    assert response.status_code == 403, response.text
    assert ids(world) == []


def test_the_dimension_bomb_is_refused_fast_with_the_limit_named(world: World) -> None:
    gc.collect()  # not the upload's work: what earlier tests in this worker left
    start = time.process_time()
    response = upload(world, world.curator_a, dimension_bomb(), name="bomb.xlsx")
    assert time.process_time() - start < SECONDS
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "unreadable_file"
    assert "bomb.xlsx" in body["detail"] and "/tmp" not in body["detail"]
    assert "строк в таблице" in body["errors"][0]["message"]
    assert ids(world) == []


def test_a_zip_bomb_is_refused(world: World) -> None:
    response = upload(world, world.curator_a, zip_bomb(), name="zip.xlsx")
    assert response.status_code == 422, response.text
    assert "размер распакованной книги Excel" in response.json()["errors"][0]["message"]


def test_the_limits_come_from_the_settings(world: World) -> None:
    content = bank_file(*(participant_json(f"T{i}") for i in range(1, 4)))
    world.settings.import_max_json_containers = 3
    response = upload(world, world.curator_a, content)
    assert response.status_code == 422, response.text
    assert "объектов и списков в JSON" in response.json()["errors"][0]["message"]
    world.settings.import_max_json_containers = 10_000
    assert upload(world, world.curator_a, content).status_code == 200
    assert ids(world) == ["T1", "T2", "T3"]

