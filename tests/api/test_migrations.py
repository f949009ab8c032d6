"""Migrations: upgrade an empty database to the models' schema and downgrade back cleanly,
on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, column, inspect, table, text

from service.db import migrate
from service.db.engine import make_engine
from service.db.tables import Base, JsonType
from tests.api.helpers import POSTGRES_URL, with_search_path

TABLES_0001 = {"organisations", "users", "participants", "consent_events", "programmes",
               "audit_log"}
TABLES_0002 = {"conflicts", "runs", "proposals", "decisions"}
TABLES_0003 = {"explanation_links", "login_attempts"}
TABLES_0005 = {"run_people", "proposal_facts", "run_unmatched", "run_ended"}
TABLES_0007 = {"imports", "organisation_partners"}
TABLES_0008 = {"plans", "school_years", "order_settings"}
TABLES_0009 = {"survey_answers"}
TABLES_0011 = {"participant_answers", "run_alternates", "pair_changes"}
TABLES_0014 = {"import_jobs", "column_mappings"}  # and 0015
TABLES = (TABLES_0001 | TABLES_0002 | TABLES_0003 | TABLES_0005 | TABLES_0007 | TABLES_0008
          | TABLES_0009 | TABLES_0011 | TABLES_0014)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    admin, session_schema = request.getfixturevalue("postgres_schema")
    schema = f"{session_schema}_m{secrets.token_hex(3)}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(POSTGRES_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def schema_drift(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        assert migrate.current_tables(engine) == set()
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
        migrate.downgrade(empty_url)
        assert migrate.current_tables(engine) == {"alembic_version"}
        migrate.upgrade(empty_url)  # and up again, from the downgraded state
        assert migrate.current_tables(engine) >= TABLES
    finally:
        engine.dispose()


def test_0002_downgrades_to_0001_and_upgrades_again(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        migrate.downgrade(empty_url, "0001")
        assert migrate.current_tables(engine) == TABLES_0001 | {"alembic_version"}
        with engine.connect() as conn:
            assert conn.execute(text("select version_num from alembic_version")).scalar() == "0001"
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
    finally:
        engine.dispose()


def test_0003_downgrades_to_0002_keeping_users_and_upgrades_again(empty_url: str) -> None:
    """0003 adds the links and login attempts tables and `users.token_version`; going back
    to 0002 removes exactly those and keeps the users, and going up again restores them."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        with engine.begin() as conn:
            conn.execute(text("insert into users (login, full_name, role, password_hash, "
                              "is_active, token_version, created_at) values ('u', 'U', "
                              "'admin', 'x', true, 3, CURRENT_TIMESTAMP)"))
        migrate.downgrade(empty_url, "0002")
        assert migrate.current_tables(engine) == TABLES_0001 | TABLES_0002 | {"alembic_version"}
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "token_version" not in columns and "login" in columns
        with engine.connect() as conn:
            assert conn.execute(text("select login from users")).scalars().all() == ["u"]
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
        with engine.connect() as conn:  # a user from before 0003 starts at token version 0
            assert conn.execute(text("select token_version from users")).scalar() == 0
    finally:
        engine.dispose()


def test_0005_backfills_the_read_model_of_runs_stored_before_it(empty_url: str) -> None:
    """A run finished before the read model is readable after the upgrade: its people,
    proposal facts and unmatched mentees are rows made from its stored JSON."""
    engine = make_engine(empty_url)
    bank = {"participants": [
        {"id": "T1", "full_name": "Ёлкина Анна", "role": "teacher", "organisation": "Школа 1"},
        {"id": "T2", "full_name": "Петров Олег", "role": "teacher", "organisation": "Школа 2"},
        {"id": "T3", "full_name": "Сидоров Иван", "role": "teacher", "organisation": "Школа 1"},
    ]}
    result = {"proposals": [{"id": "p1", "mentor": "T1", "mentees": ["T2"],
                             "form": "teacher_teacher", "kind": "one_to_one", "score": 0.75}],
              "unmatched": [{"mentee": "T3", "reasons": [{"code": "c", "ru": "р", "en": "e"}],
                             "suggestions": []}]}
    try:
        migrate.upgrade(empty_url, "0004")  # the schema just before the read model
        with engine.begin() as conn:
            conn.execute(text("insert into programmes (pid, name, data, version, created_at, "
                              "updated_at) values ('P', '', '{}', 1, '2026-01-01', '2026-01-01')"))
            runs = Base.metadata.tables["runs"]
            conn.execute(runs.insert().values(
                id=7, programme_id=1, status="done", stage="done", progress=1.0, error="",
                error_en="", bank_version="", created_at=datetime(2026, 1, 1, tzinfo=UTC),
                created_by="x", bank=bank, result=result))
        migrate.upgrade(empty_url)
        with engine.connect() as conn:
            people = conn.execute(text(
                "select pid, full_name, organisation from run_people where run_id = 7 "
                "order by pid")).all()
            facts = conn.execute(text(
                "select proposal_id, position, kind, score, mentor_name, names_folded, "
                "organisations_folded from proposal_facts where run_id = 7")).all()
            unmatched = conn.execute(text(
                "select mentee, full_name, position from run_unmatched where run_id = 7")).all()
        assert [tuple(r) for r in people] == [("T1", "Ёлкина Анна", "Школа 1"),
                                             ("T2", "Петров Олег", "Школа 2"),
                                             ("T3", "Сидоров Иван", "Школа 1")]
        assert [tuple(r) for r in facts] == [(
            "p1", 0, "one_to_one", 0.75, "Ёлкина Анна", "|елкина анна|петров олег|",
            "|школа 1|школа 2|")]
        assert [tuple(r) for r in unmatched] == [("T3", "Сидоров Иван", 0)]
        migrate.downgrade(empty_url, "0002")
        assert migrate.current_tables(engine) == TABLES_0001 | TABLES_0002 | {"alembic_version"}
    finally:
        engine.dispose()


