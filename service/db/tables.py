"""SQLAlchemy 2 tables (typed declarative mapping). Rows, not domain objects: the repositories
in `service.db.repositories` translate between the two, so the domain stays free of SQL.

Participants and programmes are stored as their domain JSON plus indexed columns for search
and a `version` for optimistic locking.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations can address them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> Any:
    return func.now()


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    region: Mapped[str] = mapped_column(String(300), default="")
    bank_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class PartnerRow(Base):
    """A partner organisation (an enterprise, a college, a university) whose people join a
    school's bank as outside mentors."""

    __tablename__ = "organisation_partners"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True, index=True)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    password_hash: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    # raised on sign-out, a new password and blocking; tokens of an older version are refused
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ParticipantRow(Base):
    """A person in an organisation's bank; ids are unique within the organisation only (two
    schools may both have «T01»)."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("organisation_id", "pid",
                                       name="uq_participants_organisation_id_pid"),
                      Index("ix_participants_organisation_id_email_folded",
                            "organisation_id", "email_folded"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pid: Mapped[str] = mapped_column(String(64), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    organisation: Mapped[str] = mapped_column(String(300), index=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    # casefolded name and "|subject|subject|" for case-insensitive search on every backend
    # (SQLite's lower() folds ASCII only, so the folding is done in Python).
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    subjects_folded: Mapped[str] = mapped_column(Text, default="")
    # the e-mail address case-folded ("" for none): duplicates by e-mail at import (0016)
    email_folded: Mapped[str] = mapped_column(String(320), default="", server_default="")
    role: Mapped[str] = mapped_column(String(40), index=True)
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    is_mentee: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class ConsentEventRow(Base):
    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")


class ProgrammeRow(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pid: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(300), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the log outlives users
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class ImportRow(Base):
    """An applied import of a bank file with what undo needs (see domain.StoredImport)."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: a log
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JsonType)
    changes: Mapped[dict[str, Any]] = mapped_column(JsonType, deferred=True)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by: Mapped[str] = mapped_column(String(100), default="")


class ImportJobRow(Base):
    """A bank file imported (or previewed) in the background, with its progress and, when it
    ends, its report (see domain.ImportJob)."""

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: a log
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300), default="")
    preview: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JsonType, deferred=True)
    error: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ColumnMappingRow(Base):
    """A form's columns mapped to our template, remembered per organisation (by the form's
    signature, `matcher.bank_io.mapping.signature`)."""

    __tablename__ = "column_mappings"
    __table_args__ = (UniqueConstraint("organisation_id", "signature",
                                       name="uq_column_mappings_organisation_id_signature"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)  # no FK: kept like the imports
    signature: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, Any]] = mapped_column(JsonType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))


class ConflictRow(Base):
    """A pair the curator recorded as impossible; `a` and `b` are stored in id order, so a pair
    is unique whichever way round it was entered."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("participant_a_id", "participant_b_id",
                                       name="uq_conflicts_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    participant_a_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    participant_b_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))


class RunRow(Base):
    """One solve of a programme: its state while it runs, then its inputs and result."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    previous_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str] = mapped_column(Text, default="")
    error_en: Mapped[str] = mapped_column(Text, default="")
    bank_version: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(Integer)  # no FK: runs outlive users
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    summary: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    bank: Mapped[dict[str, Any] | None] = mapped_column(JsonType, deferred=True)
    programme: Mapped[dict[str, Any] | None] = mapped_column(JsonType, deferred=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JsonType, deferred=True)
    decisions: Mapped[dict[str, Any] | None] = mapped_column(JsonType, deferred=True)
    # the job queue (migration 0004): who runs it, when it last said it is alive, how often
    # it was started, its queue job, and what it has done ("компонента 3 из 17")
    worker: Mapped[str] = mapped_column(String(200), default="", server_default="")
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    job_id: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    detail_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the order fixing the run's pairs was issued (migration 0010): decisions are no longer undone
    order_issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    order_issued_by: Mapped[str] = mapped_column(String(100), server_default="")

    # One queued or running run per programme, whatever the number of server processes.
    __table_args__ = (Index(
        "uq_runs_one_active", "programme_id", unique=True,
        sqlite_where=text("status IN ('queued', 'running')"),
        postgresql_where=text("status IN ('queued', 'running')"),
    ),)


class ProposalRow(Base):
    """A proposal of a run; `proposal_id` is the solver's (stable across runs for the same
    mentor, kind and mentees), `data` the full proposal with its current status."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("run_id", "proposal_id", name="uq_proposals_run_pid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    mentor: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class DecisionRow(Base):
    """A curator's decision on a proposal, kept as history (the audit log has it too)."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_row_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int] = mapped_column(Integer, index=True)
    proposal_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))
    status_before: Mapped[str] = mapped_column(String(20))
    status_after: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    actor_id: Mapped[int | None] = mapped_column(Integer)


class LinkRow(Base):
    """A participant's explanation link, so that it can be revoked. `participant_id` is the
    person's id as text with no foreign key: the row outlives the person, so that their link
    can say why it stopped working."""

    __tablename__ = "explanation_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(Integer)  # no FK: links outlive users
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")


