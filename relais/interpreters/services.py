"""Every write on interpreter profiles, the language catalogue, availability and absences."""

import secrets
from datetime import date, time

from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import (
    EARLIEST_START,
    LATEST_END,
    Absence,
    AbsenceKind,
    AvailabilityWindow,
    InterpreterLanguage,
    InterpreterProfile,
    Language,
    LanguageLevel,
)

MAX_ABSENCE_DAYS = 366
CATALOGUE_LANGUAGES = ("fr", "nl", "en")


def name_language(code: str) -> tuple[str, str, str] | None:
    """The CLDR names of a language code in French, Dutch and English, as UI labels.

    None when Babel does not know the code (Dari "prs", most dialects): those
    get our own names.
    """
    key = code.strip().replace("-", "_")
    if not key:
        return None
    names = []
    for language in CATALOGUE_LANGUAGES:
        try:
            name = Locale(language).languages.get(key)
        except UnknownLocaleError:  # pragma: no cover - fr, nl and en ship with Babel
            name = None
        if not name:
            return None
        names.append(name[:1].upper() + name[1:])
    return names[0], names[1], names[2]


def complete_language_names(
    *, code: str, name_fr: str = "", name_nl: str = "", name_en: str = ""
) -> tuple[str, str, str]:
    """The three names of a language: those given, the others from CLDR (Babel).

    A code CLDR does not know needs all three names.
    """
    given = (name_fr.strip(), name_nl.strip(), name_en.strip())
    if all(given):
        return given
    known = name_language(code)
    if known is None:
        raise ValidationError(
            _("The code %(code)s has no standard name: give its name in French, Dutch and English.")
            % {"code": code.strip() or "—"},
            code="unknown_language_code",
        )
    fr, nl, en = (name or default for name, default in zip(given, known, strict=True))
    return fr, nl, en


def _capacity_may_have_grown() -> None:
    """An interpreter can take more work than before: the waiting list gets
    another look once this commits (issue: the waiting list re-matches itself)."""
    from relais.bookings.services import rematch_after_commit  # bookings builds on us

    rematch_after_commit()


@transaction.atomic
def create_language(
    *, code: str, name_fr: str = "", name_nl: str = "", name_en: str = ""
) -> Language:
    """Add a language to the catalogue; names left empty come from CLDR (Babel)."""
    code = code.strip()
    fr, nl, en = complete_language_names(
        code=code, name_fr=name_fr, name_nl=name_nl, name_en=name_en
    )
    language = Language(code=code, name_fr=fr, name_nl=nl, name_en=en)
    language.full_clean()
    language.save()
    return language


@transaction.atomic
def create_profile(
    *,
    user,
    accepts_on_site: bool = False,
    accepts_video: bool = True,
    accepts_permanence: bool = True,
    accepts_phone: bool = True,
    communes_served: list[str] | None = None,
    max_minutes_per_day: int = 480,
    phone: str = "",
) -> InterpreterProfile:
    """Open the profile of an interpreter (once: a second call returns the first one)."""
    existing = InterpreterProfile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    profile = InterpreterProfile(
        user=user,
        accepts_on_site=accepts_on_site,
        accepts_video=accepts_video,
        accepts_permanence=accepts_permanence,
        accepts_phone=accepts_phone,
        communes_served=sorted(communes_served or []),
        max_minutes_per_day=max_minutes_per_day,
        phone=phone.strip(),
    )
    profile.full_clean()
    profile.save()
    return profile


PROFILE_FIELDS = (
    "accepts_on_site",
    "accepts_video",
    "accepts_permanence",
    "accepts_phone",
    "communes_served",
    "max_minutes_per_day",
    "is_active",
    "phone",
    "notes",
)


@transaction.atomic
def update_profile(
    *,
    profile: InterpreterProfile,
    accepts_on_site: bool,
    accepts_video: bool,
    accepts_permanence: bool,
    accepts_phone: bool,
    communes_served: list[str],
    max_minutes_per_day: int,
    is_active: bool = True,
    phone: str = "",
    notes: str = "",
) -> InterpreterProfile:
    """What a coordinator sets: modalities, communes, daily maximum, active or not."""
    profile.accepts_on_site = accepts_on_site
    profile.accepts_video = accepts_video
    profile.accepts_permanence = accepts_permanence
    profile.accepts_phone = accepts_phone
    profile.communes_served = sorted(set(communes_served))
    profile.max_minutes_per_day = max_minutes_per_day
    profile.is_active = is_active
    profile.phone = phone.strip()
    profile.notes = notes.strip()
    profile.full_clean()
    profile.save(update_fields=list(PROFILE_FIELDS))
    _capacity_may_have_grown()
    return profile