def test_0006_stores_the_list_fields_of_proposals_stored_before_it(empty_url: str) -> None:
    """A proposal stored before 0006 is listed from rows after it: its status reason beside
    its status, its mentor, mentees, their names at run time and topics beside its facts."""
    engine = make_engine(empty_url)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    data = {"id": "p1", "mentor": "T1", "mentees": ["T2"], "form": "teacher_teacher",
            "kind": "one_to_one", "topics": ["math"], "score": 0.75, "pairs": [],
            "status": "rejected", "status_reason": "уехал"}
    try:
        migrate.upgrade(empty_url, "0005")
        with engine.begin() as conn:
            conn.execute(text("insert into programmes (pid, name, data, version, created_at, "
                              "updated_at) values ('P', '', '{}', 1, '2026-01-01', '2026-01-01')"))
            tables = Base.metadata.tables
            conn.execute(tables["runs"].insert().values(
                id=7, programme_id=1, status="done", stage="done", progress=1.0, error="",
                error_en="", bank_version="", created_at=at, created_by="x"))
            proposals = table("proposals", column("data", JsonType), *(column(c) for c in (
                "run_id", "proposal_id", "position", "mentor", "status", "version",
                "updated_at", "updated_by")))  # as 0005 left it
            conn.execute(proposals.insert().values(
                run_id=7, proposal_id="p1", position=0, mentor="T1", status="rejected",
                data=data, version=2, updated_at=at, updated_by="x"))
            conn.execute(text(
                "insert into run_people (run_id, pid, full_name, role, organisation) values "
                "(7, 'T1', 'Ёлкина Анна', 'teacher', 'Школа 1'), "
                "(7, 'T2', 'Петров Олег', 'teacher', 'Школа 2')"))
            conn.execute(text(
                "insert into proposal_facts (run_id, proposal_id, position, form, kind, score, "
                "mentor_name, names_folded, organisations_folded, mark, mark_before) values "
                "(7, 'p1', 0, 'teacher_teacher', 'one_to_one', 0.75, 'Ёлкина Анна', '', '', "
                "'', '')"))
        migrate.upgrade(empty_url)
        with engine.connect() as conn:
            reason = conn.execute(text("select status_reason from proposals")).scalar()
            summary = conn.execute(text("select summary from proposal_facts")).scalar()
        assert reason == "уехал"
        assert (json.loads(summary) if isinstance(summary, str) else summary) == {
            "mentor": "T1", "mentees": ["T2"], "mentee_names": ["Петров Олег"],
            "topics": ["math"]}
        migrate.downgrade(empty_url, "0005")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("proposals")}
        assert "status_reason" not in columns
    finally:
        engine.dispose()


def test_0007_downgrades_to_0006_and_upgrades_again(empty_url: str) -> None:
    """0007 adds the applied imports kept for undo and the partners of organisations; back to
    0006 removes exactly them."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        migrate.downgrade(empty_url, "0006")
        assert migrate.current_tables(engine) == (
            TABLES - TABLES_0007 - TABLES_0008 - TABLES_0009 - TABLES_0011 - TABLES_0014) | {
                "alembic_version"}
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
    finally:
        engine.dispose()


def test_0008_downgrades_to_0007_and_upgrades_again(empty_url: str) -> None:
    """0008 adds the papers a school files (plan edits, school years, order settings); back to
    0007 removes exactly them."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        migrate.downgrade(empty_url, "0007")
        assert migrate.current_tables(engine) == (
            TABLES - TABLES_0008 - TABLES_0009 - TABLES_0011 - TABLES_0014) | {
                "alembic_version"}
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
    finally:
        engine.dispose()


