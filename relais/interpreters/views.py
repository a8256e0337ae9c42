from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.bookings.queries import upcoming_assignments
from relais.lib.forms import add_validation_error
from relais.notifications.ics import booking_event_ics
from relais.records.queries import recent_records, to_record

from . import queries, services
from .forms import AbsenceForm, AddLanguageForm, ProfileForm, WindowForm
from .models import Language

# --- The interpreter's own pages ------------------------------------------------


def _own_profile(user):
    """The interpreter's profile, opened on their first visit if a coordinator has not yet."""
    return queries.find_own_profile(user) or services.create_profile(user=user)


def _calendar(profile, *, window_form=None, absence_form=None) -> dict:
    return {
        "profile": profile,
        "days": queries.weekly_windows(profile),
        "absences": queries.upcoming_absences(profile),
        "window_form": window_form or WindowForm(auto_id="window_%s"),
        "absence_form": absence_form or AbsenceForm(auto_id="absence_%s"),
    }


def _render_me(request, profile, **forms):
    languages = queries.ranked_languages().filter(profile=profile)
    now = timezone.now()
    assignments = upcoming_assignments(profile, now=now)
    return render(
        request,
        "interpreters/me.html",
        {
            **_calendar(profile, **forms),
            "languages": languages,
            "assignments": assignments,
            "to_record": to_record(profile, now=now),
            "records": recent_records(profile),
        },
    )


@login_required
def my_profile(request):
    profile = _own_profile(request.user)
    return _render_me(request, profile)


def _window_saved(request, window) -> None:
    messages.success(
        request,
        _("Available on %(day)s from %(start)s to %(end)s: saved.")
        % {
            "day": window.get_weekday_display().lower(),
            "start": formats.time_format(window.start_time, "H:i"),
            "end": formats.time_format(window.end_time, "H:i"),
        },
    )


