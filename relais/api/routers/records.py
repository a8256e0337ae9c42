"""Service records ("prestations") awaiting the institution's validation:
list, validate, contest — through ``records.services``, "by" the token's
creator, scoped to the token's institution (anything else is a 404)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Router, Schema
from pydantic import AwareDatetime

from relais.records import services
from relais.records.models import ServiceRecord
from relais.records.queries import awaiting_answer, get_record_to_answer

from ..errors import ApiError, ErrorOut
from ..schemas import MAX_ID, NO_NUL, Input

router = Router(tags=["service records"])
RecordId = Path(..., ge=1, le=MAX_ID, description="Number of the service record.")
# A record answered already, or not submitted yet: the request is fine, its moment is not.
STATES = frozenset({"validated", "contested", "draft"})

READ_ERRORS = {401: ErrorOut, 413: ErrorOut, 429: ErrorOut}
WRITE_ERRORS = READ_ERRORS | {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class RecordOut(Schema):
    id: int = Field(description="Number of the service record.")
    request_id: int = Field(description="Number of the request it records.")
    request_start: datetime | None = Field(description="Start of the request as booked.")
    modality: str = Field(description="Type of service: on_site, video, permanence or phone.")
    language: str | None = Field(description="Code of the language of the request.")
    status: str = Field(description="submitted (awaiting you), validated or contested.")
    outcome: str = Field(
        description="performed, or what happened instead (e.g. the person did not come)."
    )
    not_performed_reason: str = Field(description="Why it was not performed, if it was not.")
    arrived_at: datetime | None = Field(description="When the interpreter arrived.")
    started_at: datetime | None = Field(description="When the service started.")
    ended_at: datetime | None = Field(description="When it ended.")
    services_count: int | None = Field(description="Standing shift: how many people were served.")
    comments: str = Field(description="The interpreter's comments.")
    submitted_at: datetime | None = Field(description="When the interpreter submitted it.")
    validation_due_at: datetime | None = Field(
        description="When it is validated automatically if you do not answer."
    )


class ContestIn(Input):
    reason: str = Field(
        min_length=1, max_length=1000, pattern=NO_NUL, description="What is wrong with the record."
    )
    proposed_started_at: AwareDatetime | None = Field(
        None, description="The start you propose, ISO 8601 with a time zone, or null."
    )
    proposed_ended_at: AwareDatetime | None = Field(
        None, description="The end you propose, ISO 8601 with a time zone, or null."
    )
    proposed_services_count: int | None = Field(
        None, ge=0, le=32767, description="Standing shift: the count you propose, or null."
    )


def _out(record: ServiceRecord) -> dict:
    booking = record.booking
    return {
        "id": record.pk,
        "request_id": booking.pk,
        "request_start": booking.start,
        "modality": booking.modality,
        "language": booking.language.code if booking.language_id else None,
        "status": record.status,
        "outcome": record.outcome,
        "not_performed_reason": record.not_performed_reason,
        "arrived_at": record.arrived_at,
        "started_at": record.started_at,
        "ended_at": record.ended_at,
        "services_count": record.services_count,
        "comments": record.comments,
        "submitted_at": record.submitted_at,
        "validation_due_at": record.validation_due_at,
    }


def _record(token, pk) -> ServiceRecord:
    record = get_record_to_answer(token.created_by, pk)
    if record.booking.organisation_id != token.organisation_id:
        raise Http404  # the creator's other institution: not this token's
    return record


def _answer(work) -> ServiceRecord:
    try:
        return work()
    except ValidationError as error:
        if not hasattr(error, "error_dict") and error.code in STATES:
            raise ApiError(409, error.code, " ".join(error.messages)) from None
        raise


@router.get(
    "/records",
    response={200: list[RecordOut], **READ_ERRORS},
    summary="Service records awaiting validation",
)
def list_records(request):
    """The records of the institution's services that interpreters submitted and
    that wait for its answer (validate or contest), the most urgent first."""
    token = request.auth
    records = awaiting_answer(token.created_by).filter(booking__organisation=token.organisation_id)
    return [_out(record) for record in records[:500]]


@router.post(
    "/records/{record_id}/validate",
    response={200: RecordOut, **WRITE_ERRORS},
    summary="Validate a service record",
)
def validate_record(request, record_id: int = RecordId):
    """Validate a submitted record as it is: the service goes to invoicing.
    409 if it was already validated or contested."""
    record = _record(request.auth, record_id)
    return _out(
        _answer(lambda: services.validate_record(record=record, by=request.auth.created_by))
    )


@router.post(
    "/records/{record_id}/contest",
    response={200: RecordOut, **WRITE_ERRORS},
    summary="Contest a service record",
)
def contest_record(request, body: ContestIn, record_id: int = RecordId):
    """Say what is wrong with a submitted record, and optionally the times or count
    you propose; the operations team resolves it. 409 if already answered."""
    record = _record(request.auth, record_id)
    proposed = {
        "started_at": body.proposed_started_at,
        "ended_at": body.proposed_ended_at,
        "services_count": body.proposed_services_count,
    }
    return _out(
        _answer(
            lambda: services.contest_record(
                record=record, by=request.auth.created_by, reason=body.reason, proposed=proposed
            )
        )
    )
