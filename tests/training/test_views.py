"""The training sessions page: what members see and do, what coordinators
manage, and every bad input answered in words (or a 404), never a 500."""

import pytest
from django.test import Client

from relais.notifications.models import OutboxEmail
from relais.training.models import TrainingRegistration, TrainingRequest, TrainingSession
from relais.training.services import cancel_session, register
from tests.bookings.helpers import at
from tests.conftest import client_for, in_language, make_member, page_text

from .conftest import BEFORE
from .helpers import ADDRESS, plan

LIST = "/training/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def follow(client, url, data=None):
    return client.post(url, data or {}, follow=True)


# -- Members ------------------------------------------------------------------------


def test_members_see_the_sessions_to_come(client, session, requester_a, coordinator):
    past = plan(coordinator, start=at("2020-06-01", "14:00"), now=at("2020-05-01", "09:00"))
    cancelled = plan(coordinator, description="Séance annulée")
    cancel_session(session=cancelled, by=coordinator, now=BEFORE)
    response = client_for(requester_a).get(LIST)
    assert response.status_code == 200
    text = page_text(response)
    assert "lundi 3 juin 2030, 14:00\N{EN DASH}16:00" in text
    assert "2 h" in text and "Français" in text and ADDRESS in text
    assert in_language("fr", "%(left)s of %(seats)s") % {"left": 2, "seats": 2} in text
    assert response.context["sessions"] == [session]
    assert past not in response.context["sessions"]
    assert "Séance annulée" not in text


