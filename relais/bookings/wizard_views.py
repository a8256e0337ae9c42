"""The pages of the request wizard ("Nouvelle demande"): start, steps,
availability analysis, summary and confirmation.

Each step is a plain form posted to its own URL; with htmx the page swaps only
the wizard's panel (``hx-select``) and follows the redirect to the next step,
without it the same forms work as ordinary posts. Nothing about the request
is decided here: ``wizard.py`` edits the draft, ``services.py`` submits it.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from relais.interpreters.models import Language, Modality
from relais.lib.forms import add_validation_error
from relais.lib.i18n import in_sentence
from relais.matching.alternatives import (
    ALT_DATE,
    ALT_LANGUAGE,
    REMOTE_MODALITY,
    SLOT,
    WAITLIST,
    Alternative,
    Analysis,
    WhyNot,
    default_opening,
)
from relais.matching.engine import BRUSSELS, rank
from relais.matching.queries import analyse_booking, demand_for_booking, load_candidates
from relais.organisations.forms import PlaceForm
from relais.organisations.models import Place
from relais.organisations.services import save_place

from . import services, wizard
from .forms import (
    NEW_PLACE,
    AlternativeForm,
    LanguageForm,
    PhoneForm,
    PlaceChoiceForm,
    StartForm,
    TypeForm,
    VideoForm,
    WhenForm,
    WhoForm,
    type_options,
)
from .models import AT_A_PLACE, Booking
from .recurrence import MAX_OCCURRENCES

HOLD, WAITING = "hold", "waitlist"


def _organisations(user):
    organisations = wizard.organisations_for_requester(user)
    if not organisations.exists():
        # Only members of an institution request interpreters.
        raise Http404
    return organisations


@login_required
def new_request(request):
    """ "Nouvelle demande": the type of service (and institution), and the drafts to finish."""
    organisations = _organisations(request.user)
    form = StartForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            booking = wizard.start_draft(
                organisation=form.cleaned_data["organisation"],
                modality=form.cleaned_data["modality"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("bookings:step", pk=booking.pk, step=wizard.STEP_KEYS[1])
    return render(
        request,
        "bookings/wizard_start.html",
        {
            "form": form,
            "options": type_options(form),
            "drafts": wizard.drafts_for_user(request.user)[:20],
        },
    )


def _step_url(booking: Booking, step: wizard.Step | None) -> str:
    if step is None:
        return reverse("bookings:analysis", kwargs={"pk": booking.pk})
    return reverse("bookings:step", kwargs={"pk": booking.pk, "step": step.key})


@login_required
def resume(request, pk):
    booking = wizard.get_draft(request.user, pk)
    return redirect(_step_url(booking, wizard.next_step(booking)))


def _local(instant: datetime | None):
    return instant.astimezone(BRUSSELS) if instant else None


def _initial(step: wizard.Step, booking: Booking, user) -> dict:
    """What a step's form shows: the draft's values, else the defaults the
    requester most likely wants (the only code, themselves, the official address)."""
    if step.key == "type":
        return {"modality": booking.modality}
    if step.key == "who":
        codes = list(booking.organisation.billing_codes.filter(is_active=True)[:2])
        return {
            "billing_code": booking.billing_code_id or (codes[0].pk if len(codes) == 1 else None),
            "contact": booking.contact_id or user.pk,
            "internal_reference": booking.internal_reference,
        }
    if step.key == "language":
        return {"language": booking.language_id, "alt_language": booking.alt_language_id}
    if step.key == "when":
        start, alt = _local(booking.start), _local(booking.alt_start)
        default = 180 if booking.modality == Modality.PERMANENCE else 60
        return {
            "date": start.date() if start else None,
            "start_time": start.time() if start else None,
            "duration_minutes": booking.duration_minutes or default,
            "alt_date": alt.date() if alt else None,
            "alt_time": alt.time() if alt else None,
            "repeat": booking.series.frequency if booking.series else "",
            "repeat_until": booking.series.until if booking.series else None,
        }
    official = booking.organisation.official_place
    return {
        "place": booking.place_id or (official.pk if official else None),
        "onsite_contact_name": booking.onsite_contact_name,
        "onsite_contact_phone": booking.onsite_contact_phone,
        "expected_people": booking.expected_people,
        "video_link": booking.video_link,
        "video_link_later": booking.video_link_later,
        "phone_number": booking.phone_number,
        "phone_who_calls": booking.phone_who_calls,
        "note_for_interpreter": booking.note_for_interpreter,
    }


def _places(booking: Booking) -> list[Place]:
    return list(booking.organisation.places.filter(is_active=True))


def _forms(step: wizard.Step, booking: Booking, user, data=None):
    """The step's form, and for a place of service the inline "new place" form."""
    kwargs = {"data": data, "initial": _initial(step, booking, user)}
    if step.key == "type":
        return TypeForm(**kwargs), None
    if step.key == "who":
        return WhoForm(organisation=booking.organisation, **kwargs), None
    if step.key == "language":
        return LanguageForm(**kwargs), None
    if step.key == "when":
        return WhenForm(recurring=booking.modality == Modality.PERMANENCE, **kwargs), None
    if booking.modality == Modality.VIDEO:
        return VideoForm(**kwargs), None
    if booking.modality == Modality.PHONE:
        return PhoneForm(**kwargs), None
    form = PlaceChoiceForm(
        places=_places(booking), permanence=booking.modality == Modality.PERMANENCE, **kwargs
    )
    place_form = PlaceForm(
        data if data and data.get("place") == NEW_PLACE else None,
        prefix="new",
        instance=Place(organisation=booking.organisation),
    )
    return form, place_form


