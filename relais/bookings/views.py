from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.services import is_coordinator
from relais.interpreters.models import InterpreterProfile, Language, LanguageLevel, Modality
from relais.lib.forms import add_validation_error
from relais.lib.i18n import in_sentence
from relais.matching.alternatives import Analysis
from relais.matching.engine import BRUSSELS, Explanation, Match
from relais.matching.queries import analyse_booking

from . import queries, services
from .forms import (
    CancelForm,
    ChangeForm,
    ConfirmForm,
    DeclineForm,
    WithdrawForm,
    type_options,
)
from .models import Assignment, Booking, BookingEvent

# How many ranked candidates the queue shows per request (the request's page shows all).
QUEUE_CANDIDATES = 5
WAITLIST_LIMIT = 50


@dataclass(frozen=True)
class CandidateRow:
    """A ranked candidate as the coordinators read it."""

    rank: int
    profile: InterpreterProfile
    reasons: list[str]
    is_held: bool


@dataclass(frozen=True)
class Entry:
    """A request with what the coordinators need to decide on it."""

    booking: Booking
    assignment: Assignment | None
    candidates: list[CandidateRow]
    analysis: Analysis | None


def _minutes(minutes: int) -> str:
    return _("%(hours)d h %(minutes)02d") % {"hours": minutes // 60, "minutes": minutes % 60}


def explain(explanation: Explanation, language_names: dict[str, str]) -> str:
    """One reason of the engine, phrased in the reader's language."""
    if explanation.code == "speaks":
        return _("speaks %(language)s (%(level)s)") % {
            "language": in_sentence(language_names.get(explanation.language, explanation.language)),
            "level": in_sentence(str(LanguageLevel(explanation.level).label)),
        }
    if explanation.code == "recent_minutes":
        return _("%(time)s worked in the last 4 weeks") % {
            "time": _minutes(explanation.minutes or 0)
        }
    if not explanation.minutes:
        return _("no travel from a previous service")
    return _("%(minutes)d min travel from the previous service") % {"minutes": explanation.minutes}


def _entries(pairs: list[tuple[Booking, Analysis]], *, limit: int | None = None) -> list[Entry]:
    """Requests with their holds and ranked candidates, named: three queries
    whatever the number of requests (assignments, profiles, languages)."""
    bookings = [booking for booking, _ in pairs]
    assignments = queries.active_assignments(bookings)
    matches: dict[int, list[Match]] = {
        booking.pk: list(analysis.matches[:limit] if limit else analysis.matches)
        for booking, analysis in pairs
    }
    ids = {m.interpreter_id for ranked in matches.values() for m in ranked}
    codes = {m.language for ranked in matches.values() for m in ranked}
    profiles = InterpreterProfile.objects.select_related("user").in_bulk(ids) if ids else {}
    names = (
        {language.code: language.name for language in Language.objects.filter(code__in=codes)}
        if codes
        else {}
    )
    entries = []
    for booking, analysis in pairs:
        held = assignments.get(booking.pk)
        rows = [
            CandidateRow(
                rank=index,
                profile=profiles[match.interpreter_id],
                reasons=[explain(e, names) for e in match.explanation],
                is_held=held is not None and held.interpreter_id == match.interpreter_id,
            )
            for index, match in enumerate(matches[booking.pk], start=1)
            if match.interpreter_id in profiles
        ]
        entries.append(Entry(booking, held, rows, analysis))
    return entries


def _require_coordinator(user) -> None:
    # Non-coordinators can't tell the coordinators' pages exist.
    if not is_coordinator(user):
        raise Http404


def _change_value(field: str, value, names: dict[str, str]) -> str:
    if value in (None, ""):
        return "—"
    if field == "modality":
        return str(Modality(value).label)
    if field == "start":
        return date_format(datetime.fromisoformat(value).astimezone(BRUSSELS), "l j F Y, H:i")
    if field == "duration_minutes":
        return _minutes(value)
    if field in {"language", "alt_language"}:
        return names.get(value, value)
    return str(value)


def describe_changes(changes: dict, names: dict[str, str]) -> list[str]:
    """A change's before and after, one line per field, in the reader's language."""
    lines = []
    for field, values in changes.items():
        label = capfirst(Booking._meta.get_field(field).verbose_name)
        if values is None:
            lines.append(_("%(field)s: changed") % {"field": label})
        else:
            before, after = (_change_value(field, value, names) for value in values)
            lines.append(
                _("%(field)s: %(before)s → %(after)s")
                % {"field": label, "before": before, "after": after}
            )
    return lines


def _reason(event: BookingEvent, *, coordinator: bool) -> str:
    """Why, as the reader may know it: a withdrawal's reason is for the
    operations team only; the system's validation says it was automatic."""
    if event.action == BookingEvent.Action.WITHDRAWN and not coordinator:
        return ""
    if event.action == BookingEvent.Action.VALIDATED and event.actor is None:
        return _("Validated automatically: no answer within the delay.")
    return event.reason


def _history(booking: Booking, *, coordinator: bool) -> list[dict]:
    """The timeline, with "who" as the reader may know it: institution members
    see "the operations team", never a coordinator's or an interpreter's name."""
    rows = []
    events = list(booking.history)
    codes = {
        code
        for event in events
        for field in ("language", "alt_language")
        for code in (event.changes.get(field) or [])
        if code
    }
    names = dict(Language.objects.filter(code__in=codes).values_list("code", Language.name_field()))
    for event in events:
        if event.actor is None:
            who = _("the system")
        elif not coordinator and (
            event.actor.is_coordinator or event.actor.is_superuser or event.actor.is_interpreter
        ):
            who = _("the operations team")
        else:
            who = event.actor.get_full_name()
        rows.append(
            {
                "event": event,
                "who": who,
                "interpreter": event.interpreter if coordinator else None,
                "changes": describe_changes(event.changes, names),
                # Why an interpreter withdrew is for the operations team only.
                "reason": _reason(event, coordinator=coordinator),
            }
        )
    return rows


def _render_detail(request, booking: Booking, *, decline_form=None, analysis=None, status=200):
    coordinator = is_coordinator(request.user)
    entry = None
    if coordinator and booking.status == Booking.Status.RECEIVED:
        analysis = analysis or analyse_booking(booking, now=timezone.now())
        (entry,) = _entries([(booking, analysis)])
    assignment = queries.active_assignments([booking]).get(booking.pk)
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "entry": entry,
            "assignment": assignment,
            "history": _history(booking, coordinator=coordinator),
            "decline_form": decline_form or DeclineForm(auto_id=f"decline-{booking.pk}-%s"),
            "can_decide": coordinator
            and booking.status in {Booking.Status.RECEIVED, Booking.Status.WAITLISTED},
            "can_cancel": booking.status in services.CANCELLABLE and booking.start > timezone.now(),
        },
        status=status,
    )


