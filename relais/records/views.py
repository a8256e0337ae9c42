"""The records' pages: the interpreter records a service (made for a phone),
the institution's Validation tab, and the coordinators' contests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.services import is_coordinator
from relais.interpreters.models import Modality
from relais.lib.forms import add_validation_error
from relais.matching.engine import BRUSSELS

from . import queries, services, tasks
from .forms import ContestForm, CorrectForm, RecordForm, ResolveForm
from .models import ServiceRecord


def _day(booking):
    return booking.start.astimezone(BRUSSELS).date()


def _record_initial(record: ServiceRecord | None, booking) -> dict:
    if record is None:
        start, end = booking.start.astimezone(BRUSSELS), booking.end.astimezone(BRUSSELS)
        return {"outcome": "performed", "started_at": start.time(), "ended_at": end.time()}

    def wall(value):
        return value.astimezone(BRUSSELS).time() if value else None

    return {
        "outcome": record.outcome,
        "not_performed_reason": record.not_performed_reason,
        "arrived_at": wall(record.arrived_at),
        "started_at": wall(record.started_at),
        "ended_at": wall(record.ended_at),
        "services_count": record.services_count,
        "comments": record.comments,
    }


@login_required
def record_service(request, booking_pk):
    """The interpreter records a service: save as a draft, or submit it."""
    booking = queries.get_service_to_record(request.user, booking_pk)
    record = ServiceRecord.objects.filter(booking=booking).first()
    if record is not None and record.status != ServiceRecord.Status.DRAFT:
        messages.info(request, _("This record is submitted: it can no longer be changed."))
        return redirect("interpreters:me")
    form = RecordForm(
        request.POST if request.method == "POST" else None,
        initial=_record_initial(record, booking),
        day=_day(booking),
        permanence=booking.modality == Modality.PERMANENCE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.save_record(booking=booking, by=request.user, values=form.values())
            if "submit" in request.POST:
                services.submit_record(record=record, by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if "submit" in request.POST:
                messages.success(
                    request, _("Recorded and sent: the institution is asked to validate it.")
                )
            else:
                messages.success(request, _("Saved as a draft: submit it when it is complete."))
            return redirect("interpreters:me")
    return render(request, "records/record.html", {"booking": booking, "form": form})


@login_required
def validation(request):
    """The Validation tab: the records awaiting the institution's answer."""
    if not request.user.memberships.filter(is_active=True).exists():
        raise Http404
    return render(
        request,
        "records/validation.html",
        {"records": queries.awaiting_answer(request.user), "now": timezone.now()},
    )


@login_required
@require_POST
def validate(request, pk):
    record = queries.get_record_to_answer(request.user, pk)
    try:
        services.validate_record(record=record, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Validated: the service goes to invoicing."))
    return redirect("records:validation")


@login_required
def contest(request, pk):
    record = queries.get_record_to_answer(request.user, pk)
    booking = record.booking
    form = ContestForm(
        request.POST if request.method == "POST" else None,
        day=_day(booking),
        permanence=booking.modality == Modality.PERMANENCE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_record(
                record=record,
                by=request.user,
                reason=form.cleaned_data["reason"],
                proposed=form.proposed(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("Contested: the operations team settles it and tells you both.")
            )
            return redirect("records:validation")
    return render(request, "records/contest.html", {"record": record, "form": form})


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise Http404


@login_required
def contests(request):
    """The coordinators' queue of contested records, and the services not recorded."""
    _require_coordinator(request.user)
    entries = [
        (record, ResolveForm(day=_day(record.booking), auto_id=f"resolve-{record.pk}-%s"))
        for record in queries.contested()
    ]
    return render(
        request,
        "records/contests.html",
        {"entries": entries, "missing": tasks.missing_records()},
    )


@login_required
@require_POST
def resolve(request, pk):
    _require_coordinator(request.user)
    try:
        record = queries.contested().get(pk=pk)
    except (ServiceRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    form = ResolveForm(request.POST, day=_day(record.booking), auto_id=f"resolve-{record.pk}-%s")
    if form.is_valid():
        try:
            services.resolve_contest(
                record=record,
                by=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                values=form.values(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Settled and validated; both parties are told."))
        return redirect("records:contests")
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("records:contests")


@login_required
def to_invoice(request):
    """ "À facturer": what the invoicing will bill, with the billable durations."""
    _require_coordinator(request.user)
    records, cancellations = queries.to_invoice()
    return render(
        request,
        "records/to_invoice.html",
        {"records": records[:500], "cancellations": cancellations[:500]},
    )


@login_required
def correct(request, pk):
    """A coordinator corrects a validated record, with a reason kept in the history."""
    _require_coordinator(request.user)
    records, _cancellations = queries.to_invoice()
    try:
        record = records.get(pk=pk)
    except (ServiceRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

    def wall(value):
        return value.astimezone(BRUSSELS).time() if value else None

    form = CorrectForm(
        request.POST if request.method == "POST" else None,
        day=_day(record.booking),
        initial={
            "started_at": wall(record.started_at),
            "ended_at": wall(record.ended_at),
            "services_count": record.services_count,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_record(
                record=record,
                by=request.user,
                values=form.values(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The record is corrected."))
            return redirect("records:to_invoice")
    return render(request, "records/correct.html", {"record": record, "form": form})