def test_a_full_session_says_so(session, requester_a, manager_a, requester_b, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    register(session=session, user=manager_a, organisation=org_a, now=BEFORE)
    text = page_text(client_for(requester_b).get(LIST))
    assert in_language("nl", "This session is full.") in text
    assert f"/training/{session.pk}/register/" not in text


def test_a_member_registers_and_cancels(session, requester_a, org_a):
    client = client_for(requester_a)
    response = follow(client, f"/training/{session.pk}/register/", {"organisation": org_a.pk})
    assert messages_of(response) == [
        in_language(
            "fr", "You are registered. The confirmation, with the calendar event, is on its way."
        )
    ]
    registration = TrainingRegistration.objects.get(user=requester_a)
    text = page_text(response)
    assert in_language("fr", "Cancel my registration") in text
    assert OutboxEmail.objects.filter(template="training_registered", to=requester_a.email).exists()
    response = follow(client, f"/training/registrations/{registration.pk}/cancel/")
    assert messages_of(response) == [
        in_language("fr", "Your registration is cancelled: your seat is free again.")
    ]
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    # Cancelling again (a second click): said in words.
    response = follow(client, f"/training/registrations/{registration.pk}/cancel/")
    assert messages_of(response) == [in_language("fr", "This registration is already cancelled.")]


def test_refusals_are_said_in_the_members_language(session, requester_b, org_b):
    client = client_for(requester_b)
    follow(client, f"/training/{session.pk}/register/", {"organisation": org_b.pk})
    response = follow(client, f"/training/{session.pk}/register/", {"organisation": org_b.pk})
    assert messages_of(response) == [
        in_language("nl", "You are already registered for this session.")
    ]
    assert TrainingRegistration.objects.count() == 1


def test_registering_for_another_institution_is_refused(session, requester_a, org_b):
    client = client_for(requester_a)
    response = follow(client, f"/training/{session.pk}/register/", {"organisation": org_b.pk})
    assert messages_of(response) == [
        in_language("fr", "You can only register for an institution you belong to.")
    ]
    for tampered in ({"organisation": "999999"}, {"organisation": "x"}, {}):
        response = follow(client, f"/training/{session.pk}/register/", tampered)
        assert response.status_code == 200
        assert len(messages_of(response)) == 1
    assert not TrainingRegistration.objects.exists()


def test_past_and_cancelled_sessions_are_refused_in_words(session, coordinator, requester_a, org_a):
    cancel_session(session=session, by=coordinator, now=BEFORE)
    client = client_for(requester_a)
    response = follow(client, f"/training/{session.pk}/register/", {"organisation": org_a.pk})
    assert messages_of(response) == [in_language("fr", "This session is cancelled.")]
    TrainingSession.objects.filter(pk=session.pk).update(
        cancelled_at=None, start=at("2020-01-06", "14:00")
    )
    response = follow(client, f"/training/{session.pk}/register/", {"organisation": org_a.pk})
    assert messages_of(response) == [in_language("fr", "This session has already taken place.")]
    assert not TrainingRegistration.objects.exists()


def test_a_tampered_session_id_is_a_404(session, requester_a, org_a, coordinator, org_b):
    client = client_for(requester_a)
    assert client.post("/training/999999/register/", {"organisation": org_a.pk}).status_code == 404
    visit_b = plan(coordinator, venue="institution", institution=org_b, address="Rue Haute 322")
    response = client.post(f"/training/{visit_b.pk}/register/", {"organisation": org_a.pk})
    assert response.status_code == 404
    assert "Rue Haute 322" not in page_text(client.get(LIST))


def test_a_member_of_b_cannot_cancel_a_registration_of_a(session, requester_a, requester_b, org_a):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    response = client_for(requester_b).post(f"/training/registrations/{registration.pk}/cancel/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_a_colleague_cannot_cancel_ones_registration_either(session, requester_a, manager_a, org_a):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    response = client_for(manager_a).post(f"/training/registrations/{registration.pk}/cancel/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_a_member_of_two_institutions_chooses_which(session, org_a, org_b):
    both = make_member(org_a, "both@example.org", full_name="Bo Both")
    both.memberships.create(organisation=org_b)
    client = client_for(both)
    text = page_text(client.get(LIST))
    assert in_language("fr", "Register for") in text
    follow(client, f"/training/{session.pk}/register/", {"organisation": org_b.pk})
    assert TrainingRegistration.objects.get(user=both).organisation == org_b


def test_interpreters_are_told_the_sessions_are_for_members(session, interpreter, org_a):
    client = client_for(interpreter)
    response = client.get(LIST)
    assert response.status_code == 200
    message = in_language(
        "fr", "The training sessions are for the members of partner institutions."
    )
    assert message in page_text(response)
    assert ADDRESS not in page_text(response)
    response = follow(client, f"/training/{session.pk}/register/", {"organisation": org_a.pk})
    assert messages_of(response) == [message]
    response = follow(client, "/training/request/", {"organisation": org_a.pk, "people": 3})
    assert messages_of(response) == [message]
    assert not TrainingRegistration.objects.exists()
    assert not TrainingRequest.objects.exists()


def test_a_member_asks_for_a_session_at_their_premises(requester_a, org_a, settings):
    client = client_for(requester_a)
    response = follow(
        client,
        "/training/request/",
        {"organisation": org_a.pk, "preferred_period": "Un mardi matin", "people": 6, "note": ""},
    )
    assert messages_of(response) == [
        in_language("fr", "Your request is sent: the operations team will contact you.")
    ]
    assert TrainingRequest.objects.get().organisation == org_a
    assert OutboxEmail.objects.get(template="training_request_team").to == (
        settings.SERVICE_CONTACT_EMAIL
    )


def test_a_request_with_mistakes_shows_them(requester_a, org_a, org_b):
    client = client_for(requester_a)
    response = client.post(
        "/training/request/", {"organisation": org_b.pk, "preferred_period": "", "people": 0}
    )
    assert response.status_code == 200
    errors = response.context["request_form"].errors
    assert set(errors) == {"organisation", "preferred_period", "people"}
    assert errors["organisation"] == [
        in_language("fr", "You can only ask for an institution you belong to.")
    ]
    assert not TrainingRequest.objects.exists()


# -- Access -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", LIST),
        ("post", "/training/1/register/"),
        ("post", "/training/registrations/1/cancel/"),
        ("post", "/training/request/"),
        ("get", "/training/new/"),
        ("get", "/training/1/edit/"),
        ("get", "/training/1/cancel/"),
        ("post", "/training/requests/1/handled/"),
    ],
)
def test_anonymous_visitors_go_to_the_login_page(db, method, url):
    response = getattr(Client(), method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_posts_need_the_csrf_token(session, requester_a, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(requester_a)
    response = client.post(f"/training/{session.pk}/register/", {"organisation": org_a.pk})
    assert response.status_code == 403
    assert not TrainingRegistration.objects.exists()


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "requester_b", "interpreter"])
def test_only_coordinators_manage(session, persona, request, requester_a, org_a):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    training_request = TrainingRequest.objects.create(
        organisation=org_a, requested_by=requester_a, preferred_period="Mars", people=3
    )
    client = client_for(request.getfixturevalue(persona))
    for url in (
        "/training/new/",
        f"/training/{session.pk}/edit/",
        f"/training/{session.pk}/cancel/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"seats": 1, "reason": "x"}).status_code == 404
    assert client.post(f"/training/requests/{training_request.pk}/handled/").status_code == 404
    text = page_text(client.get(LIST))
    assert registration.user.email not in text or persona == "requester_a"
    assert in_language("fr", "Plan a session") not in text
    session.refresh_from_db()
    training_request.refresh_from_db()
    assert (session.cancelled_at, training_request.handled_at) == (None, None)


# -- Coordinators -------------------------------------------------------------------


def session_data(**overrides):
    data = {
        "date": "2030-06-03",
        "start_time": "14:00",
        "duration_minutes": "90",
        "language": "nl",
        "venue": "premises",
        "institution": "",
        "address": ADDRESS,
        "seats": "10",
        "description": "Kennismaking",
    }
    return data | overrides


def test_a_coordinator_plans_a_session(coordinator):
    client = client_for(coordinator)
    assert client.get("/training/new/").status_code == 200
    response = follow(client, "/training/new/", session_data())
    assert messages_of(response) == [
        in_language("fr", "The session is planned: members can register.")
    ]
    session = TrainingSession.objects.get()
    assert (session.language, session.seats, session.duration_minutes) == ("nl", 10, 90)
    assert session.start.isoformat() == "2030-06-03T12:00:00+00:00"  # 14:00 in Brussels
    assert "lundi 3 juin 2030, 14:00\N{EN DASH}15:30" in page_text(response)


def test_the_session_form_shows_its_mistakes(coordinator, org_a):
    client = client_for(coordinator)
    response = client.post(
        "/training/new/",
        session_data(date="2020-01-06", seats="0", venue="institution", address=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"seats", "institution", "address"}
    assert not TrainingSession.objects.exists()


def test_a_session_in_the_past_is_refused(coordinator):
    response = client_for(coordinator).post("/training/new/", session_data(date="2020-01-06"))
    assert response.status_code == 200
    assert in_language("fr", "A session is planned in the future.") in page_text(response)
    assert not TrainingSession.objects.exists()


def test_a_coordinator_sees_who_is_registered(
    session, coordinator, requester_a, requester_b, org_a, org_b
):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    register(session=session, user=requester_b, organisation=org_b, now=BEFORE)
    text = page_text(client_for(coordinator).get(LIST))
    for person, organisation in ((requester_a, org_a), (requester_b, org_b)):
        assert person.get_full_name() in text
        assert person.email in text
        assert organisation.name in text


def test_a_coordinator_cannot_lower_the_seats_below_the_registrations(
    session, coordinator, requester_a, manager_a, org_a
):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    register(session=session, user=manager_a, organisation=org_a, now=BEFORE)
    client = client_for(coordinator)
    form = client.get(f"/training/{session.pk}/edit/").context["form"]
    assert form.initial["seats"] == 2
    response = client.post(f"/training/{session.pk}/edit/", session_data(language="fr", seats="1"))
    assert response.status_code == 200
    assert response.context["form"].errors["seats"]
    session.refresh_from_db()
    assert session.seats == 2


def test_a_coordinator_changes_the_date_and_the_registrants_are_told(
    session, coordinator, requester_a, org_a
):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    response = follow(
        client_for(coordinator),
        f"/training/{session.pk}/edit/",
        session_data(date="2030-06-04", language="fr", seats="2", duration_minutes="120"),
    )
    assert messages_of(response) == [in_language("fr", "The session is changed.")]
    assert OutboxEmail.objects.get(template="training_session_changed").to == requester_a.email


def test_a_coordinator_cancels_a_session(session, coordinator, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    client = client_for(coordinator)
    page = page_text(client.get(f"/training/{session.pk}/cancel/"))
    assert in_language("fr", "Cancel the session") in page
    response = follow(client, f"/training/{session.pk}/cancel/", {"reason": "Salle indisponible"})
    assert messages_of(response) == [
        in_language("fr", "The session is cancelled; the people registered are told.")
    ]
    session.refresh_from_db()
    assert session.cancelled_at is not None
    email = OutboxEmail.objects.get(template="training_session_cancelled")
    assert "Salle indisponible" in email.body_text
    response = follow(client, f"/training/{session.pk}/cancel/", {"reason": ""})
    assert messages_of(response) == [in_language("fr", "This session is already cancelled.")]


def test_a_coordinator_marks_a_request_handled(coordinator, requester_a, org_a):
    training_request = TrainingRequest.objects.create(
        organisation=org_a, requested_by=requester_a, preferred_period="Un mardi", people=3
    )
    client = client_for(coordinator)
    assert "Un mardi" in page_text(client.get(LIST))
    response = follow(client, f"/training/requests/{training_request.pk}/handled/")
    assert messages_of(response) == [in_language("fr", "The request is marked as handled.")]
    training_request.refresh_from_db()
    assert training_request.handled_by == coordinator
    response = follow(client, f"/training/requests/{training_request.pk}/handled/")
    assert messages_of(response) == [in_language("fr", "This request is already handled.")]
    assert client.post("/training/requests/999999/handled/").status_code == 404


def test_coordinators_look_sessions_up_in_the_back_office(session, coordinator, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    client = client_for(coordinator)
    assert client.get("/admin/training/trainingsession/").status_code == 200
    page = client.get(f"/admin/training/trainingsession/{session.pk}/change/")
    assert page.status_code == 200
    assert requester_a.get_full_name() in page_text(page)
    assert client.get("/admin/training/trainingrequest/").status_code == 200
    assert client.get("/admin/training/trainingsession/add/").status_code == 403
