"""A coordinator edits an interpreter's profile: modalities, communes, hours, active or not."""

import pytest

from relais.interpreters.models import Modality
from tests.conftest import client_for
from tests.organisations.helpers import text, translated

from .helpers import stored


def url(profile) -> str:
    return f"/interpreters/{profile.pk}/"


def profile_data(**overrides) -> dict:
    data = {
        "accepts_on_site": "on",
        "accepts_video": "on",
        "accepts_phone": "on",
        "communes_served": ["Ixelles", "Etterbeek"],
        "max_hours_per_day": "6.5",
        "phone": "+32 470 12 34 56",
        "is_active": "on",
        "notes": "Prefers morning requests.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_page_shows_the_profile_its_week_and_absences(coordinator, profile):
    response = client_for(coordinator).get(url(profile))

    assert response.status_code == 200
    page = text(response)
    assert "Ilham Interpreter" in page
    assert "Arabe" in page
    assert 'value="Anderlecht" id="id_communes_served_0" checked' in page
    assert translated(coordinator, "Weekly availability") in page
    assert translated(coordinator, "Absences") in page


def test_a_coordinator_edits_a_profile(coordinator, profile):
    response = client_for(coordinator).post(url(profile), profile_data(), follow=True)

    assert response.redirect_chain == [(url(profile), 302)]
    profile.refresh_from_db()
    assert profile.modalities == {Modality.ON_SITE, Modality.VIDEO, Modality.PHONE}
    assert profile.communes_served == ["Etterbeek", "Ixelles"]
    assert profile.max_minutes_per_day == 390
    assert profile.phone == "+32 470 12 34 56"
    assert profile.notes == "Prefers morning requests."
    assert translated(
        coordinator, "The profile of %(name)s is saved.", name="Ilham Interpreter"
    ) in text(response)


def test_a_remote_only_interpreter_serves_no_commune(coordinator, profile):
    client_for(coordinator).post(
        url(profile), profile_data(accepts_on_site=None, communes_served=None)
    )

    profile.refresh_from_db()
    assert profile.communes_served == []
    assert Modality.ON_SITE not in profile.modalities


def test_a_coordinator_deactivates_an_interpreter(coordinator, profile):
    client_for(coordinator).post(url(profile), profile_data(is_active=None))

    profile.refresh_from_db()
    assert not profile.is_active


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("max_hours_per_day", "0.5", "At least %(limit_value)s hour a day."),
        ("max_hours_per_day", "13", "At most %(limit_value)s hours a day."),
        ("max_hours_per_day", "1e9", None),
        ("max_hours_per_day", "", "This field is required."),
        ("communes_served", ["Ixelles", "Paris"], None),
        ("communes_served", None,
         "Choose the communes served for on-site work, or untick on-site."),
        ("notes", "x" * 2001, None),
    ],
)  # fmt: skip
def test_bad_input_saves_nothing_and_says_why(coordinator, profile, field, value, message):
    before = stored(profile)

    response = client_for(coordinator).post(url(profile), profile_data(**{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    page = text(response)
    for error in errors[field]:
        assert error in page
    if message and "%(limit_value)s" not in message:
        assert translated(coordinator, message) in page
    assert stored(profile) == before


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "requester_b", "interpreter"])
def test_it_is_not_found_for_anyone_but_coordinators(request, persona, profile):
    before = stored(profile)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url(profile)).status_code == 404
    assert client.post(url(profile), profile_data(is_active=None)).status_code == 404
    assert stored(profile) == before


def test_an_unknown_profile_is_not_found(coordinator, db):
    assert client_for(coordinator).get("/interpreters/999999/").status_code == 404