@login_required
def booking_detail(request, pk):
    booking = queries.get_booking_for_user(request.user, pk)
    return _render_detail(request, booking)


@login_required
def booking_queue(request):
    _require_coordinator(request.user)
    now = timezone.now()
    paginator = Paginator(queries.received_bookings(), queries.QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    queue = queries.received_queue(now=now, offset=(page.number - 1) * queries.QUEUE_PAGE_SIZE)
    entries = _entries([(e.booking, e.analysis) for e in queue], limit=QUEUE_CANDIDATES)
    waitlisted = list(queries.waitlisted_bookings()[:WAITLIST_LIMIT])
    return render(
        request,
        "bookings/queue.html",
        {"entries": entries, "page": page, "waitlisted": waitlisted, "now": now},
    )


@login_required
@require_POST
def confirm(request, pk):
    _require_coordinator(request.user)
    booking = queries.get_booking_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    chosen = None
    if form.is_valid() and form.cleaned_data["interpreter"]:
        chosen = queries.get_interpreter_for_coordinator(
            request.user, form.cleaned_data["interpreter"]
        )
    try:
        booking = services.confirm_booking(booking=booking, by=request.user, interpreter=chosen)
    except services.NoLongerAvailable as taken:
        messages.error(
            request,
            _(
                "This interpreter is no longer available for this request: nothing was changed. "
                "Here are the candidates as they are now."
            ),
        )
        booking.refresh_from_db()
        return _render_detail(request, booking, analysis=taken.analysis, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("bookings:detail", pk=booking.pk)
    assignment = queries.active_assignments([booking]).get(booking.pk)
    messages.success(
        request,
        _("Confirmed with %(name)s: the contact person and the interpreter get an email.")
        % {"name": assignment.interpreter.user.get_full_name() if assignment else "—"},
    )
    return redirect("bookings:detail", pk=booking.pk)


@login_required
@require_POST
def decline(request, pk):
    _require_coordinator(request.user)
    booking = queries.get_booking_for_user(request.user, pk)
    form = DeclineForm(request.POST, auto_id=f"decline-{booking.pk}-%s")
    if not form.is_valid():
        return _render_detail(request, booking, decline_form=form)
    try:
        services.decline_booking(
            booking=booking, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("bookings:detail", pk=booking.pk)
    messages.success(request, _("The request is declined; the contact person is told by email."))
    return redirect("bookings:detail", pk=booking.pk)


@login_required
def cancel(request, pk):
    """Cancel a request: the page says whether it would be billed, before anything changes."""
    booking = queries.get_booking_for_user(request.user, pk)
    coordinator = is_coordinator(request.user)
    now = timezone.now()
    if booking.status not in services.CANCELLABLE or booking.start <= now:
        messages.error(request, _("This request can no longer be cancelled."))
        return redirect("bookings:detail", pk=booking.pk)
    form = CancelForm(request.POST if request.method == "POST" else None, coordinator=coordinator)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.cancel_booking(
                booking=booking,
                by=request.user,
                reason=form.cleaned_data["reason"],
                waive_charge=form.cleaned_data.get("waive_charge", False),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if booking.late_cancellation:
                messages.warning(
                    request,
                    _("The request is cancelled. The cancellation came late: it is billed."),
                )
            else:
                messages.success(request, _("The request is cancelled, free of charge."))
            return redirect("bookings:detail", pk=booking.pk)
    return render(
        request,
        "bookings/cancel.html",
        {
            "booking": booking,
            "form": form,
            "late": services.is_late_cancellation(booking, now=now),
            "deadline": services.late_cancellation_deadline(booking.start),
        },
    )


@login_required
def withdraw(request, pk):
    """An interpreter withdraws from an assignment, or a coordinator releases them."""
    assignment = queries.get_assignment_to_withdraw(request.user, pk)
    booking = assignment.booking
    coordinator = is_coordinator(request.user)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_assignment(
                booking=booking, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if coordinator:
                messages.success(
                    request,
                    _("The interpreter is released; the request looks for another one."),
                )
                return redirect("bookings:detail", pk=booking.pk)
            messages.success(
                request, _("You have withdrawn; the operations team looks for someone else.")
            )
            return redirect("interpreters:me")
    return render(
        request,
        "bookings/withdraw.html",
        {"booking": booking, "assignment": assignment, "form": form, "coordinator": coordinator},
    )


def _change_initial(booking: Booking) -> dict:
    start = booking.start.astimezone(BRUSSELS)
    return {
        "modality": booking.modality,
        "date": start.date(),
        "start_time": start.time(),
        "duration_minutes": booking.duration_minutes,
        "language": booking.language_id,
        "alt_language": booking.alt_language_id,
        "place": booking.place_id,
        "onsite_contact_name": booking.onsite_contact_name,
        "onsite_contact_phone": booking.onsite_contact_phone,
        "video_link": booking.video_link,
        "video_link_later": booking.video_link_later,
        "phone_number": booking.phone_number,
        "phone_who_calls": booking.phone_who_calls,
        "note_for_interpreter": booking.note_for_interpreter,
    }


@login_required
def change(request, pk):
    """Change a submitted request; the analysis runs again on confirmation."""
    booking = queries.get_booking_for_user(request.user, pk)
    if booking.status not in services.CANCELLABLE or booking.start <= timezone.now():
        messages.error(request, _("This request can no longer be changed."))
        return redirect("bookings:detail", pk=booking.pk)
    form = ChangeForm(
        request.POST if request.method == "POST" else None,
        booking=booking,
        initial=_change_initial(booking),
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.change_booking(
                booking=booking, by=request.user, values=form.values()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            kept = booking.history.last().interpreter is not None and (
                booking.status == Booking.Status.CONFIRMED
            )
            if booking.status == Booking.Status.WAITLISTED:
                messages.warning(
                    request,
                    _(
                        "The request is changed. Nobody is free for it as it is now: it "
                        "waits on the waiting list."
                    ),
                )
            elif kept:
                messages.success(request, _("The request is changed; the interpreter keeps it."))
            else:
                messages.success(
                    request,
                    _("The request is changed; the operations team confirms it again soon."),
                )
            return redirect("bookings:detail", pk=booking.pk)
    return render(
        request,
        "bookings/change.html",
        {"booking": booking, "form": form, "options": type_options(form)},
    )
