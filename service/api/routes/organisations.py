"""Organisations (schools, colleges) and their banks."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status

from service import services
from service.api.deps import ActorDep, IdPath, UowDep
from service.bank_files import MEDIA_TYPES, bank_file
from service.schemas import (
    BankPublic,
    OrganisationCreate,
    OrganisationPublic,
    OrganisationUpdate,
    PartnerCreate,
)

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.get("", response_model=list[OrganisationPublic])
def list_organisations(actor: ActorDep, uow: UowDep) -> list[OrganisationPublic]:
    """Every organisation for administrators; one's own for everyone else."""
    return [OrganisationPublic.of(o) for o in services.list_organisations(uow, actor)]


@router.post("", response_model=OrganisationPublic, status_code=status.HTTP_201_CREATED)
def create_organisation(
    body: OrganisationCreate, actor: ActorDep, uow: UowDep
) -> OrganisationPublic:
    return OrganisationPublic.of(services.create_organisation(uow, actor, body.name, body.region))


@router.get("/{organisation_id}", response_model=OrganisationPublic)
def read_organisation(organisation_id: IdPath, actor: ActorDep, uow: UowDep) -> OrganisationPublic:
    return OrganisationPublic.of(services.get_organisation(uow, actor, organisation_id))


@router.patch("/{organisation_id}", response_model=OrganisationPublic)
def update_organisation(
    organisation_id: IdPath, body: OrganisationUpdate, actor: ActorDep, uow: UowDep
) -> OrganisationPublic:
    org = services.update_organisation(
        uow, actor, organisation_id, name=body.name, region=body.region
    )
    return OrganisationPublic.of(org)


@router.delete("/{organisation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_organisation(organisation_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    services.delete_organisation(uow, actor, organisation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{organisation_id}/bank", response_model=BankPublic)
def read_bank(organisation_id: IdPath, actor: ActorDep, uow: UowDep) -> BankPublic:
    """The organisation's bank as the matcher reads it, with its version."""
    snapshot = services.load_bank(uow, actor, [organisation_id])
    return BankPublic(organisation_id=organisation_id,
                      bank_version=snapshot.versions[organisation_id], bank=snapshot.bank)


@router.get("/{organisation_id}/partners", response_model=list[OrganisationPublic])
def list_partners(organisation_id: IdPath, actor: ActorDep, uow: UowDep
                  ) -> list[OrganisationPublic]:
    """The partner organisations (an enterprise, a college, a university) whose people join
    this organisation's bank as outside mentors."""
    return [OrganisationPublic.of(o)
            for o in services.list_partners(uow, actor, organisation_id)]


@router.post("/{organisation_id}/partners", response_model=OrganisationPublic,
             status_code=status.HTTP_201_CREATED)
def add_partner(organisation_id: IdPath, body: PartnerCreate, actor: ActorDep, uow: UowDep
                ) -> OrganisationPublic:
    """Add a partner by name (an administrator or this organisation's curator); a name not
    registered yet is registered."""
    return OrganisationPublic.of(services.add_partner(uow, actor, organisation_id, body.name))


@router.delete("/{organisation_id}/partners/{partner_id}",
               status_code=status.HTTP_204_NO_CONTENT)
def remove_partner(organisation_id: IdPath, partner_id: IdPath, actor: ActorDep,
                   uow: UowDep) -> Response:
    """End a partnership; the partner's people already in the bank stay."""
    services.remove_partner(uow, actor, organisation_id, partner_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{organisation_id}/bank/file", response_class=Response,
            responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()},
                             "description": "The bank file"}})
def download_bank(organisation_id: IdPath, actor: ActorDep, uow: UowDep,
                  format: Literal["xlsx", "csv"] = "xlsx") -> Response:
    """The organisation's bank as a file in our template (XLSX with the conflicts sheet, or
    CSV of the participants): change cells and import it again; only what changed changes."""
    snapshot = services.load_bank(uow, actor, [organisation_id])
    return Response(
        bank_file(snapshot.bank, format), media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="bank-{organisation_id}-'
                                        f'v{snapshot.versions[organisation_id]}.{format}"'})