def test_0009_downgrades_to_0008_and_upgrades_again(empty_url: str) -> None:
    """0009 adds the monitoring surveys' answers; back to 0008 removes exactly them."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        migrate.downgrade(empty_url, "0008")
        assert migrate.current_tables(engine) == (
            TABLES - TABLES_0009 - TABLES_0011 - TABLES_0014) | {"alembic_version"}
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
    finally:
        engine.dispose()


def test_0011_downgrades_to_0010_and_upgrades_again(empty_url: str) -> None:
    """0011 adds the participants' answers, the alternates and the changes of pairs; back to
    0010 removes exactly them."""
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        migrate.downgrade(empty_url, "0010")
        assert migrate.current_tables(engine) == (TABLES - TABLES_0011 - TABLES_0014) | {
            "alembic_version"}
        migrate.upgrade(empty_url)
        assert migrate.current_tables(engine) == TABLES | {"alembic_version"}
        assert schema_drift(engine) == []
    finally:
        engine.dispose()


def test_0013_keys_participant_ids_per_organisation_and_keeps_the_rows(empty_url: str) -> None:
    """0013 turns the global key of participant ids into (organisation, id): the rows stored
    under 0012 are kept, two schools may then store «T01», and a downgrade while they do is
    refused (it would have to drop one)."""
    engine = make_engine(empty_url)
    orgs = table("organisations", column("id"), column("name"), column("region"),
                 column("bank_version"))
    people = table("participants", column("data", JsonType), *(column(c) for c in (
        "id", "pid", "organisation_id", "organisation", "full_name", "name_folded",
        "subjects_folded", "role", "is_mentor", "is_mentee", "version")))

    def row(key: int, org: int) -> dict[str, object]:
        return {"id": key, "pid": "T01", "organisation_id": org, "organisation": f"О{org}",
                "full_name": "А", "name_folded": "а", "subjects_folded": "", "role": "teacher",
                "is_mentor": False, "is_mentee": True, "data": {"id": "T01"},
                "version": 1}

    try:
        migrate.upgrade(empty_url, "0012")
        with engine.begin() as conn:
            conn.execute(orgs.insert(), [{"id": i, "name": f"О{i}", "region": "",
                                          "bank_version": 0} for i in (1, 2)])
            conn.execute(people.insert().values(**row(1, 1)))
        migrate.upgrade(empty_url, "0013")

        def unique_keys() -> list[list[str]]:
            with engine.connect() as conn:
                return [c["column_names"]
                        for c in inspect(conn).get_unique_constraints("participants")]

        assert unique_keys() == [["organisation_id", "pid"]]
        with engine.begin() as conn:
            conn.execute(people.insert().values(**row(2, 2)))
            assert conn.execute(text("select count(*) from participants")).scalar() == 2
        with pytest.raises(RuntimeError, match="several organisations use T01"):
            migrate.downgrade(empty_url, "0012")
        assert unique_keys() == [["organisation_id", "pid"]]  # refused before any change
        with engine.begin() as conn:
            conn.execute(text("delete from participants where id = 2"))
        migrate.downgrade(empty_url, "0012")
        with engine.connect() as conn:
            assert conn.execute(text("select pid from participants")).scalars().all() == ["T01"]
        assert unique_keys() == [["pid"]]
    finally:
        engine.dispose()


def test_0016_adds_the_folded_email_to_participants_keeping_the_rows(empty_url: str) -> None:
    """0016 adds `email_folded` (indexed with the organisation) to the participants stored
    under 0015, "" for each; back to 0015 drops exactly that column and index."""
    engine = make_engine(empty_url)
    orgs = table("organisations", column("id"), column("name"), column("region"),
                 column("bank_version"))
    people = table("participants", column("data", JsonType), *(column(c) for c in (
        "id", "pid", "organisation_id", "organisation", "full_name", "name_folded",
        "subjects_folded", "role", "is_mentor", "is_mentee", "version")))

    def columns() -> set[str]:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns("participants")}

    def indexes() -> set[str]:
        with engine.connect() as conn:
            return {i["name"] or "" for i in inspect(conn).get_indexes("participants")}

    try:
        migrate.upgrade(empty_url, "0015")
        with engine.begin() as conn:
            conn.execute(orgs.insert().values(id=1, name="О1", region="", bank_version=0))
            conn.execute(people.insert().values(
                id=1, pid="T01", organisation_id=1, organisation="О1", full_name="А",
                name_folded="а", subjects_folded="", role="teacher", is_mentor=False,
                is_mentee=True, data={"id": "T01"}, version=1))
        assert "email_folded" not in columns()
        migrate.upgrade(empty_url, "0016")
        assert "email_folded" in columns()
        assert "ix_participants_organisation_id_email_folded" in indexes()
        with engine.connect() as conn:
            assert conn.execute(text("select pid, email_folded from participants")).all() == [
                ("T01", "")]
        migrate.downgrade(empty_url, "0015")
        assert "email_folded" not in columns()
        assert "ix_participants_organisation_id_email_folded" not in indexes()
        with engine.connect() as conn:
            assert conn.execute(text("select pid from participants")).scalars().all() == ["T01"]
        migrate.upgrade(empty_url)
        assert schema_drift(engine) == []
    finally:
        engine.dispose()
