"""What the database itself refuses, whatever the code above it does."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction

from relais.interpreters.models import (
    Absence,
    AvailabilityWindow,
    InterpreterLanguage,
    Modality,
)


def test_a_window_must_end_after_it_starts(profile):
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityWindow.objects.create(
            profile=profile, weekday=0, start_time=time(12), end_time=time(9)
        )


def test_an_absence_must_not_end_before_it_starts(profile):
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(
            profile=profile, starts_on=date(2031, 5, 2), ends_on=date(2031, 5, 1)
        )


def test_a_language_is_listed_once_per_interpreter(profile, arabic):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterpreterLanguage.objects.create(profile=profile, language=arabic)


def test_a_language_in_use_cannot_be_deleted(profile, arabic):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        arabic.delete()


def test_modalities_follow_the_four_booleans(profile):
    profile.accepts_on_site = False
    profile.accepts_permanence = False

    assert profile.modalities == {Modality.VIDEO, Modality.PHONE}
    assert Modality.PERMANENCE.value == "permanence"
