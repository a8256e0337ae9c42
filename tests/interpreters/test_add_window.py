"""An interpreter adds a weekly availability window in their portal."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from relais.interpreters.models import AvailabilityWindow, Weekday
from relais.interpreters.services import add_window
from tests.conftest import client_for
from tests.organisations.helpers import text, translated

from .helpers import windows_of

URL = "/interpreters/me/windows/add/"


def test_an_interpreter_adds_a_window(interpreter, profile):
    response = client_for(interpreter).post(
        URL, {"weekday": "1", "start_time": "09:00", "end_time": "12:30"}, follow=True
    )

    assert response.redirect_chain == [("/interpreters/me/", 302)]
    assert windows_of(profile) == [(Weekday.TUESDAY, time(9), time(12, 30))]
    page = text(response)
    day = translated(interpreter, "Tuesday").lower()
    assert (
        translated(
            interpreter,
            "Available on %(day)s from %(start)s to %(end)s: saved.",
            day=day,
            start="09:00",
            end="12:30",
        )
        in page
    )


def test_the_first_visit_opens_the_profile(interpreter):
    client_for(interpreter).post(URL, {"weekday": "0", "start_time": "08:00", "end_time": "10:00"})

    assert windows_of(interpreter.interpreter_profile) == [(0, time(8), time(10))]


def test_two_windows_of_one_day_side_by_side_are_fine(profile):
    add_window(profile=profile, weekday=0, start_time=time(8), end_time=time(12))
    add_window(profile=profile, weekday=0, start_time=time(12), end_time=time(16))
    add_window(profile=profile, weekday=1, start_time=time(9), end_time=time(11))

    assert len(windows_of(profile)) == 3


@pytest.mark.parametrize(
    ("start", "end"), [(time(9), time(11)), (time(7), time(9)), (time(11), time(13)),
                       (time(7), time(13)), (time(10), time(10, 30))],
)  # fmt: skip
def test_an_overlapping_window_is_refused_with_the_one_it_overlaps(
    interpreter, profile, start, end
):
    add_window(profile=profile, weekday=2, start_time=time(8), end_time=time(12))

    response = client_for(interpreter).post(
        URL, {"weekday": "2", "start_time": f"{start:%H:%M}", "end_time": f"{end:%H:%M}"}
    )

    assert response.status_code == 200
    message = translated(
        interpreter,
        "This window overlaps the one of %(day)s from %(start)s to %(end)s: "
        "change or remove that one first.",
        day=translated(interpreter, "Wednesday").lower(),
        start="08:00",
        end="12:00",
    )
    assert message in text(response)
    assert windows_of(profile) == [(2, time(8), time(12))]


def test_the_same_hours_on_another_day_are_fine(profile):
    add_window(profile=profile, weekday=2, start_time=time(8), end_time=time(12))
    add_window(profile=profile, weekday=3, start_time=time(8), end_time=time(12))

    assert len(windows_of(profile)) == 2


@pytest.mark.parametrize(("start", "end"), [("12:00", "09:00"), ("10:00", "10:00")])
def test_a_window_ending_before_it_starts_is_refused(interpreter, profile, start, end):
    response = client_for(interpreter).post(
        URL, {"weekday": "0", "start_time": start, "end_time": end}
    )

    assert response.status_code == 200
    assert response.context["window_form"].errors["end_time"] == [
        translated(interpreter, "The end of the window must come after its start.")
    ]
    assert translated(interpreter, "The end of the window must come after its start.") in text(
        response
    )
    assert windows_of(profile) == []


@pytest.mark.parametrize(("start", "end"), [("05:30", "09:00"), ("18:00", "22:30")])
def test_a_window_outside_the_day_is_refused(interpreter, profile, start, end):
    response = client_for(interpreter).post(
        URL, {"weekday": "0", "start_time": start, "end_time": end}
    )

    assert translated(
        interpreter,
        "Availability windows lie between %(earliest)s and %(latest)s.",
        earliest="06:00",
        latest="22:00",
    ) in text(response)
    assert windows_of(profile) == []


@pytest.mark.parametrize(
    "data",
    [
        {"weekday": "7", "start_time": "09:00", "end_time": "12:00"},
        {"weekday": "monday", "start_time": "09:00", "end_time": "12:00"},
        {"weekday": "0", "start_time": "9h", "end_time": "12:00"},
        {"weekday": "0", "start_time": "09:00"},
        {},
    ],
)
def test_bad_input_saves_nothing_and_says_why(interpreter, profile, data):
    response = client_for(interpreter).post(URL, data)

    assert response.status_code == 200
    errors = response.context["window_form"].errors
    assert errors
    page = text(response)
    for messages in errors.values():
        for message in messages:
            assert message in page
    assert not AvailabilityWindow.objects.exists()


def test_the_service_refuses_reversed_times_too(profile):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        add_window(profile=profile, weekday=0, start_time=time(14), end_time=time(9))

    assert error.value.message_dict["end_time"] == [
        "The end of the window must come after its start."
    ]


def test_only_post_is_allowed(interpreter, profile):
    assert client_for(interpreter).get(URL).status_code == 405


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "coordinator"])
def test_someone_who_is_not_an_interpreter_gets_404(request, persona):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(
        URL, {"weekday": "0", "start_time": "09:00", "end_time": "12:00"}
    )

    assert response.status_code == 404
    assert not AvailabilityWindow.objects.exists()


def test_anonymous_visitors_are_sent_to_login(db):
    response = client_for(None).post(URL, {"weekday": "0"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
