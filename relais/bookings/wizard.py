"""The request wizard ("Nouvelle demande"): a draft ``Booking`` filled step by step.

Each step saves what it asks onto the draft, so the requester can leave and
come back. A step is complete when ``Booking.clean`` has nothing to say about
its fields; the wizard shows the first incomplete step, and once all are
complete, the availability analysis, then the summary. What a step offers by
default (the only billing code, the requester as contact person, the official
address) is the form's initial value: the draft holds only what was saved.

Drafts are the requester's own: nobody else sees them (``get_draft``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from relais.interpreters.models import Modality
from relais.matching.alternatives import (
    ALT_DATE,
    ALT_LANGUAGE,
    REMOTE_MODALITY,
    SLOT,
    Alternative,
    default_opening,
)
from relais.organisations.models import Membership, Organisation, Place

from .models import AT_A_PLACE, Booking, BookingSeries
from .recurrence import Occurrences, occurrences

# On-site work asked with less notice than this may be hard to fill (DESIGN.md,
# rules of the trade): allowed, with a warning.
URGENT_NOTICE = timedelta(hours=48)


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    fields: tuple[str, ...]


TYPE_FIELDS = ("modality",)
WHO_FIELDS = ("billing_code", "contact", "internal_reference")
LANGUAGE_FIELDS = ("language", "alt_language")
WHEN_FIELDS = ("start", "duration_minutes", "alt_start")
PLACE_FIELDS = ("place", "onsite_contact_name", "onsite_contact_phone", "expected_people")
VIDEO_FIELDS = ("video_link", "video_link_later")
PHONE_FIELDS = ("phone_number", "phone_who_calls")
DETAILS_FIELDS = (*PLACE_FIELDS, *VIDEO_FIELDS, *PHONE_FIELDS, "note_for_interpreter")

STEPS = (
    Step("type", _("Type of service"), TYPE_FIELDS),
    Step("who", _("Billing code and contact"), WHO_FIELDS),
    Step("language", _("Language"), LANGUAGE_FIELDS),
    Step("when", _("Date and time"), WHEN_FIELDS),
    Step("details", _("Practical details"), DETAILS_FIELDS),
)
STEP_KEYS = tuple(step.key for step in STEPS)
DETAILS_TITLES = {
    Modality.ON_SITE: _("Place of service"),
    Modality.PERMANENCE: _("Place of the shift"),
    Modality.VIDEO: _("Video meeting"),
    Modality.PHONE: _("Phone call"),
}
# What the wizard never lets the requester change, so never validates per step.
_NOT_ASKED = ["organisation", "created_by", "status", "idempotency_key", "series", "created_at"]


def step_title(step: Step, booking: Booking) -> Promise:
    return DETAILS_TITLES[booking.modality] if step.key == "details" else step.title


def drafts_for_user(user):
    """The person's drafts, most recently changed first."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return (
        Booking.objects.filter(
            created_by=user,
            status=Booking.Status.DRAFT,
            organisation__memberships__user=user,
            organisation__memberships__is_active=True,
        )
        .select_related("organisation", "language")
        .order_by("-updated_at")
    )


def get_draft(user, pk) -> Booking:
    try:
        return drafts_for_user(user).select_related("place", "series", "billing_code").get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organisations_for_requester(user):
    """The institutions this person may request an interpreter for."""
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True
    ).order_by("name")


