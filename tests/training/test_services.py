"""Registering for a training session, cancelling, and what the coordinators
do with sessions and requests: each rule refuses in words and changes nothing."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from relais.notifications.models import Notification, OutboxEmail
from relais.training.models import TrainingRegistration, TrainingRequest
from relais.training.services import (
    cancel_registration,
    cancel_session,
    change_session,
    mark_request_handled,
    register,
    request_session,
)
from tests.bookings.helpers import at
from tests.conftest import in_language, make_member

from .conftest import BEFORE
from .helpers import ADDRESS, START, ics_event, in_language_plural, plan


def seats_taken(language, count):
    return in_language_plural(
        language,
        "%(count)d person is registered: give at least as many seats.",
        "%(count)d people are registered: give at least as many seats.",
        count,
        count=count,
    )


def refusal(language, message, **params):
    return [in_language(language, message, **params)]


def test_a_member_registers_and_gets_the_session_in_their_calendar(session, requester_a, org_a):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    assert (registration.user, registration.organisation) == (requester_a, org_a)
    assert session.seats_left == 1
    notification = Notification.objects.get(user=requester_a, kind="training_registered")
    assert notification.url == "/training/"
    email = OutboxEmail.objects.get(template="training_registered")
    assert email.to == requester_a.email
    assert "lundi 3 juin 2030" in email.body_text
    assert "14:00\N{EN DASH}16:00" in email.body_text
    assert ADDRESS in email.body_text
    assert org_a.name in email.body_text
    event = ics_event(email)
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(hours=2)
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["location"]) == ADDRESS
    assert str(event["uid"]) == f"training-{session.pk}@relais"


def test_the_email_is_in_the_members_language(session, requester_b, org_b):
    register(session=session, user=requester_b, organisation=org_b, now=BEFORE)
    email = OutboxEmail.objects.get(template="training_registered")
    assert email.language == "nl"
    assert "maandag 3 juni 2030" in email.body_text


def test_the_email_goes_out_with_its_calendar_file(session, requester_a, org_a, sent_emails):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    (message,) = sent_emails()
    assert message.to == [requester_a.email]
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"relais-training-{session.pk}.ics", "text/calendar")
    assert "BEGIN:VEVENT" in (content if isinstance(content, str) else content.decode())


def test_registering_twice_is_refused(session, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    assert refused.value.messages == refusal("fr", "You are already registered for this session.")
    assert TrainingRegistration.objects.count() == 1
    assert OutboxEmail.objects.filter(template="training_registered").count() == 1


def test_a_full_session_is_refused(session, requester_a, manager_a, requester_b, org_a, org_b):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    register(session=session, user=manager_a, organisation=org_a, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=requester_b, organisation=org_b, now=BEFORE)
    assert refused.value.messages == refusal("fr", "This session is full.")
    assert session.seats_left == 0
    assert not requester_b.training_registrations.exists()


def test_a_past_session_is_refused(session, requester_a, org_a):
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=requester_a, organisation=org_a, now=START)
    assert refused.value.messages == refusal("fr", "This session has already taken place.")
    assert not TrainingRegistration.objects.exists()


def test_a_cancelled_session_is_refused(session, requester_a, org_a, coordinator):
    cancel_session(session=session, by=coordinator, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    assert refused.value.messages == refusal("fr", "This session is cancelled.")
    assert not TrainingRegistration.objects.exists()


def test_one_registers_only_for_an_institution_of_ones_own(session, requester_a, org_b):
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=requester_a, organisation=org_b, now=BEFORE)
    assert refused.value.messages == refusal(
        "fr", "You can only register for an institution you belong to."
    )
    assert not TrainingRegistration.objects.exists()


def test_a_former_member_cannot_register_for_that_institution(session, org_a, org_b):
    both = make_member(org_a, "both@example.org")
    both.memberships.create(organisation=org_b)
    both.memberships.filter(organisation=org_a).update(is_active=False)
    with pytest.raises(ValidationError):
        register(session=session, user=both, organisation=org_a, now=BEFORE)
    assert register(session=session, user=both, organisation=org_b, now=BEFORE)


@pytest.mark.parametrize("persona", ["interpreter", "coordinator"])
def test_people_without_an_institution_cannot_register(session, org_a, persona, request):
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=request.getfixturevalue(persona), organisation=org_a)
    assert refused.value.messages == refusal(
        "fr", "The training sessions are for the members of partner institutions."
    )
    assert not TrainingRegistration.objects.exists()


def test_a_visit_is_for_the_institution_visited(
    coordinator, org_b, requester_a, requester_b, org_a
):
    visit = plan(coordinator, venue="institution", institution=org_b, address="Rue Haute 322")
    with pytest.raises(ValidationError):
        register(session=visit, user=requester_a, organisation=org_a, now=BEFORE)
    registration = register(session=visit, user=requester_b, organisation=org_b, now=BEFORE)
    event = ics_event(OutboxEmail.objects.get(template="training_registered"))
    assert str(event["location"]) == f"{org_b.name}, Rue Haute 322"
    assert registration.organisation == org_b


def test_cancelling_frees_the_seat_and_takes_the_event_out_of_the_calendar(
    session, requester_a, org_a
):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    cancel_registration(registration=registration, by=requester_a, now=BEFORE)
    registration.refresh_from_db()
    assert registration.cancelled_at == BEFORE
    assert session.seats_left == 2
    email = OutboxEmail.objects.get(template="training_registration_cancelled")
    event = ics_event(email)
    assert str(event["status"]) == "CANCELLED"
    confirmed = ics_event(OutboxEmail.objects.get(template="training_registered"))
    assert event["sequence"] > confirmed["sequence"]
    assert Notification.objects.filter(
        user=requester_a, kind="training_registration_cancelled"
    ).exists()


def test_one_may_register_again_after_cancelling(session, requester_a, org_a):
    first = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    cancel_registration(registration=first, by=requester_a, now=BEFORE)
    again = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    assert again.pk != first.pk
    sequences = [
        ics_event(email)["sequence"]
        for email in OutboxEmail.objects.filter(template__startswith="training_").order_by("pk")
    ]
    assert sequences == sorted(set(sequences))  # each version replaces the one before


def test_only_the_person_cancels_their_registration(session, requester_a, manager_a, org_a):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    with pytest.raises(PermissionDenied):
        cancel_registration(registration=registration, by=manager_a, now=BEFORE)
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_cancelling_twice_or_too_late_is_refused(session, requester_a, org_a):
    registration = register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        cancel_registration(registration=registration, by=requester_a, now=START)
    assert refused.value.messages == refusal(
        "fr", "This session has already started: the registration can no longer be cancelled."
    )
    cancel_registration(registration=registration, by=requester_a, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        cancel_registration(registration=registration, by=requester_a, now=BEFORE)
    assert refused.value.messages == refusal("fr", "This registration is already cancelled.")
    assert OutboxEmail.objects.filter(template="training_registration_cancelled").count() == 1


# -- Coordinators ---------------------------------------------------------------------


def test_a_session_is_planned_in_the_future_with_at_least_one_seat(coordinator):
    with pytest.raises(ValidationError) as refused:
        plan(coordinator, start=at("2030-04-30", "14:00"), seats=0)
    assert set(refused.value.error_dict) == {"start", "seats"}
    with pytest.raises(ValidationError) as refused:
        plan(coordinator, venue="institution")
    assert set(refused.value.error_dict) == {"institution"}
    with pytest.raises(ValidationError) as refused:
        plan(coordinator, address="  ", duration_minutes=10)
    assert set(refused.value.error_dict) == {"address", "duration_minutes"}


def test_a_session_at_the_premises_names_no_institution(coordinator, org_a):
    session = plan(coordinator, venue="premises", institution=org_a)
    assert session.institution is None


def test_only_coordinators_plan_change_and_cancel(session, requester_a, manager_a):
    for person in (requester_a, manager_a):
        with pytest.raises(PermissionDenied):
            plan(person)
        with pytest.raises(PermissionDenied):
            change_session(session=session, by=person, values={"seats": 5}, now=BEFORE)
        with pytest.raises(PermissionDenied):
            cancel_session(session=session, by=person, now=BEFORE)
    session.refresh_from_db()
    assert (session.seats, session.cancelled_at) == (2, None)


def test_down_to_as_many_seats_as_people_registered(session, coordinator, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        change_session(session=session, by=coordinator, values={"seats": 0}, now=BEFORE)
    assert refused.value.message_dict["seats"] == [seats_taken("fr", 1)]
    change_session(session=session, by=coordinator, values={"seats": 1}, now=BEFORE)
    latecomer = make_member(org_a, "latecomer@example.org")
    with pytest.raises(ValidationError) as refused:
        register(session=session, user=latecomer, organisation=org_a, now=BEFORE)
    assert refused.value.messages == refusal("fr", "This session is full.")


def test_fewer_seats_than_people_registered_is_refused_in_words(
    session, coordinator, requester_a, manager_a, org_a
):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    register(session=session, user=manager_a, organisation=org_a, now=BEFORE)
    with pytest.raises(ValidationError) as refused:
        change_session(session=session, by=coordinator, values={"seats": 1}, now=BEFORE)
    assert refused.value.message_dict["seats"] == [seats_taken("fr", 2)]
    session.refresh_from_db()
    assert session.seats == 2


def test_a_new_date_is_sent_to_the_people_registered(session, coordinator, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    later = at("2030-06-10", "09:30")
    change_session(session=session, by=coordinator, values={"start": later}, now=BEFORE)
    email = OutboxEmail.objects.get(template="training_session_changed")
    assert email.to == requester_a.email
    assert "lundi 10 juin 2030" in email.body_text
    event = ics_event(email)
    assert event.decoded("dtstart") == later
    first = ics_event(OutboxEmail.objects.get(template="training_registered"))
    assert event["sequence"] > first["sequence"]


def test_more_seats_is_no_news_for_the_people_registered(session, coordinator, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    change_session(session=session, by=coordinator, values={"seats": 10}, now=BEFORE)
    assert not OutboxEmail.objects.filter(template="training_session_changed").exists()
    with pytest.raises(ValidationError):
        change_session(session=session, by=coordinator, values={"seats": 10}, now=BEFORE)


def test_a_past_or_cancelled_session_is_not_changed(session, coordinator):
    with pytest.raises(ValidationError):
        change_session(session=session, by=coordinator, values={"seats": 5}, now=START)
    with pytest.raises(ValidationError) as refused:
        change_session(
            session=session,
            by=coordinator,
            values={"start": at("2030-05-01", "10:00")},
            now=BEFORE,
        )
    assert "start" in refused.value.error_dict
    cancel_session(session=session, by=coordinator, now=BEFORE)
    with pytest.raises(ValidationError):
        change_session(session=session, by=coordinator, values={"seats": 5}, now=BEFORE)


def test_every_registrant_is_told_when_a_session_is_cancelled(
    session, coordinator, requester_a, requester_b, org_a, org_b
):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    gone = register(session=session, user=requester_b, organisation=org_b, now=BEFORE)
    cancel_registration(registration=gone, by=requester_b, now=BEFORE)
    cancel_session(session=session, by=coordinator, reason="Formateur malade", now=BEFORE)
    (email,) = OutboxEmail.objects.filter(template="training_session_cancelled")
    assert email.to == requester_a.email  # not the one who had cancelled already
    assert "Formateur malade" in email.body_text
    assert str(ics_event(email)["status"]) == "CANCELLED"
    with pytest.raises(ValidationError) as refused:
        cancel_session(session=session, by=coordinator, now=BEFORE)
    assert refused.value.messages == refusal("fr", "This session is already cancelled.")


def test_a_request_for_a_session_at_ones_premises_tells_the_team(requester_a, org_a):
    training_request = request_session(
        by=requester_a,
        organisation=org_a,
        values={"preferred_period": "Un mardi matin en mars", "people": 8, "note": "Accueil"},
        now=BEFORE,
    )
    assert training_request.requested_by == requester_a
    email = OutboxEmail.objects.get(template="training_request_team")
    assert email.to == settings.SERVICE_CONTACT_EMAIL
    assert org_a.name in email.subject
    assert "Un mardi matin en mars" in email.body_text
    assert requester_a.email in email.body_text


def test_a_request_is_for_ones_own_institution(requester_a, org_b):
    with pytest.raises(ValidationError) as refused:
        request_session(
            by=requester_a, organisation=org_b, values={"preferred_period": "Mars", "people": 3}
        )
    assert "organisation" in refused.value.error_dict
    with pytest.raises(ValidationError):
        request_session(by=requester_a, organisation=None, values={})
    assert not TrainingRequest.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_a_coordinator_marks_a_request_handled_once(requester_a, org_a, coordinator):
    values = {"preferred_period": "Mars", "people": 3}
    training_request = request_session(by=requester_a, organisation=org_a, values=values)
    with pytest.raises(PermissionDenied):
        mark_request_handled(training_request=training_request, by=requester_a)
    mark_request_handled(training_request=training_request, by=coordinator, now=BEFORE)
    training_request.refresh_from_db()
    assert (training_request.handled_at, training_request.handled_by) == (BEFORE, coordinator)
    with pytest.raises(ValidationError):
        mark_request_handled(training_request=training_request, by=coordinator)


def test_the_database_keeps_one_active_registration_per_person(session, requester_a, org_a):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingRegistration.objects.create(session=session, user=requester_a, organisation=org_a)


def test_a_session_with_people_of_several_institutions_does_not_become_a_visit(
    session, coordinator, requester_a, org_a, org_b
):
    register(session=session, user=requester_a, organisation=org_a, now=BEFORE)
    values = {"venue": "institution", "institution": org_b}
    with pytest.raises(ValidationError) as refused:
        change_session(session=session, by=coordinator, values=values, now=BEFORE)
    assert refused.value.message_dict["institution"] == refusal(
        "fr", "People of other institutions are registered for this session."
    )
    visit = change_session(
        session=session, by=coordinator, values=values | {"institution": org_a}, now=BEFORE
    )
    assert visit.institution == org_a
