"""The training sessions page: members register, cancel and ask for a session
at their premises; coordinators plan sessions, see who comes and handle the
requests, on the same page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.services import is_coordinator
from relais.lib.forms import add_validation_error

from . import queries, services
from .forms import CancelSessionForm, RegisterForm, SessionForm, TrainingRequestForm


def _request_form(user, data=None) -> TrainingRequestForm:
    return TrainingRequestForm(
        data, organisations=queries.member_organisations(user), auto_id="request-%s"
    )


def _render_list(request, *, request_form=None):
    user = request.user
    now = timezone.now()
    organisations = list(queries.member_organisations(user))
    context = {"organisations": organisations, "coordinator": is_coordinator(user)}
    if organisations:
        context["sessions"] = queries.upcoming_for_member(user, now=now)
        context["request_form"] = request_form or _request_form(user)
    if context["coordinator"]:
        context["managed"] = queries.upcoming_for_coordinators(now=now)
        context["open_requests"] = queries.open_requests()
        context["handled_requests"] = queries.handled_requests()
    return render(request, "training/list.html", context)


@login_required
def session_list(request):
    return _render_list(request)


def _not_a_member(request) -> bool:
    """Interpreters and coordinators without an institution can't take part: say so."""
    if queries.member_organisations(request.user).exists():
        return False
    messages.error(request, _("The training sessions are for the members of partner institutions."))
    return True


@login_required
@require_POST
def register(request, pk):
    if _not_a_member(request):
        return redirect("training:list")
    session = queries.get_session_for_member(request.user, pk)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the institution you register for."))
        return redirect("training:list")
    try:
        services.register(
            session=session, user=request.user, organisation=form.organisation_or_none()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You are registered. The confirmation, with the calendar event, is on its way."),
        )
    return redirect("training:list")


@login_required
@require_POST
def cancel_registration(request, pk):
    registration = queries.get_registration_for_user(request.user, pk)
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled: your seat is free again."))
    return redirect("training:list")


@login_required
@require_POST
def request_session(request):
    if _not_a_member(request):
        return redirect("training:list")
    form = _request_form(request.user, request.POST)
    if form.is_valid():
        try:
            services.request_session(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                values=form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("Your request is sent: the operations team will contact you.")
            )
            return redirect("training:list")
    return _render_list(request, request_form=form)


# -- Coordinators ---------------------------------------------------------------------


@login_required
def session_new(request):
    queries.require_coordinator(request.user)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_session(by=request.user, values=form.values())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The session is planned: members can register."))
            return redirect("training:list")
    return render(request, "training/session_form.html", {"form": form, "session": None})


@login_required
def session_edit(request, pk):
    session = queries.get_session_for_coordinator(request.user, pk)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        initial=SessionForm.initial_for(session),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_session(session=session, by=request.user, values=form.values())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The session is changed."))
            return redirect("training:list")
    return render(request, "training/session_form.html", {"form": form, "session": session})


@login_required
def session_cancel(request, pk):
    session = queries.get_session_for_coordinator(request.user, pk)
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The session is cancelled; the people registered are told.")
            )
        return redirect("training:list")
    return render(
        request,
        "training/session_cancel.html",
        {"form": form, "session": session, "taken": services.taken_seats(session)},
    )


@login_required
@require_POST
def request_handled(request, pk):
    training_request = queries.get_request_for_coordinator(request.user, pk)
    try:
        services.mark_request_handled(training_request=training_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is marked as handled."))
    return redirect("training:list")