def draft_errors(booking: Booking) -> dict[str, list[str]]:
    """What ``Booking.clean`` and the fields' validation still object to, per field."""
    try:
        booking.full_clean(exclude=_NOT_ASKED, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


def series_occurrences(booking: Booking) -> Occurrences | None:
    series = booking.series
    if series is None or booking.start is None:
        return None
    return occurrences(booking.start, series.frequency, series.until, default_opening())


def incomplete_steps(booking: Booking, errors: dict | None = None) -> list[Step]:
    errors = draft_errors(booking) if errors is None else errors
    return [step for step in STEPS if any(field in errors for field in step.fields)]


def next_step(booking: Booking) -> Step | None:
    """The first step still to fill in; None when the draft is ready for the analysis."""
    missing = incomplete_steps(booking)
    return missing[0] if missing else None


def step_by_key(key: str) -> Step:
    for step in STEPS:
        if step.key == key:
            return step
    raise Http404


def is_urgent(booking: Booking, *, now: datetime) -> bool:
    return (
        booking.is_at_a_place
        and booking.start is not None
        and booking.start - now < (URGENT_NOTICE)
    )


def start_draft(*, organisation: Organisation, modality: str, by) -> Booking:
    """A new draft of the institution, of the given type, written by ``by``."""
    if not Membership.objects.filter(user=by, organisation=organisation, is_active=True).exists():
        raise ValidationError(_("You are not a member of this institution."))
    booking = Booking(organisation=organisation, created_by=by, modality=modality)
    # Only the type is known yet: the request's own rules apply step by step.
    booking.clean_fields(exclude=[f.name for f in Booking._meta.fields if f.name != "modality"])
    booking.save()
    return booking


def _forget_what_the_type_excludes(booking: Booking) -> list[str]:
    """Clear the details a new type of service doesn't use; the fields changed."""
    cleared = []
    defaults = {
        "place": None,
        "onsite_contact_name": "",
        "onsite_contact_phone": "",
        "expected_people": None,
        "video_link": "",
        "video_link_later": False,
        "phone_number": "",
        "phone_who_calls": "",
    }
    keep = set()
    if booking.modality in AT_A_PLACE:
        keep |= {"place", "onsite_contact_name", "onsite_contact_phone"}
    if booking.modality == Modality.PERMANENCE:
        keep.add("expected_people")
    if booking.modality == Modality.VIDEO:
        keep |= set(VIDEO_FIELDS)
    if booking.modality == Modality.PHONE:
        keep |= set(PHONE_FIELDS)
    for field, empty in defaults.items():
        if field not in keep and getattr(booking, field) != empty:
            setattr(booking, field, empty)
            cleared.append(field)
    return cleared


@transaction.atomic
def save_step(booking: Booking, step: Step, values: dict, *, series: dict | None = None) -> None:
    """Write a step's values onto the draft if the request rules accept them.

    Raises ValidationError with the errors of this step's fields, changing
    nothing; errors of other steps (still to fill in) don't stop it.
    ``series`` is the "when" step's recurrence: ``{"frequency", "until"}``,
    empty for a one-off.
    """
    changed = set(values)
    for field, value in values.items():
        setattr(booking, field, value)
    if step.key == "type":
        changed |= set(_forget_what_the_type_excludes(booking))
    errors = {
        field: messages
        for field, messages in draft_errors(booking).items()
        if field in step.fields or field == "__all__"
    }
    if errors:
        raise ValidationError(errors)
    old_series = booking.series
    if step.key == "type" and booking.modality != Modality.PERMANENCE and old_series:
        booking.series = None
        changed.add("series")
    if step.key == "when" and series is not None:
        if series:
            current = old_series or BookingSeries(organisation=booking.organisation)
            current.frequency, current.until = series["frequency"], series["until"]
            current.full_clean(exclude=["organisation"])
            current.save()
            booking.series = current
            # One alternative date for every occurrence would mean nothing.
            booking.alt_start = None
        else:
            booking.series = None
        changed |= {"series", "alt_start"}
    booking.save(update_fields=[*sorted(changed), "updated_at"])
    if old_series is not None and booking.series_id != old_series.pk:
        old_series.delete()


def save_new_place(booking: Booking, place: Place) -> Place:
    """A new place of service added from the wizard becomes one of the institution's."""
    place.organisation = booking.organisation
    place.full_clean()
    place.save()
    return place


def apply_alternative(booking: Booking, alternative: Alternative) -> bool:
    """Change the draft as the picked alternative says (one thing each, as
    ``matching.alternatives`` promises). Returns whether the draft is complete
    afterwards (a phone call instead of a visit needs a number)."""
    changed = []
    if alternative.kind in {ALT_DATE, SLOT}:
        booking.start = alternative.start
        changed.append("start")
        if alternative.kind == ALT_DATE or booking.alt_start == alternative.start:
            booking.alt_start = None
            changed.append("alt_start")
    elif alternative.kind == ALT_LANGUAGE:
        booking.language, booking.alt_language = booking.alt_language, booking.language
        changed += ["language", "alt_language"]
    elif alternative.kind == REMOTE_MODALITY:
        booking.modality = alternative.modality
        changed.append("modality")
        changed += _forget_what_the_type_excludes(booking)
        if booking.modality == Modality.VIDEO:
            booking.video_link_later = True
            changed.append("video_link_later")
    booking.save(update_fields=[*sorted(set(changed)), "updated_at"])
    return next_step(booking) is None
