"""A form sent without its CSRF token is refused with a clear page, and nothing is saved."""

from django.test import Client

from relais.organisations.models import Membership, Place

from .helpers import text, translated


def test_adding_a_place_without_the_csrf_token_is_refused(manager_a, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager_a)
    places_before = Place.objects.count()

    response = client.post(
        f"/organisations/{org_a.pk}/places/new/",
        {"name": "Antenne Midi", "street": "Avenue Fonsny 12", "postcode": "1060"},
    )

    assert response.status_code == 403
    page = text(response)
    assert translated(manager_a, "The form has expired") in page
    assert (
        translated(
            manager_a,
            "For your security, this form could not be accepted: it was open too long or "
            "your browser blocked its cookie. Nothing was saved. Go back, reload the page "
            "and try again.",
        )
        in page
    )
    assert Place.objects.count() == places_before


def test_deactivating_a_member_without_the_csrf_token_is_refused(manager_a, requester_a, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager_a)
    membership = Membership.objects.get(user=requester_a)

    response = client.post(f"/organisations/{org_a.pk}/members/{membership.pk}/deactivate/")

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.is_active


def test_the_form_carries_the_token_that_makes_it_pass(manager_a, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager_a)
    form = client.get(f"/organisations/{org_a.pk}/places/new/")
    token = form.context["csrf_token"]

    response = client.post(
        f"/organisations/{org_a.pk}/places/new/",
        {
            "csrfmiddlewaretoken": str(token),
            "name": "Antenne Midi",
            "street": "Avenue Fonsny 12",
            "postcode": "1060",
        },
    )

    assert response.status_code == 302
    assert org_a.places.filter(name="Antenne Midi").exists()