def _values(step: wizard.Step, booking: Booking, cleaned: dict) -> dict:
    if step.key == "type":
        return {"modality": cleaned["modality"]}
    if step.key in {"who", "language"}:
        return {field: cleaned[field] for field in step.fields}
    if step.key == "when":
        return {field: cleaned[field] for field in wizard.WHEN_FIELDS}
    values = {"note_for_interpreter": cleaned["note_for_interpreter"]}
    if booking.modality == Modality.VIDEO:
        link = cleaned["video_link"]
        values |= {"video_link": link, "video_link_later": not link and cleaned["video_link_later"]}
    elif booking.modality == Modality.PHONE:
        values |= {field: cleaned[field] for field in wizard.PHONE_FIELDS}
    else:
        values |= {
            "onsite_contact_name": cleaned["onsite_contact_name"],
            "onsite_contact_phone": cleaned["onsite_contact_phone"],
            "expected_people": cleaned.get("expected_people"),
        }
    return values


def _save(step, booking, form, place_form) -> None:
    """Save the step; a new place is added in the same transaction, so a refused
    step leaves no stray place behind."""
    values = _values(step, booking, form.cleaned_data)
    series = None
    if step.key == "when" and "repeat" in form.cleaned_data:
        repeat = form.cleaned_data["repeat"]
        series = {"frequency": repeat, "until": form.cleaned_data["repeat_until"]} if repeat else {}
    with transaction.atomic():
        if step.key == "details" and booking.modality in AT_A_PLACE:
            choice = form.cleaned_data["place"]
            if choice == NEW_PLACE:
                values["place"] = save_place(
                    place=Place(organisation=booking.organisation), **place_form.cleaned_data
                )
            else:
                values["place"] = Place.objects.get(
                    pk=choice, organisation=booking.organisation, is_active=True
                )
        wizard.save_step(booking, step, values, series=series)


def _stepper(booking: Booking, current: str | None) -> list[dict]:
    incomplete = {step.key for step in wizard.incomplete_steps(booking)}
    return [
        {
            "key": step.key,
            "number": number,
            "title": wizard.step_title(step, booking),
            "done": step.key not in incomplete,
            "current": step.key == current,
        }
        for number, step in enumerate(wizard.STEPS, start=1)
    ]


