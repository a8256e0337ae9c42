"""The interpreter's portal page: profile summary, weekly availability, absences."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from relais.interpreters.models import InterpreterProfile
from relais.interpreters.services import add_absence, add_window
from tests.conftest import client_for
from tests.organisations.helpers import text, translated

URL = "/interpreters/me/"


def test_it_shows_the_profile_languages_modalities_communes_and_hours(interpreter, profile):
    response = client_for(interpreter).get(URL)

    assert response.status_code == 200
    page = text(response)
    assert translated(interpreter, "My availability") in page
    assert "Arabe" in page
    assert translated(interpreter, "Native") in page
    assert translated(interpreter, "On-site") in page
    assert "Anderlecht, Forest" in page
    assert "8\u00a0h" in page


def test_communes_and_languages_are_named_in_the_interpreters_language(interpreter, profile):
    interpreter.language = "nl"
    interpreter.save(update_fields=["language"])

    page = text(client_for(interpreter).get(URL))

    assert "Arabisch" in page
    assert "Anderlecht, Vorst" in page


def test_windows_are_grouped_by_day_monday_first(interpreter, profile):
    add_window(profile=profile, weekday=4, start_time=time(9), end_time=time(12))
    add_window(profile=profile, weekday=0, start_time=time(14), end_time=time(18))
    add_window(profile=profile, weekday=0, start_time=time(8), end_time=time(12))

    page = text(client_for(interpreter).get(URL))

    monday, friday = (translated(interpreter, day).capitalize() for day in ("Monday", "Friday"))
    assert page.index(monday) < page.index("08:00") < page.index("14:00") < page.index(friday)


def test_upcoming_absences_come_first_and_past_ones_are_gone(interpreter, profile):
    today = timezone.localdate()
    later = add_absence(
        profile=profile, starts_on=today + timedelta(30), ends_on=today + timedelta(31)
    )
    sooner = add_absence(
        profile=profile, starts_on=today + timedelta(2), ends_on=today + timedelta(2)
    )
    past = add_absence(profile=profile, starts_on=today, ends_on=today)
    past.starts_on = past.ends_on = today - timedelta(20)
    past.save()

    page = text(client_for(interpreter).get(URL))

    assert page.index(f"/absences/{sooner.pk}/remove/") < page.index(
        f"/absences/{later.pk}/remove/"
    )
    assert f"/absences/{past.pk}/remove/" not in page


def test_the_first_visit_opens_an_empty_profile(interpreter):
    response = client_for(interpreter).get(URL)

    assert response.status_code == 200
    profile = InterpreterProfile.objects.get(user=interpreter)
    assert not profile.accepts_on_site and profile.communes_served == []
    assert translated(interpreter, "None: remote work only") in text(response)
    assert translated(
        interpreter, "No availability window yet: nobody can book this interpreter."
    ) in text(response)


def test_the_tab_my_availability_is_the_current_page(interpreter, profile):
    page = text(client_for(interpreter).get(URL))

    assert 'href="/interpreters/me/"' in page
    assert 'aria-current="page">' + translated(interpreter, "My availability") in page
    assert 'href="/organisations/"' not in page


def test_it_shows_nothing_of_another_interpreter(interpreter, profile, other_profile):
    window = add_window(profile=other_profile, weekday=6, start_time=time(6), end_time=time(7))

    page = text(client_for(interpreter).get(URL))

    assert "Tigrinya" not in page
    assert f"/windows/{window.pk}/remove/" not in page
    assert "06:00" not in page


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "requester_b", "coordinator"])
def test_it_is_not_found_for_anyone_but_an_interpreter(request, persona):
    response = client_for(request.getfixturevalue(persona)).get(URL)

    assert response.status_code == 404
    assert not InterpreterProfile.objects.exists()


def test_a_deactivated_interpreter_profile_still_shows_the_page(interpreter, profile):
    profile.is_active = False
    profile.save()

    assert client_for(interpreter).get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_login(db):
    response = client_for(None).get(URL)

    assert response["Location"] == f"/accounts/login/?next={URL}"
