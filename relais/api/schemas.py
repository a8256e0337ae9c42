"""The shapes of the API's bodies, each field documented (they make the OpenAPI schema).

Inputs refuse unknown fields (``extra="forbid"``), NUL characters and values
the database could not hold, so that bad input is a 422 and never a 500.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, ConfigDict

MAX_ID = 2**31 - 1
NO_NUL = r"^[^\x00]*$"
MODALITIES = Literal["on_site", "video", "permanence", "phone"]
WHO_CALLS = Literal["interpreter", "institution"]
STATUSES = Literal[
    "received",
    "confirmed",
    "waitlisted",
    "unfilled",
    "declined",
    "cancelled",
    "performed",
    "validated",
    "invoiced",
]


def _plausible(value: datetime) -> datetime:
    # Far dates overflow once a duration is added; no service is booked outside this.
    if not 2000 <= value.year <= 2100:
        raise ValueError("datetime_out_of_range")
    return value


When = Annotated[AwareDatetime, AfterValidator(_plausible)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def text(max_length: int, description: str, default=""):
    return Field(default, max_length=max_length, pattern=NO_NUL, description=description)


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


class RequestDetails(Input):
    """What a request asks, as the wizard asks it, step by step."""

    modality: MODALITIES = Field(
        description="Type of service: on_site (par déplacement), video (visioconférence), "
        "permanence (standing shift at a place) or phone (telephone booking)."
    )
    billing_code: Id = Field(description="Id of one of the institution's billing codes.")
    contact: Id | None = Field(
        None,
        description="Id of the contact person, an active member of the institution "
        "(see GET /requests: contact ids). Default: the person who created the token.",
    )
    internal_reference: str = text(
        50, "Your own reference for the request. Never the name of the person you serve."
    )
    language: str = Field(
        max_length=20, pattern=NO_NUL, description="Code of the language (GET /languages)."
    )
    alt_language: str | None = Field(
        None,
        max_length=20,
        pattern=NO_NUL,
        description="Code of an alternative language the person also speaks, or null.",
    )
    start: When = Field(
        description="Start of the service, ISO 8601 with a time zone, e.g. "
        "2030-06-03T10:00:00+02:00. Working days 8:00-20:00 Brussels time."
    )
    duration_minutes: int = Field(
        ge=1, le=32767, description="Duration in minutes (15 to 600; a standing shift 120 or more)."
    )
    alt_start: When | None = Field(
        None, description="An alternative start if the first is not possible, or null."
    )
    place: Id | None = Field(
        None,
        description="Id of one of the institution's places (GET /places): required on site "
        "and for a standing shift, null otherwise.",
    )
    onsite_contact_name: str = text(
        200, "Who receives the interpreter on site (on site and standing shift)."
    )
    onsite_contact_phone: str = text(30, "Their phone number (on site and standing shift).")
    expected_people: int | None = Field(
        None, ge=0, le=32767, description="Standing shift: how many people are expected."
    )
    video_link: str = text(500, "Video: the meeting link (https://…).")
    video_link_later: bool = Field(
        False, description="Video: true when the link will be sent later."
    )
    phone_number: str = text(30, "Phone: the number to call.")
    phone_who_calls: WHO_CALLS | Literal[""] = Field(
        "", description="Phone: who calls whom, interpreter or institution."
    )
    note_for_interpreter: str = text(
        1000, "A note for the interpreter. Free text: no health or personal details."
    )


class RequestIn(RequestDetails):
    if_unavailable: Literal["fail", "waitlist"] = Field(
        "fail",
        description="When nobody is free as asked: fail (409 no_interpreter_free, nothing "
        "saved; see POST /availability for alternatives) or waitlist (the request waits "
        "for an interpreter, as 'Continuer sans interprète').",
    )


class RequestChange(Input):
    """The fields to change; those left out stay as they are."""

    modality: MODALITIES | None = Field(None, description="New type of service.")
    language: str | None = Field(
        None, max_length=20, pattern=NO_NUL, description="New language code."
    )
    alt_language: str | None = Field(
        None, max_length=20, pattern=NO_NUL, description="New alternative language code, or null."
    )
    start: When | None = Field(None, description="New start, ISO 8601 with a time zone.")
    duration_minutes: int | None = Field(None, ge=1, le=32767, description="New duration.")
    place: Id | None = Field(None, description="New place id, or null for a remote service.")
    onsite_contact_name: str | None = text(200, "New on-site contact.", None)
    onsite_contact_phone: str | None = text(30, "New on-site contact phone.", None)
    expected_people: int | None = Field(None, ge=0, le=32767, description="New expected people.")
    video_link: str | None = text(500, "New meeting link.", None)
    video_link_later: bool | None = Field(None, description="The link will be sent later.")
    phone_number: str | None = text(30, "New number to call.", None)
    phone_who_calls: WHO_CALLS | Literal[""] | None = Field(None, description="Who calls whom.")
    note_for_interpreter: str | None = text(1000, "New note for the interpreter.", None)


class CancelIn(Input):
    reason: str = Field(
        min_length=1, max_length=1000, pattern=NO_NUL, description="Why the request is cancelled."
    )


class RequestOut(Schema):
    id: int = Field(description="Number of the request.")
    url: str = Field(description="Full address of the request's page in the portal.")
    status: str = Field(description="Status code: received, confirmed, waitlisted, …")
    status_label: str = Field(description="The status as the portal shows it, in your language.")
    modality: str = Field(description="Type of service.")
    billing_code: int | None = Field(description="Billing code id.")
    contact: int | None = Field(description="Contact person's id.")
    contact_name: str = Field(description="Contact person's name.")
    internal_reference: str = Field(description="Your own reference.")
    language: str | None = Field(description="Language code.")
    alt_language: str | None = Field(description="Alternative language code.")
    start: datetime | None = Field(description="Start (ISO 8601).")
    end: datetime | None = Field(description="End (ISO 8601).")
    duration_minutes: int | None = Field(description="Duration in minutes.")
    alt_start: datetime | None = Field(description="Alternative start.")
    place: int | None = Field(description="Place id.")
    onsite_contact_name: str = Field(description="Who receives the interpreter.")
    onsite_contact_phone: str = Field(description="Their phone number.")
    expected_people: int | None = Field(description="Standing shift: expected people.")
    video_link: str = Field(description="Meeting link.")
    video_link_later: bool = Field(description="The link will be sent later.")
    phone_number: str = Field(description="Number to call.")
    phone_who_calls: str = Field(description="Who calls whom.")
    note_for_interpreter: str = Field(description="Note for the interpreter.")
    urgent: bool = Field(description="Less than 48 hours' notice on site: may be hard to fill.")
    late_cancellation: bool = Field(description="Cancelled late: the service is billed.")
    submitted_at: datetime | None = Field(description="When the request was sent.")
    updated_at: datetime = Field(description="Last change.")


class RequestPage(Schema):
    count: int = Field(description="How many requests match the filters.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are.")
    results: list[RequestOut] = Field(description="The requests of this page.")


class WhyOut(Schema):
    headline: str = Field(description="Why nobody is free, in your language.")
    details: list[str] = Field(description="The reasons, one a line.")


class AlternativeOut(Schema):
    kind: Literal["alt_date", "slot", "alt_language", "remote", "waitlist"] = Field(
        description="alt_date: your alternative date; slot: a nearby free time; alt_language: "
        "your alternative language; remote: video or phone instead of on site; waitlist: wait "
        "for an interpreter."
    )
    label: str = Field(description="The alternative as the wizard words it, in your language.")
    start: datetime = Field(description="Start the alternative stands for.")
    modality: str = Field(description="Type of service it stands for.")
    language: str = Field(description="Language code it stands for.")


class AvailabilityOut(Schema):
    available: bool = Field(description="Somebody is free as asked (names are never given).")
    urgent: bool = Field(description="Less than 48 hours' notice on site: may be hard to fill.")
    why: WhyOut | None = Field(description="When nobody is free: why.")
    alternatives: list[AlternativeOut] = Field(
        description="When nobody is free: what would work instead; change the request "
        "accordingly and send it, or send it with if_unavailable=waitlist."
    )


class LanguageOut(Schema):
    code: str = Field(description="Code to use in requests.")
    name: str = Field(description="Name in your language.")


class BillingCodeOut(Schema):
    id: int = Field(description="Id to use in requests.")
    code: str = Field(description="The code.")
    label: str = Field(description="What it is for.")
    payer: str = Field(description="The institution that receives the invoices.")


class PlaceOut(Schema):
    id: int = Field(description="Id to use in requests.")
    name: str = Field(description="Name of the place.")
    street: str = Field(description="Street and number.")
    postcode: str = Field(description="Postcode.")
    commune: str = Field(description="Commune.")
    is_official: bool = Field(description="The institution's official address.")


class RequestFilters(Schema):
    """The filters of "Toutes les demandes" (All requests)."""

    status: STATUSES | None = Field(None, description="Only requests with this status.")
    type: MODALITIES | None = Field(None, description="Only this type of service.")
    language: str | None = Field(
        None, max_length=20, pattern=NO_NUL, description="Only this language code."
    )
    period: Literal["today", "upcoming", "past"] | None = Field(
        None, description="Today, upcoming or past services."
    )
    date_from: date | None = Field(None, description="Services from this day (YYYY-MM-DD).")
    date_to: date | None = Field(None, description="Services up to this day included.")
    billing_code: Id | None = Field(None, description="Only this billing code id.")
    contact: Id | None = Field(None, description="Only this contact person's id.")
    place: Id | None = Field(None, description="Only this place id.")
    q: str | None = Field(
        None,
        max_length=50,
        pattern=NO_NUL,
        description="Internal reference (part of it) or request number.",
    )
    sort: str | None = Field(
        None,
        max_length=20,
        pattern=NO_NUL,
        description="Order: start, number, type, language, billing_code, contact, duration, "
        "status, submitted, reference; a leading - for descending. Default -start.",
    )
    page: int = Field(1, ge=1, le=100000, description="Page number, 50 requests a page.")