@login_required
def step(request, pk, step):
    booking = wizard.get_draft(request.user, pk)
    current = wizard.step_by_key(step)
    data = request.POST if request.method == "POST" else None
    form, place_form = _forms(current, booking, request.user, data)
    if data is not None:
        valid = form.is_valid()
        if valid and form.cleaned_data.get("place") == NEW_PLACE and not place_form.is_valid():
            valid = False
            form.add_error("place", _("Complete the details of the new place below."))
        if valid:
            try:
                _save(current, booking, form, place_form)
            except ValidationError as error:
                add_validation_error(form, error)
                booking = wizard.get_draft(request.user, pk)  # as saved, for the stepper
            else:
                following = wizard.next_step(booking)
                if following is None and request.headers.get("HX-Request"):
                    # The analysis is a page of its own, not a step: htmx loads it whole.
                    return HttpResponse(headers={"HX-Redirect": _step_url(booking, None)})
                return redirect(_step_url(booking, following))
    opening = default_opening()
    return render(
        request,
        "bookings/wizard.html",
        {
            "booking": booking,
            "step": current,
            "number": wizard.STEP_KEYS.index(current.key) + 1,
            "step_title": wizard.step_title(current, booking),
            "stepper": _stepper(booking, current.key),
            "form": form,
            "place_form": place_form,
            "options": type_options(form) if current.key == "type" else None,
            "opens": opening.start.strftime("%H:%M"),
            "closes": opening.end.strftime("%H:%M"),
            "max_occurrences": MAX_OCCURRENCES,
        },
    )


@login_required
@require_POST
def discard(request, pk):
    booking = wizard.get_draft(request.user, pk)
    series = booking.series
    booking.delete()
    if series is not None:
        series.delete()
    messages.success(request, _("The draft is deleted."))
    return redirect("bookings:new")


# -- The availability analysis -------------------------------------------------


def alternative_key(alternative: Alternative) -> str:
    """An alternative as the page posts it back; the view accepts it only if
    a fresh analysis offers the very same one."""
    return "|".join(
        (
            alternative.kind,
            alternative.start.isoformat(),
            alternative.modality,
            alternative.language,
        )
    )


def _names(*codes) -> dict[str, str]:
    return {language.code: language.name for language in Language.objects.filter(code__in=codes)}


