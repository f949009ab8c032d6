"""SQL repositories of organisations, users, participants and their consent events."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.model import ConsentKind, Participant
from matcher.model.contact import email_key
from service.db.repositories.common import Ts, aware, like_escape, rowcount
from service.db.tables import (
    ConsentEventRow,
    OrganisationRow,
    ParticipantRow,
    PartnerRow,
    UserRow,
)
from service.domain import (
    ConsentAction,
    ConsentEvent,
    Organisation,
    StoredParticipant,
    User,
    UserRole,
)
from service.errors import AlreadyExists, NotFound, VersionConflict
from service.repositories import (
    ConsentEventRepository,
    OrganisationRepository,
    ParticipantQuery,
    ParticipantRepository,
    UserRepository,
    fold,
    folded_subjects,
)


class SqlOrganisationRepository(OrganisationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: OrganisationRow) -> Organisation:
        return Organisation(
            id=row.id, name=row.name, region=row.region, bank_version=row.bank_version
        )

    def add(self, name: str, region: str) -> Organisation:
        row = OrganisationRow(name=name, region=region, bank_version=0)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="organisation", key=name) from exc
        return self._to_domain(row)

    def get(self, organisation_id: int) -> Organisation | None:
        row = self.session.get(OrganisationRow, organisation_id)
        return None if row is None else self._to_domain(row)

    def get_by_name(self, name: str) -> Organisation | None:
        row = self.session.scalars(
            select(OrganisationRow).where(OrganisationRow.name == name)
        ).first()
        return None if row is None else self._to_domain(row)

    def list(self, only: int | None = None) -> list[Organisation]:
        stmt = select(OrganisationRow).order_by(OrganisationRow.id)
        if only is not None:
            stmt = stmt.where(OrganisationRow.id == only)
        return [self._to_domain(r) for r in self.session.scalars(stmt)]

    def update(self, organisation: Organisation) -> Organisation:
        row = self.session.get(OrganisationRow, organisation.id)
        if row is None:
            raise NotFound(entity="organisation", key=str(organisation.id))
        row.name, row.region = organisation.name, organisation.region
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="organisation", key=organisation.name) from exc
        return self._to_domain(row)

    def delete(self, organisation_id: int) -> None:
        self.session.execute(delete(OrganisationRow).where(OrganisationRow.id == organisation_id))

    def bump_bank_version(self, organisation_id: int) -> int:
        # One UPDATE, so concurrent bumps serialise in the database rather than in Python.
        new = self.session.execute(
            update(OrganisationRow)
            .where(OrganisationRow.id == organisation_id)
            .values(bank_version=OrganisationRow.bank_version + 1)
            .returning(OrganisationRow.bank_version)
        ).scalar_one()
        return int(new)

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(OrganisationRow.id))) or 0)

    def partners(self, organisation_id: int) -> builtins.list[Organisation]:
        rows = self.session.scalars(
            select(OrganisationRow)
            .join(PartnerRow, PartnerRow.partner_id == OrganisationRow.id)
            .where(PartnerRow.organisation_id == organisation_id)
            .order_by(OrganisationRow.name))
        return [self._to_domain(r) for r in rows]

    def partner_of(self, partner_id: int) -> int:
        return int(self.session.scalar(
            select(func.count()).select_from(PartnerRow)
            .where(PartnerRow.partner_id == partner_id)) or 0)

    def set_partner(self, organisation_id: int, partner_id: int, linked: bool) -> bool:
        row = self.session.get(PartnerRow, (organisation_id, partner_id))
        if (row is not None) == linked:
            return False
        if linked:
            self.session.add(PartnerRow(organisation_id=organisation_id, partner_id=partner_id))
        else:
            self.session.delete(row)
        self.session.flush()
        return True


class SqlUserRepository(UserRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: UserRow) -> User:
        return User(
            id=row.id,
            login=row.login,
            full_name=row.full_name,
            role=UserRole(row.role),
            organisation_id=row.organisation_id,
            password_hash=row.password_hash,
            is_active=row.is_active,
            token_version=row.token_version,
        )

    def add(
        self,
        login: str,
        full_name: str,
        role: UserRole,
        organisation_id: int | None,
        password_hash: str,
    ) -> User:
        row = UserRow(
            login=login,
            full_name=full_name,
            role=role.value,
            organisation_id=organisation_id,
            password_hash=password_hash,
            is_active=True,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="user", key=login) from exc
        return self._to_domain(row)

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return None if row is None else self._to_domain(row)

    def get_by_login(self, login: str) -> User | None:
        row = self.session.scalars(select(UserRow).where(UserRow.login == login)).first()
        return None if row is None else self._to_domain(row)

    def list(self, organisation_id: int | None = None) -> list[User]:
        stmt = select(UserRow).order_by(UserRow.id)
        if organisation_id is not None:
            stmt = stmt.where(UserRow.organisation_id == organisation_id)
        return [self._to_domain(r) for r in self.session.scalars(stmt)]

    def update(self, user: User) -> User:
        row = self.session.get(UserRow, user.id)
        if row is None:
            raise NotFound(entity="user", key=str(user.id))
        row.full_name, row.role = user.full_name, user.role.value
        row.organisation_id, row.password_hash = user.organisation_id, user.password_hash
        row.is_active, row.token_version = user.is_active, user.token_version
        self.session.flush()
        return self._to_domain(row)

    def count(self, organisation_id: int | None = None) -> int:
        stmt = select(func.count(UserRow.id))
        if organisation_id is not None:
            stmt = stmt.where(UserRow.organisation_id == organisation_id)
        return int(self.session.scalar(stmt) or 0)


def _participant_columns(p: Participant, organisation_id: int) -> dict[str, Any]:
    return {
        "pid": p.id,
        "organisation_id": organisation_id,
        "organisation": p.organisation,
        "full_name": p.full_name,
        "name_folded": fold(p.full_name),
        "subjects_folded": folded_subjects(p.subjects),
        "email_folded": email_key(p.email),
        "role": p.role.value,
        "is_mentor": p.mentor is not None,
        "is_mentee": p.mentee is not None,
        "data": p.model_dump(mode="json"),
    }


class SqlParticipantRepository(ParticipantRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ParticipantRow) -> StoredParticipant:
        return StoredParticipant(
            participant=Participant.model_validate(row.data),
            organisation_id=row.organisation_id,
            version=row.version,
            updated_at=aware(row.updated_at),
        )

    def _key(self, organisation_id: int, pid: str) -> Any:
        return (ParticipantRow.organisation_id == organisation_id) & (ParticipantRow.pid == pid)

    def get(self, organisation_id: int, pid: str) -> StoredParticipant | None:
        row = self.session.scalars(
            select(ParticipantRow).where(self._key(organisation_id, pid))).first()
        return None if row is None else self._to_domain(row)

    def find(self, pid: str, organisation_ids: builtins.list[int] | None = None
             ) -> builtins.list[StoredParticipant]:
        stmt = select(ParticipantRow).where(ParticipantRow.pid == pid)
        if organisation_ids is not None:
            stmt = stmt.where(ParticipantRow.organisation_id.in_(organisation_ids))
        return [self._to_domain(r) for r in self.session.scalars(stmt.order_by(ParticipantRow.id))]

    def add(
        self, participant: Participant, organisation_id: int, at: datetime
    ) -> StoredParticipant:
        row = ParticipantRow(
            **_participant_columns(participant, organisation_id),
            version=1,
            created_at=at,
            updated_at=at,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="participant", key=participant.id) from exc
        return self._to_domain(row)

    def update(
        self, participant: Participant, organisation_id: int, expected_version: int, at: datetime,
        *, owner: int | None = None,
    ) -> StoredParticipant:
        current = organisation_id if owner is None else owner
        try:
            result = self.session.execute(
                update(ParticipantRow)
                .where(self._key(current, participant.id))
                .where(ParticipantRow.version == expected_version)
                .values(
                    **_participant_columns(participant, organisation_id),
                    version=expected_version + 1,
                    updated_at=at,
                )
            )
        except IntegrityError as exc:  # moved into an organisation that has the id
            raise AlreadyExists(entity="participant", key=participant.id) from exc
        if rowcount(result) != 1:
            self._raise_stale(current, participant.id, expected_version)
        return StoredParticipant(participant, organisation_id, expected_version + 1, at)

    def delete(self, organisation_id: int, pid: str, expected_version: int) -> None:
        result = self.session.execute(
            delete(ParticipantRow)
            .where(self._key(organisation_id, pid))
            .where(ParticipantRow.version == expected_version)
        )
        if rowcount(result) != 1:
            self._raise_stale(organisation_id, pid, expected_version)

    def _raise_stale(self, organisation_id: int, pid: str, expected: int) -> None:
        actual = self.session.scalar(
            select(ParticipantRow.version).where(self._key(organisation_id, pid))
        )
        if actual is None:
            raise NotFound(entity="participant", key=pid)
        raise VersionConflict(entity="participant", key=pid, expected=expected, actual=actual)

    def _filtered(self, stmt: Select[*Ts], q: ParticipantQuery) -> Select[*Ts]:
        if q.name:
            stmt = stmt.where(
                ParticipantRow.name_folded.like(f"%{like_escape(fold(q.name))}%", escape="\\")
            )
        if q.role is not None:
            stmt = stmt.where(ParticipantRow.role == q.role.value)
        if q.organisation_id is not None:
            stmt = stmt.where(ParticipantRow.organisation_id == q.organisation_id)
        if q.subject:
            stmt = stmt.where(
                ParticipantRow.subjects_folded.like(
                    f"%|{like_escape(fold(q.subject))}|%", escape="\\"
                )
            )
        if q.is_mentor is not None:
            stmt = stmt.where(ParticipantRow.is_mentor == q.is_mentor)
        if q.is_mentee is not None:
            stmt = stmt.where(ParticipantRow.is_mentee == q.is_mentee)
        return stmt

    def search(self, query: ParticipantQuery) -> tuple[list[StoredParticipant], int]:
        total = self.session.scalar(
            self._filtered(select(func.count(ParticipantRow.id)), query)
        )
        rows = self.session.scalars(
            self._filtered(select(ParticipantRow), query)
            .order_by(ParticipantRow.id)
            .offset(query.offset)
            .limit(query.limit)
        )
        return [self._to_domain(r) for r in rows], int(total or 0)

    def list_for(self, organisation_ids: list[int]) -> list[StoredParticipant]:
        rows = self.session.scalars(
            select(ParticipantRow)
            .where(ParticipantRow.organisation_id.in_(organisation_ids))
            .order_by(ParticipantRow.id)
        )
        return [self._to_domain(r) for r in rows]

    def named(self, organisation_id: int, folded_names: builtins.list[str]
              ) -> builtins.list[StoredParticipant]:
        out: builtins.list[StoredParticipant] = []
        names = sorted(set(folded_names))
        for start in range(0, len(names), 500):  # bounded IN lists on every backend
            rows = self.session.scalars(select(ParticipantRow).where(
                ParticipantRow.organisation_id == organisation_id,
                ParticipantRow.name_folded.in_(names[start:start + 500])))
            out.extend(self._to_domain(r) for r in rows)
        return out

    def with_emails(self, organisation_id: int, emails: builtins.list[str]
                    ) -> builtins.list[StoredParticipant]:
        out: builtins.list[StoredParticipant] = []
        keys = sorted({email_key(e) for e in emails if e})
        for start in range(0, len(keys), 500):  # bounded IN lists on every backend
            rows = self.session.scalars(select(ParticipantRow).where(
                ParticipantRow.organisation_id == organisation_id,
                ParticipantRow.email_folded.in_(keys[start:start + 500])))
            out.extend(self._to_domain(r) for r in rows)
        return out

    def count(self, organisation_id: int | None = None) -> int:
        stmt = select(func.count(ParticipantRow.id))
        if organisation_id is not None:
            stmt = stmt.where(ParticipantRow.organisation_id == organisation_id)
        return int(self.session.scalar(stmt) or 0)


class SqlConsentEventRepository(ConsentEventRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _participant_key(self, organisation_id: int, pid: str) -> int:
        key = self.session.scalar(select(ParticipantRow.id).where(
            ParticipantRow.organisation_id == organisation_id, ParticipantRow.pid == pid))
        if key is None:
            raise NotFound(entity="participant", key=pid)
        return key

    def add(self, organisation_id: int, event: ConsentEvent) -> ConsentEvent:
        row = ConsentEventRow(
            participant_id=self._participant_key(organisation_id, event.participant_id),
            kind=event.kind.value,
            action=event.action.value,
            on_date=event.on_date,
            recorded_at=event.recorded_at,
            recorded_by=event.recorded_by,
            note=event.note,
        )
        self.session.add(row)
        self.session.flush()
        return ConsentEvent(**{**event.__dict__, "id": row.id})

    def delete(self, event_ids: list[int]) -> None:
        if event_ids:
            self.session.execute(delete(ConsentEventRow).where(ConsentEventRow.id.in_(event_ids)))

    def list_for(self, organisation_id: int, pid: str) -> list[ConsentEvent]:
        rows = self.session.scalars(
            select(ConsentEventRow)
            .join(ParticipantRow, ParticipantRow.id == ConsentEventRow.participant_id)
            .where(ParticipantRow.organisation_id == organisation_id, ParticipantRow.pid == pid)
            .order_by(ConsentEventRow.id)
        )
        return [
            ConsentEvent(
                id=r.id,
                participant_id=pid,
                kind=ConsentKind(r.kind),
                action=ConsentAction(r.action),
                on_date=r.on_date,
                recorded_at=aware(r.recorded_at),
                recorded_by=r.recorded_by,
                note=r.note,
            )
            for r in rows
        ]