@transaction.atomic
def add_language(
    *, profile: InterpreterProfile, language: Language, level: str = LanguageLevel.FLUENT
) -> InterpreterLanguage:
    if profile.languages.filter(language=language).exists():
        raise ValidationError(
            {"language": _("%(language)s is already listed.") % {"language": language.name}}
        )
    if not language.is_active:
        raise ValidationError({"language": _("This language is no longer offered.")})
    spoken = InterpreterLanguage(profile=profile, language=language, level=level)
    spoken.full_clean()
    spoken.save()
    _capacity_may_have_grown()
    return spoken


@transaction.atomic
def remove_language(*, interpreter_language: InterpreterLanguage) -> None:
    interpreter_language.delete()


def _lock(profile: InterpreterProfile) -> None:
    """Serialise the writes on one interpreter's calendar: overlap checks stay true."""
    InterpreterProfile.objects.select_for_update().filter(pk=profile.pk).first()


def _time(value: time) -> str:
    return value.strftime("%H:%M")


@transaction.atomic
def add_window(
    *, profile: InterpreterProfile, weekday: int, start_time: time, end_time: time
) -> AvailabilityWindow:
    """Add a weekly availability window; windows of one day never overlap."""
    if end_time <= start_time:
        raise ValidationError(
            {"end_time": _("The end of the window must come after its start.")},
            code="window_reversed",
        )
    if start_time < EARLIEST_START or end_time > LATEST_END:
        raise ValidationError(
            _("Availability windows lie between %(earliest)s and %(latest)s.")
            % {"earliest": _time(EARLIEST_START), "latest": _time(LATEST_END)},
            code="window_outside_hours",
        )
    _lock(profile)
    window = AvailabilityWindow(
        profile=profile, weekday=weekday, start_time=start_time, end_time=end_time
    )
    window.full_clean()
    clash = (
        profile.windows.filter(weekday=weekday, start_time__lt=end_time, end_time__gt=start_time)
        .order_by("start_time")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _(
                "This window overlaps the one of %(day)s from %(start)s to %(end)s: "
                "change or remove that one first."
            )
            % {
                "day": clash.get_weekday_display().lower(),
                "start": _time(clash.start_time),
                "end": _time(clash.end_time),
            },
            code="window_overlap",
        )
    window.save()
    _capacity_may_have_grown()
    return window


@transaction.atomic
def remove_window(*, window: AvailabilityWindow) -> None:
    window.delete()


def _date(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@transaction.atomic
def add_absence(
    *,
    profile: InterpreterProfile,
    starts_on: date,
    ends_on: date,
    kind: str = AbsenceKind.HOLIDAY,
) -> Absence:
    """Record days off, both included; absences of one interpreter never overlap."""
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The last day cannot come before the first day.")},
            code="absence_reversed",
        )
    if (ends_on - starts_on).days + 1 > MAX_ABSENCE_DAYS:
        raise ValidationError(
            {"ends_on": _("An absence lasts at most %(days)s days.") % {"days": MAX_ABSENCE_DAYS}},
            code="absence_too_long",
        )
    if ends_on < timezone.localdate():
        raise ValidationError(
            {"ends_on": _("This absence is already over: only current and future ones count.")},
            code="absence_past",
        )
    _lock(profile)
    absence = Absence(profile=profile, starts_on=starts_on, ends_on=ends_on, kind=kind)
    absence.full_clean()
    clash = (
        profile.absences.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _(
                "These dates overlap another absence, from %(start)s to %(end)s: "
                "change or remove that one first."
            )
            % {"start": _date(clash.starts_on), "end": _date(clash.ends_on)},
            code="absence_overlap",
        )
    absence.save()
    return absence


@transaction.atomic
def remove_absence(*, absence: Absence) -> None:
    absence.delete()
    _capacity_may_have_grown()


def new_calendar_token(*, profile: InterpreterProfile) -> str:
    """Give the interpreter a new private calendar address; the old one stops working."""
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token"])
    return profile.calendar_token