class LoginAttemptRow(Base):
    """One password check, for throttling sign-in across processes (kept for a short window;
    the audit log keeps the history)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    login: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(100), index=True)
    success: Mapped[bool] = mapped_column(Boolean)


# --- the read model of finished runs (migration 0005) ---------------------------------------
# Written once when a run finishes (and backfilled from the stored JSON for older runs), so
# lists, filters, counts and decisions read indexed rows instead of parsing the run's JSON.


class RunPersonRow(Base):
    """A person of a run's bank as they were when the run read it."""

    __tablename__ = "run_people"
    __table_args__ = (UniqueConstraint("run_id", "pid", name="uq_run_people_run_pid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    pid: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    organisation: Mapped[str] = mapped_column(String(300))


class ProposalFactsRow(Base):
    """What lists filter and sort a run's proposals by, beside the proposal row (joined on
    run and proposal id); `mark` is the rerun's change against the run it started from."""

    __tablename__ = "proposal_facts"
    __table_args__ = (
        UniqueConstraint("run_id", "proposal_id", name="uq_proposal_facts_run_pid"),
        Index("ix_proposal_facts_run_score", "run_id", "score"),
        Index("ix_proposal_facts_run_position", "run_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    proposal_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    mentor_name: Mapped[str] = mapped_column(String(200))
    # "|name|name|" and "|organisation|…|", casefolded, for search on every backend
    names_folded: Mapped[str] = mapped_column(Text)
    organisations_folded: Mapped[str] = mapped_column(Text)
    mark: Mapped[str] = mapped_column(String(10), default="")
    mark_reason: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    mark_before: Mapped[str] = mapped_column(Text, default="")
    # what a list shows beside the columns above: mentor, mentees, mentee_names, topics
    summary: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class RunUnmatchedRow(Base):
    """A mentee a run left without (enough) mentors, with the reasons and suggestions."""

    __tablename__ = "run_unmatched"
    __table_args__ = (Index("ix_run_unmatched_run_position", "run_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    mentee: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    reasons: Mapped[list[Any]] = mapped_column(JsonType)
    suggestions: Mapped[list[Any]] = mapped_column(JsonType)


class RunEndedRow(Base):
    """A proposal of the previous run that a rerun did not keep or replace, and why."""

    __tablename__ = "run_ended"
    __table_args__ = (Index("ix_run_ended_run_position", "run_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    proposal_id: Mapped[str] = mapped_column(String(64))
    names: Mapped[str] = mapped_column(Text)
    reason: Mapped[dict[str, Any]] = mapped_column(JsonType)
    was: Mapped[str] = mapped_column(String(20), server_default="")  # status then (0010)


class SurveyRow(Base):
    """A participant's answer to one survey of one pair. `participant_id` has no foreign key
    (a person's rows are deleted with them by `forget`); the run may go, the answer stays."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("programme_id", "pair", "participant_id", "kind", "seq",
                                       name="uq_survey_answers_one"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(64), index=True)
    pair: Mapped[str] = mapped_column(String(2000))
    participant_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    proposal_id: Mapped[str] = mapped_column(String(64))
# --- the papers a school files (migration 0008) ---------------------------------------------


class PlanRow(Base):
    """The curator's edit of one pair's or group's programme, by programme and the solver's
    stable proposal id (so it follows the pair from run to run)."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("programme_id", "proposal_id",
                                       name="uq_plans_programme_proposal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(64), index=True)
    proposal_id: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class SchoolYearRow(Base):
    """An organisation's real numbers and own targets for one school year."""

    __tablename__ = "school_years"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class OrderSettingsRow(Base):
    """An organisation's order settings: regulations, number, director, curator."""

    __tablename__ = "order_settings"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100), default="")


# --- after the match (migration 0011) ---------------------------------------------------------


class AnswerRow(Base):
    """A participant's answer through their link: accept or decline a pair, or their wishes."""

    __tablename__ = "participant_answers"
    __table_args__ = (Index("ix_participant_answers_run_proposal", "run_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    proposal_id: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[str] = mapped_column(String(64))
    link_id: Mapped[int | None] = mapped_column(Integer)  # no FK: a log
    answer: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[list[Any]] = mapped_column(JsonType)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AlternateRow(Base):
    """A mentor who could take a run's mentee next (`rank` 1 the best)."""

    __tablename__ = "run_alternates"
    __table_args__ = (Index("ix_run_alternates_run_mentee", "run_id", "mentee"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    mentee: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)
    mentor: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    form: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    coverage_cost: Mapped[int] = mapped_column(Integer, default=0)


class PairChangeRow(Base):
    """A change of a pair with its ground and initiator (the order on changes reads these)."""

    __tablename__ = "pair_changes"
    __table_args__ = (Index("ix_pair_changes_run", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    proposal_id: Mapped[str] = mapped_column(String(64))
    change: Mapped[str] = mapped_column(String(20))
    ground: Mapped[str] = mapped_column(String(40))
    initiator: Mapped[str] = mapped_column(String(20))
    mentor: Mapped[str] = mapped_column(String(64))
    mentees: Mapped[list[Any]] = mapped_column(JsonType)
    note: Mapped[str] = mapped_column(Text, default="")
    new_proposal_id: Mapped[str] = mapped_column(String(64), default="")
    extended_until: Mapped[date | None] = mapped_column(Date)
    new_form: Mapped[str] = mapped_column(String(64), default="")
    new_kind: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    actor_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the record outlives users
