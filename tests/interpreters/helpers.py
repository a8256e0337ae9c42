"""What the interpreter tests read back from the database."""

from relais.interpreters.models import InterpreterProfile


def windows_of(profile: InterpreterProfile) -> list[tuple]:
    return list(
        profile.windows.order_by("weekday", "start_time").values_list(
            "weekday", "start_time", "end_time"
        )
    )


def absences_of(profile: InterpreterProfile) -> list[tuple]:
    return list(profile.absences.order_by("starts_on").values_list("starts_on", "ends_on", "kind"))


def stored(profile: InterpreterProfile) -> dict:
    """Everything about a profile a form could change."""
    fields = InterpreterProfile.objects.filter(pk=profile.pk).values().get()
    return {
        **fields,
        "languages": sorted(profile.languages.values_list("language__code", "level")),
        "windows": windows_of(profile),
        "absences": absences_of(profile),
    }