def _absence_saved(request, absence) -> None:
    messages.success(
        request,
        _("Absence from %(start)s to %(end)s: saved.")
        % {
            "start": formats.date_format(absence.starts_on, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(absence.ends_on, "SHORT_DATE_FORMAT"),
        },
    )


def _save_window(request, profile, form) -> bool:
    if not form.is_valid():
        return False
    try:
        window = services.add_window(profile=profile, **form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    _window_saved(request, window)
    return True


def _save_absence(request, profile, form) -> bool:
    if not form.is_valid():
        return False
    try:
        absence = services.add_absence(profile=profile, **form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    _absence_saved(request, absence)
    return True


@login_required
@require_POST
def add_my_window(request):
    profile = _own_profile(request.user)
    form = WindowForm(request.POST, auto_id="window_%s")
    if _save_window(request, profile, form):
        return redirect("interpreters:me")
    return _render_me(request, profile, window_form=form)


@login_required
@require_POST
def remove_my_window(request, pk):
    window = queries.get_window_for_interpreter(request.user, pk)
    services.remove_window(window=window)
    messages.success(request, _("The window %(window)s is removed.") % {"window": window})
    return redirect("interpreters:me")


@login_required
@require_POST
def add_my_absence(request):
    profile = _own_profile(request.user)
    form = AbsenceForm(request.POST, auto_id="absence_%s")
    if _save_absence(request, profile, form):
        return redirect("interpreters:me")
    return _render_me(request, profile, absence_form=form)


@login_required
@require_POST
def remove_my_absence(request, pk):
    absence = queries.get_absence_for_interpreter(request.user, pk)
    services.remove_absence(absence=absence)
    messages.success(request, _("The absence is removed."))
    return redirect("interpreters:me")


# --- Coordinators ----------------------------------------------------------------


@login_required
def interpreter_list(request):
    query = request.GET.get("q", "").strip()[:100]
    language = Language.objects.filter(
        is_active=True, code=request.GET.get("language", "")[:12]
    ).first()
    profiles = queries.profiles_for_coordinator(request.user, query=query, language=language)
    languages = Language.objects.filter(is_active=True).order_by(Language.name_field())
    return render(
        request,
        "interpreters/list.html",
        {
            "profiles": profiles,
            "without_profile": queries.interpreters_without_profile(request.user),
            "query": query,
            "language": language,
            "languages": languages,
        },
    )


@login_required
@require_POST
def open_profile(request, user_pk):
    account = queries.get_interpreter_account_for_coordinator(request.user, user_pk)
    profile = services.create_profile(user=account)
    return redirect("interpreters:detail", pk=profile.pk)


def _render_detail(request, profile, *, form=None, language_form=None, **forms):
    return render(
        request,
        "interpreters/detail.html",
        {
            **_calendar(profile, **forms),
            "form": form or ProfileForm(initial=ProfileForm.initial_for(profile)),
            "language_form": language_form
            or AddLanguageForm(profile=profile, auto_id="language_%s"),
            "languages": queries.ranked_languages().filter(profile=profile),
        },
    )


@login_required
def interpreter_detail(request, pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    if request.method != "POST":
        return _render_detail(request, profile)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.update_profile(profile=profile, **form.service_arguments())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("The profile of %(name)s is saved.") % {"name": profile.user}
            )
            return redirect("interpreters:detail", pk=profile.pk)
    profile.refresh_from_db()
    return _render_detail(request, profile, form=form)


@login_required
@require_POST
def add_language(request, pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    form = AddLanguageForm(request.POST, profile=profile, auto_id="language_%s")
    if form.is_valid():
        try:
            spoken = services.add_language(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(language)s (%(level)s) is added.")
                % {"language": spoken.language.name, "level": spoken.get_level_display()},
            )
            return redirect("interpreters:detail", pk=profile.pk)
    return _render_detail(request, profile, language_form=form)


@login_required
@require_POST
def remove_language(request, pk, language_pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    spoken = queries.get_language_of_profile_for_coordinator(request.user, profile, language_pk)
    services.remove_language(interpreter_language=spoken)
    messages.success(request, _("%(language)s is removed.") % {"language": spoken.language.name})
    return redirect("interpreters:detail", pk=profile.pk)


@login_required
@require_POST
def add_window(request, pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    form = WindowForm(request.POST, auto_id="window_%s")
    if _save_window(request, profile, form):
        return redirect("interpreters:detail", pk=profile.pk)
    return _render_detail(request, profile, window_form=form)


@login_required
@require_POST
def remove_window(request, pk, window_pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    window = queries.get_window_for_coordinator(request.user, profile, window_pk)
    services.remove_window(window=window)
    messages.success(request, _("The window %(window)s is removed.") % {"window": window})
    return redirect("interpreters:detail", pk=profile.pk)


@login_required
@require_POST
def add_absence(request, pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    form = AbsenceForm(request.POST, auto_id="absence_%s")
    if _save_absence(request, profile, form):
        return redirect("interpreters:detail", pk=profile.pk)
    return _render_detail(request, profile, absence_form=form)


@login_required
@require_POST
def remove_absence(request, pk, absence_pk):
    profile = queries.get_profile_for_coordinator(request.user, pk)
    absence = queries.get_absence_for_coordinator(request.user, profile, absence_pk)
    services.remove_absence(absence=absence)
    messages.success(request, _("The absence is removed."))
    return redirect("interpreters:detail", pk=profile.pk)


@login_required
@require_POST
def new_calendar_address(request):
    """A new private calendar address; the previous one stops working at once."""
    profile = _own_profile(request.user)
    services.new_calendar_token(profile=profile)
    messages.success(
        request, _("Your calendar has a new address; the previous one no longer works.")
    )
    return redirect("interpreters:me")


def calendar_feed(request, token):
    """The interpreter's confirmed assignments as a calendar feed (.ics), for
    their phone's calendar: no login, the secret address is the key."""
    profile = queries.profile_for_calendar(token)
    bookings = [a.booking for a in upcoming_assignments(profile, now=timezone.now())]
    content = booking_event_ics(*bookings, language=profile.user.language)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
