"""An interpreter records days off: holidays, sick days, training."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from relais.interpreters.models import Absence, AbsenceKind
from relais.interpreters.services import add_absence
from tests.conftest import client_for
from tests.organisations.helpers import text, translated

from .helpers import absences_of

URL = "/interpreters/me/absences/add/"


def day(offset: int):
    return timezone.localdate() + timedelta(days=offset)


def post(user, starts, ends, kind="holiday"):
    return client_for(user).post(
        URL,
        {"starts_on": f"{day(starts):%Y-%m-%d}", "ends_on": f"{day(ends):%Y-%m-%d}", "kind": kind},
    )


def short(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def test_an_interpreter_adds_an_absence(interpreter, profile):
    response = post(interpreter, 7, 11)

    assert response.status_code == 302
    assert response["Location"] == "/interpreters/me/"
    assert absences_of(profile) == [(day(7), day(11), AbsenceKind.HOLIDAY)]
    page = text(client_for(interpreter).get("/interpreters/me/"))
    assert translated(interpreter, "Holiday") in page


def test_a_single_sick_day_from_today(interpreter, profile):
    post(interpreter, 0, 0, "sickness")

    assert absences_of(profile) == [(day(0), day(0), AbsenceKind.SICKNESS)]


@pytest.mark.parametrize(("starts", "ends"), [(5, 12), (12, 20), (3, 30), (10, 10), (12, 12)])
def test_an_overlapping_absence_is_refused_with_the_one_it_overlaps(
    interpreter, profile, starts, ends
):
    add_absence(profile=profile, starts_on=day(10), ends_on=day(12))

    response = post(interpreter, starts, ends)

    assert response.status_code == 200
    assert translated(
        interpreter,
        "These dates overlap another absence, from %(start)s to %(end)s: "
        "change or remove that one first.",
        start=short(day(10)),
        end=short(day(12)),
    ) in text(response)
    assert absences_of(profile) == [(day(10), day(12), AbsenceKind.HOLIDAY)]


def test_absences_of_another_interpreter_do_not_count(interpreter, profile, other_profile):
    add_absence(profile=other_profile, starts_on=day(10), ends_on=day(12))

    post(interpreter, 10, 12)

    assert absences_of(profile) == [(day(10), day(12), AbsenceKind.HOLIDAY)]


def test_an_absence_ending_before_it_starts_is_refused(interpreter, profile):
    response = post(interpreter, 9, 8)

    assert response.context["absence_form"].errors["ends_on"] == [
        translated(interpreter, "The last day cannot come before the first day.")
    ]
    assert absences_of(profile) == []


def test_an_absence_of_more_than_a_year_is_refused(interpreter, profile):
    response = post(interpreter, 1, 367)

    assert translated(interpreter, "An absence lasts at most %(days)s days.", days=366) in text(
        response
    )
    assert absences_of(profile) == []


def test_a_year_long_absence_is_fine(profile):
    add_absence(profile=profile, starts_on=day(1), ends_on=day(366))

    assert len(absences_of(profile)) == 1


def test_an_absence_already_over_is_refused(interpreter, profile):
    response = post(interpreter, -10, -1)

    assert translated(
        interpreter, "This absence is already over: only current and future ones count."
    ) in text(response)
    assert absences_of(profile) == []


def test_today_is_the_brussels_date(profile):
    # 23:30 UTC on 31 March is already 1 April in Brussels.
    with time_machine.travel("2031-03-31 23:30:00+00:00", tick=False):
        today = timezone.localdate()
        add_absence(profile=profile, starts_on=today, ends_on=today)

    assert absences_of(profile)[0][0].isoformat() == "2031-04-01"


@pytest.mark.parametrize(
    "data",
    [
        {"starts_on": "31/02/2031", "ends_on": "2031-03-02", "kind": "holiday"},
        {"starts_on": "2031-03-01", "ends_on": "", "kind": "holiday"},
        {"starts_on": "2031-03-01", "ends_on": "2031-03-02", "kind": "strike"},
    ],
)
def test_bad_input_saves_nothing(interpreter, profile, data):
    response = client_for(interpreter).post(URL, data)

    assert response.status_code == 200
    errors = response.context["absence_form"].errors
    assert errors
    for messages in errors.values():
        for message in messages:
            assert message in text(response)
    assert absences_of(profile) == []


def test_an_absence_keeps_no_free_text():
    """Privacy (DESIGN.md): the kind says enough; no reason is ever stored."""
    fields = {field.name for field in Absence._meta.get_fields()}

    assert fields == {"id", "profile", "starts_on", "ends_on", "kind"}


def test_the_service_refuses_reversed_dates(profile):
    with pytest.raises(ValidationError) as error:
        add_absence(profile=profile, starts_on=day(5), ends_on=day(4))

    assert "ends_on" in error.value.message_dict


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "coordinator"])
def test_someone_who_is_not_an_interpreter_gets_404(request, persona):
    response = post(request.getfixturevalue(persona), 3, 4)

    assert response.status_code == 404
    assert not Absence.objects.exists()
