"""'My organisations': where a person lands, and the coordinators' list of institutions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from relais.organisations.models import Membership, MembershipRole
from relais.organisations.services import create_organisation
from tests.conftest import client_for

from .helpers import text, translated

URL = "/organisations/"


def test_a_member_of_one_institution_is_taken_to_its_page(requester_a, org_a, org_b):
    response = client_for(requester_a).get(URL, follow=True)

    assert response.redirect_chain == [(f"/organisations/{org_a.pk}/", 302)]
    assert "CPAS de Saint-Gilles" in text(response)
    assert "Hôpital Saint-Pierre" not in text(response)


def test_a_member_of_two_institutions_sees_both(requester_a, org_a, org_b):
    Membership.objects.create(user=requester_a, organisation=org_b)

    response = client_for(requester_a).get(URL)

    assert response.status_code == 200
    page = text(response)
    assert "CPAS de Saint-Gilles" in page
    assert "Hôpital Saint-Pierre" in page
    assert f'href="/organisations/{org_a.pk}/"' in page
    assert f'href="/organisations/{org_b.pk}/"' in page


def test_a_deactivated_membership_hides_the_institution(requester_a, org_a, org_b):
    Membership.objects.create(user=requester_a, organisation=org_b, is_active=False)
    client = client_for(requester_a)

    assert client.get(URL)["Location"] == f"/organisations/{org_a.pk}/"
    assert client.get(f"/organisations/{org_b.pk}/").status_code == 404


def test_a_person_without_institution_is_told_so(interpreter, org_a):
    response = client_for(interpreter).get(URL)

    assert response.status_code == 200
    page = text(response)
    assert translated(interpreter, "You are not a member of any institution yet.") in page
    assert "CPAS de Saint-Gilles" not in page


def test_a_coordinator_sees_every_institution_with_its_enterprise_number(coordinator, org_a, org_b):
    response = client_for(coordinator).get(URL)

    assert response.status_code == 200
    page = text(response)
    assert translated(coordinator, "Institutions") in page
    assert "CPAS de Saint-Gilles" in page
    assert "0203.201.340" in page
    assert "Hôpital Saint-Pierre" in page
    assert "0412.345.614" in page


def test_a_coordinator_with_one_institution_still_gets_the_list(coordinator, org_a):
    response = client_for(coordinator).get(URL)

    assert response.status_code == 200
    assert "CPAS de Saint-Gilles" in text(response)


def test_a_coordinator_searches_institutions_by_name_ignoring_case(coordinator, org_a, org_b):
    response = client_for(coordinator).get(URL, {"q": "  saint-pierre "})

    page = text(response)
    assert "Hôpital Saint-Pierre" in page
    assert "CPAS de Saint-Gilles" not in page
    assert 'value="saint-pierre"' in page


def test_a_search_without_match_says_so(coordinator, org_a):
    response = client_for(coordinator).get(URL, {"q": "Crèche"})

    page = text(response)
    assert translated(coordinator, "No institution matches this search.") in page
    assert "CPAS de Saint-Gilles" not in page


def test_a_member_search_never_finds_other_institutions(requester_a, org_a, org_b):
    response = client_for(requester_a).get(URL, {"q": "Hôpital"})

    assert response.status_code == 200
    page = text(response)
    assert "Hôpital Saint-Pierre" not in page
    assert translated(requester_a, "No institution matches this search.") in page


def test_the_add_institution_link_is_for_coordinators_only(coordinator, requester_a, org_a, org_b):
    Membership.objects.create(user=requester_a, organisation=org_b)
    add_url = "/admin/organisations/organisation/add/"

    assert add_url in text(client_for(coordinator).get(URL))
    assert add_url not in text(client_for(requester_a).get(URL))


def test_anonymous_visitors_are_sent_to_login(client, org_a):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_list_costs_the_same_queries_for_two_or_twenty_institutions(coordinator, org_a, org_b):
    client = client_for(coordinator)
    client.get(URL)  # the first request of a session writes it once

    with CaptureQueriesContext(connection) as two:
        client.get(URL)
    for number in range(18):
        create_organisation(
            name=f"Maison médicale {number}",
            enterprise_number=_enterprise_number(number),
            invoicing_email=f"factures{number}@example.org",
            street="Rue Haute 1",
            postcode="1000",
        )
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(URL)

    assert "Maison médicale 17" in text(response)
    assert len(twenty) == len(two)


def test_a_manager_of_two_institutions_sees_both(manager_a, org_a, org_b):
    Membership.objects.create(user=manager_a, organisation=org_b, role=MembershipRole.MANAGER)

    response = client_for(manager_a).get(URL)

    assert response.status_code == 200
    assert "Hôpital Saint-Pierre" in text(response)


def _enterprise_number(seed: int) -> str:
    """A valid Belgian enterprise number: 0 + 7 digits + 97 - (8 digits mod 97)."""
    base = 1_000_000 + seed
    return f"0{base}{97 - base % 97:02d}"