def _span(start: datetime, end: datetime) -> str:
    start, end = _local(start), _local(end)
    return _("%(start)s to %(end)s") % {
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def why_lines(why: WhyNot, language_name: str) -> tuple[str, list[str]]:
    """Why nobody can take the request, as a headline and its details
    ("3 interpreters speak Tigrinya; all are booked from 9:00 to 11:00")."""
    count = why.speakers
    if not count:
        return _("None of our interpreters speaks %(language)s.") % {"language": language_name}, []
    params = {"count": count, "language": language_name}
    if why.booked == count and why.booked_from:
        headline = ngettext(
            "%(count)d interpreter speaks %(language)s; they are booked from %(span)s.",
            "%(count)d interpreters speak %(language)s; all are booked from %(span)s.",
            count,
        ) % (params | {"span": _span(why.booked_from, why.booked_until)})
        return headline, []
    headline = (
        ngettext(
            "%(count)d interpreter speaks %(language)s, but is not free as asked:",
            "%(count)d interpreters speak %(language)s, but none is free as asked:",
            count,
        )
        % params
    )
    details = []
    if why.booked:
        details.append(
            ngettext(
                "%(count)d is booked from %(span)s",
                "%(count)d are booked from %(span)s",
                why.booked,
            )
            % {"count": why.booked, "span": _span(why.booked_from, why.booked_until)}
        )
    phrases = {
        "window": lambda n: ngettext(
            "%(count)d does not work at that time", "%(count)d do not work at that time", n
        ),
        "absence": lambda n: ngettext(
            "%(count)d is absent that day", "%(count)d are absent that day", n
        ),
        "modality": lambda n: ngettext(
            "%(count)d does not do this type of service",
            "%(count)d do not do this type of service",
            n,
        ),
        "commune": lambda n: ngettext(
            "%(count)d does not travel to this commune",
            "%(count)d do not travel to this commune",
            n,
        ),
        "max_hours": lambda n: ngettext(
            "%(count)d has no hours left that day", "%(count)d have no hours left that day", n
        ),
    }
    for code, phrase in phrases.items():
        if why.refused.get(code):
            details.append(phrase(why.refused[code]) % {"count": why.refused[code]})
    return headline, details


def _when(start: datetime, booking: Booking) -> str:
    local, end = _local(start), _local(start + (booking.end - booking.start))
    return f"{_date(local)}, {local:%H:%M}\N{EN DASH}{end:%H:%M}"


def _date(local: datetime) -> str:
    return date_format(local, "l j F Y")


def alternative_label(alternative: Alternative, booking: Booking, names: dict) -> str:
    if alternative.kind == ALT_DATE:
        return _("Your alternative date: %(when)s") % {"when": _when(alternative.start, booking)}
    if alternative.kind == SLOT:
        return _when(alternative.start, booking)
    if alternative.kind == ALT_LANGUAGE:
        return _("In %(language)s, your alternative language, at the time asked") % {
            "language": in_sentence(names.get(alternative.language, alternative.language))
        }
    if alternative.kind == REMOTE_MODALITY:
        if alternative.modality == Modality.VIDEO:
            return _("By video conference instead of on site, at the time asked")
        return _("By phone instead of on site, at the time asked")
    return _("Continue without an interpreter: the request waits on the waiting list")


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    kind: str


def _choices(analysis: Analysis, booking: Booking) -> list[Choice]:
    names = _names(*(a.language for a in analysis.alternatives))
    return [
        Choice(alternative_key(a), alternative_label(a, booking, names), a.kind)
        for a in analysis.alternatives
    ]


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime
    available: bool


def series_availability(booking: Booking, *, now: datetime) -> list[Occurrence]:
    """Each occurrence of a series, with whether somebody is free for it: one
    bounded candidate load per occurrence (at most 52)."""
    planned = wizard.series_occurrences(booking)
    base = replace(demand_for_booking(booking), alt_start=None)
    rows = []
    for start in planned.starts:
        demand = replace(base, start=start)
        matches = rank(load_candidates(demand, now=now), demand)
        rows.append(
            Occurrence(start, start + base.duration, any(match.primary for match in matches))
        )
    return rows


def _render_analysis(request, booking, *, analysis=None, form=None, status=200):
    now = timezone.now()
    context = {
        "booking": booking,
        "stepper": _stepper(booking, None),
        "urgent": wizard.is_urgent(booking, now=now),
        "form": form or AlternativeForm(),
    }
    if booking.series_id:
        context["occurrences"] = series_availability(booking, now=now)
        context["skipped"] = wizard.series_occurrences(booking).skipped
    else:
        analysis = analysis or analyse_booking(booking, now=now)
        context["analysis"] = analysis
        if not analysis.available:
            context["why"] = why_lines(analysis.why, in_sentence(booking.language.name))
            context["choices"] = _choices(analysis, booking)
    return render(request, "bookings/wizard_analysis.html", context, status=status)


@login_required
def analysis(request, pk):
    """ "Suivant": is somebody free as asked, and if not, why and what instead."""
    booking = wizard.get_draft(request.user, pk)
    missing = wizard.next_step(booking)
    if missing is not None:
        return redirect(_step_url(booking, missing))
    if request.method != "POST":
        return _render_analysis(request, booking)
    form = AlternativeForm(request.POST)
    if not form.is_valid():
        return _render_analysis(request, booking, form=form)
    fresh = analyse_booking(booking, now=timezone.now())
    picked = next(
        (a for a in fresh.alternatives if alternative_key(a) == form.cleaned_data["choice"]),
        None,
    )
    if picked is None:
        form.add_error(
            "choice",
            _("This possibility is no longer offered: choose among those shown now."),
        )
        return _render_analysis(request, booking, analysis=fresh, form=form)
    if picked.kind == WAITLIST:
        return redirect(f"{reverse('bookings:summary', kwargs={'pk': pk})}?mode={WAITING}")
    if not wizard.apply_alternative(booking, picked):
        messages.info(request, _("Complete the details of the call, then continue."))
        return redirect(_step_url(booking, wizard.next_step(booking)))
    return redirect("bookings:summary", pk=pk)


# -- Summary and confirmation --------------------------------------------------


def _own_booking(user, pk) -> Booking:
    """The requester's draft, or the request it became (a second click on "confirm")."""
    try:
        return (
            Booking.objects.filter(
                created_by=user,
                organisation__memberships__user=user,
                organisation__memberships__is_active=True,
            )
            .select_related("organisation", "language", "place", "series", "billing_code")
            .get(pk=pk)
        )
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@login_required
def summary(request, pk):
    """Everything entered, what will happen, and "Confirm"."""
    booking = _own_booking(request.user, pk)
    if booking.status != Booking.Status.DRAFT:
        messages.info(request, _("This request was already sent."))
        first = booking.series.bookings.order_by("start").first() if booking.series_id else None
        return redirect("bookings:detail", pk=(first or booking).pk)
    missing = wizard.next_step(booking)
    if missing is not None:
        return redirect(_step_url(booking, missing))
    mode = (request.POST if request.method == "POST" else request.GET).get("mode", HOLD)
    if mode not in {HOLD, WAITING}:
        messages.error(
            request, _("This page was out of date: check the request and confirm again.")
        )
        return redirect("bookings:summary", pk=pk)
    now = timezone.now()
    if request.method == "POST":
        return _submit(request, booking, mode, now=now)
    context = {
        "booking": booking,
        "stepper": _stepper(booking, None),
        "mode": mode,
        "urgent": wizard.is_urgent(booking, now=now),
    }
    if booking.series_id:
        context["occurrences"] = series_availability(booking, now=now)
        context["skipped"] = wizard.series_occurrences(booking).skipped
    elif mode == HOLD and not analyse_booking(booking, now=now).available:
        return redirect("bookings:analysis", pk=pk)
    return render(request, "bookings/wizard_summary.html", context)


def _submit(request, booking: Booking, mode: str, *, now: datetime):
    try:
        if booking.series_id:
            submitted = services.submit_series(draft=booking, by=request.user, now=now)
            first = submitted[0]
        elif mode == WAITING:
            first = services.waitlist_booking(booking=booking, by=request.user, now=now)
        else:
            first = services.submit_booking(booking=booking, by=request.user, now=now)
    except services.NoLongerAvailable as taken:
        messages.error(
            request,
            _(
                "Meanwhile the last interpreter free for this request was booked: nothing "
                "was sent. Here are the possibilities as they are now."
            ),
        )
        booking = wizard.get_draft(request.user, booking.pk)
        return _render_analysis(request, booking, analysis=taken.analysis, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("bookings:resume", pk=booking.pk)
    if first.status == Booking.Status.WAITLISTED and not booking.series_id:
        messages.success(
            request,
            _(
                "Your request is on the waiting list. We sent an acknowledgement to "
                "%(email)s and will tell you when an interpreter becomes free."
            )
            % {"email": first.contact.email},
        )
    else:
        messages.success(
            request,
            _(
                "Your request is sent. We sent an acknowledgement to %(email)s; the "
                "operations team checks it and confirms it soon."
            )
            % {"email": first.contact.email},
        )
    return redirect("bookings:detail", pk=first.pk)
