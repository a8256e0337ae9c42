"""Scoped reads: every interpreter object a view loads comes through here.

An interpreter sees their own profile, windows and absences; coordinators see
everyone's. Anything else is a 404: nobody can tell whether another
interpreter's window or absence exists.
"""

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from relais.accounts.models import User
from relais.accounts.services import is_coordinator

from .models import (
    Absence,
    AvailabilityWindow,
    InterpreterLanguage,
    InterpreterProfile,
    Language,
    LanguageLevel,
)


def is_interpreter(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_interpreter


def find_own_profile(user) -> InterpreterProfile | None:
    """The profile of this interpreter, None if not opened yet; 404 for anyone else."""
    if not is_interpreter(user):
        raise Http404
    return InterpreterProfile.objects.filter(user=user).select_related("user").first()


def get_profile_for_user(user) -> InterpreterProfile:
    """The interpreter's own profile; 404 for anyone else."""
    profile = find_own_profile(user)
    if profile is None:
        raise Http404
    return profile


def get_window_for_interpreter(user, pk) -> AvailabilityWindow:
    profile = get_profile_for_user(user)
    try:
        return profile.windows.get(pk=pk)
    except (AvailabilityWindow.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_absence_for_interpreter(user, pk) -> Absence:
    profile = get_profile_for_user(user)
    try:
        return profile.absences.get(pk=pk)
    except (Absence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def languages_of(profiles: QuerySet[InterpreterProfile]) -> QuerySet[InterpreterProfile]:
    """Profiles with their languages, best level first, in two queries whatever their number."""
    return profiles.prefetch_related(Prefetch("languages", queryset=ranked_languages()))


def ranked_languages() -> QuerySet[InterpreterLanguage]:
    """Languages of interpreters, native first, then fluent, then working knowledge."""
    rank = Case(
        *(When(level=level, then=Value(index)) for index, level in enumerate(LanguageLevel)),
        output_field=IntegerField(),
    )
    return (
        InterpreterLanguage.objects.select_related("language")
        .alias(rank=rank)
        .order_by("rank", "language__name_en")
    )


def profiles_for_coordinator(user, *, query: str = "", language: Language | None = None):
    if not is_coordinator(user):
        raise Http404
    profiles = InterpreterProfile.objects.select_related("user")
    if query:
        profiles = profiles.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    if language is not None:
        profiles = profiles.filter(languages__language=language)
    return languages_of(profiles).order_by("user__full_name", "user__email")


def interpreters_without_profile(user):
    """Interpreter accounts whose profile nobody has opened yet (a coordinator's to-do)."""
    if not is_coordinator(user):
        raise Http404
    return User.objects.filter(
        is_interpreter=True, is_active=True, interpreter_profile__isnull=True
    ).order_by("full_name", "email")


def get_profile_for_coordinator(user, pk) -> InterpreterProfile:
    if not is_coordinator(user):
        raise Http404
    try:
        return InterpreterProfile.objects.select_related("user").get(pk=pk)
    except (InterpreterProfile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_interpreter_account_for_coordinator(user, pk):
    """An interpreter's account, to open their profile."""
    if not is_coordinator(user):
        raise Http404
    try:
        return User.objects.get(pk=pk, is_interpreter=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_window_for_coordinator(user, profile: InterpreterProfile, pk) -> AvailabilityWindow:
    if not is_coordinator(user):
        raise Http404
    try:
        return profile.windows.get(pk=pk)
    except (AvailabilityWindow.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_absence_for_coordinator(user, profile: InterpreterProfile, pk) -> Absence:
    if not is_coordinator(user):
        raise Http404
    try:
        return profile.absences.get(pk=pk)
    except (Absence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_language_of_profile_for_coordinator(
    user, profile: InterpreterProfile, pk
) -> InterpreterLanguage:
    if not is_coordinator(user):
        raise Http404
    try:
        return profile.languages.select_related("language").get(pk=pk)
    except (InterpreterLanguage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def active_languages() -> QuerySet[Language]:
    return Language.objects.filter(is_active=True)


def weekly_windows(profile: InterpreterProfile) -> list[tuple[str, list[AvailabilityWindow]]]:
    """The week, Monday first: (day name, windows of that day) for the days that have some."""
    days: dict[int, list[AvailabilityWindow]] = {}
    for window in profile.windows.order_by("weekday", "start_time"):
        days.setdefault(window.weekday, []).append(window)
    return [(windows[0].get_weekday_display(), windows) for _, windows in sorted(days.items())]


def upcoming_absences(profile: InterpreterProfile) -> QuerySet[Absence]:
    """Current and future absences, soonest first (past ones no longer matter)."""
    return profile.absences.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")


def profile_for_calendar(token: str) -> InterpreterProfile:
    """The active interpreter whose private calendar address this is; else 404."""
    if not token or len(token) < 32:
        raise Http404
    try:
        return InterpreterProfile.objects.select_related("user").get(
            calendar_token=token, is_active=True, user__is_active=True
        )
    except InterpreterProfile.DoesNotExist:
        raise Http404 from None
