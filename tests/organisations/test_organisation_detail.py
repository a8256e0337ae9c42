"""An institution's page: references, team, billing codes, places; controls for its managers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relais.accounts.models import Invitation, Role
from relais.accounts.services import invite_user
from relais.organisations.models import BillingCode, Membership, MembershipRole, Place
from tests.conftest import client_for, make_member

from .helpers import text, translated


def url(organisation) -> str:
    return f"/organisations/{organisation.pk}/"


def test_it_shows_the_references_of_the_institution(requester_a, org_a):
    response = client_for(requester_a).get(url(org_a))

    assert response.status_code == 200
    page = text(response)
    assert "CPAS de Saint-Gilles" in page
    assert "0203.201.340" in page
    assert "Rue Fernand Bernier 40<br>1060 Saint-Gilles" in page
    assert "factures@cpas-a.example" in page
    assert "0208:0203201340" in page
    assert translated(requester_a, "Not subject to VAT") in page


def test_it_shows_the_vat_number_when_there_is_one(requester_a, org_a):
    org_a.vat_number = "BE0203201340"
    org_a.save(update_fields=["vat_number"])

    page = text(client_for(requester_a).get(url(org_a)))

    assert "BE0203201340" in page
    assert translated(requester_a, "Not subject to VAT") not in page


def test_it_lists_the_team_members_with_their_roles(requester_a, manager_a, org_a):
    page = text(client_for(requester_a).get(url(org_a)))

    assert "Amina Requester" in page
    assert "requester.a@example.org" in page
    assert "Marc Manager" in page
    assert "manager.a@example.org" in page
    assert translated(requester_a, "Requester") in page
    assert translated(requester_a, "Organisation manager") in page


def test_it_lists_billing_codes_with_their_payer(requester_a, org_a, org_b, code_a):
    shared = BillingCode.objects.create(code="FED-ASILE", label="Accueil", payer=org_b)
    shared.organisations.add(org_a)
    BillingCode.objects.create(code="OLD-01", label="Ancien", payer=org_a, is_active=False)

    page = text(client_for(requester_a).get(url(org_a)))

    assert "<code>CPAS-SG-01</code></td><td>Service social</td><td>CPAS de Saint-Gilles" in page
    assert "<code>FED-ASILE</code></td><td>Accueil</td><td>Hôpital Saint-Pierre" in page
    assert "OLD-01" not in page


def test_it_says_when_there_is_no_billing_code_yet(requester_a, org_a):
    page = text(client_for(requester_a).get(url(org_a)))

    assert translated(requester_a, "No billing code yet: the operations team adds them.") in page


def test_it_lists_the_active_places_official_address_first(requester_a, org_a):
    Place.objects.create(
        organisation=org_a,
        name="Ancienne antenne",
        street="Rue de la Victoire 1",
        postcode="1060",
        commune="Saint-Gilles",
        is_active=False,
    )

    page = text(client_for(requester_a).get(url(org_a)))

    assert "Antenne sociale Porte de Hal" in page
    assert "Boulevard du Midi 25, 1000 Bruxelles" in page
    assert "Ancienne antenne" not in page
    assert page.index("Rue Fernand Bernier 40, 1060 Saint-Gilles") < page.index(
        "Boulevard du Midi 25"
    )


def test_a_requester_sees_no_management_controls(requester_a, manager_a, org_a):
    page = text(client_for(requester_a).get(url(org_a)))

    assert f"/organisations/{org_a.pk}/invite/" not in page
    assert f"/organisations/{org_a.pk}/places/new/" not in page
    assert "/deactivate/" not in page
    assert "/edit/" not in page
    assert translated(requester_a, "Invite a member") not in page
    assert translated(requester_a, "Add a place") not in page


def test_a_manager_sees_invite_deactivate_and_place_controls(requester_a, manager_a, org_a):
    requester_membership = Membership.objects.get(user=requester_a)
    manager_membership = Membership.objects.get(user=manager_a)
    place = org_a.places.get(is_official=False)

    page = text(client_for(manager_a).get(url(org_a)))

    assert f'href="/organisations/{org_a.pk}/invite/"' in page
    assert f'href="/organisations/{org_a.pk}/places/new/"' in page
    assert f'href="/organisations/{org_a.pk}/places/{place.pk}/edit/"' in page
    assert f"/members/{requester_membership.pk}/deactivate/" in page
    # A manager does not remove themselves by a stray click.
    assert f"/members/{manager_membership.pk}/deactivate/" not in page


def test_a_coordinator_sees_the_management_controls(coordinator, requester_a, org_a):
    page = text(client_for(coordinator).get(url(org_a)))

    assert f'href="/organisations/{org_a.pk}/invite/"' in page
    assert f'href="/organisations/{org_a.pk}/places/new/"' in page


def test_deactivated_members_are_shown_to_managers_only(requester_a, manager_a, org_a):
    former = make_member(org_a, "former.a@example.org", full_name="Fanny Former")
    Membership.objects.filter(user=former).update(is_active=False, deactivated_at=timezone.now())

    manager_page = text(client_for(manager_a).get(url(org_a)))
    requester_page = text(client_for(requester_a).get(url(org_a)))

    assert "former.a@example.org" in manager_page
    assert translated(manager_a, "Deactivated") in manager_page
    assert "former.a@example.org" not in requester_page


def test_open_invitations_are_shown_to_managers_only(requester_a, manager_a, org_a):
    invite_user(
        invited_by=manager_a,
        email="new.colleague@example.org",
        role=Role.REQUESTER,
        organisation=org_a,
    )

    manager_page = text(client_for(manager_a).get(url(org_a)))
    requester_page = text(client_for(requester_a).get(url(org_a)))

    assert "new.colleague@example.org" in manager_page
    assert translated(manager_a, "Invited") in manager_page
    assert "new.colleague@example.org" not in requester_page


def test_accepted_and_revoked_invitations_are_not_listed(manager_a, org_a):
    for email, field in [("accepted@ex.org", "accepted_at"), ("revoked@ex.org", "revoked_at")]:
        invitation = invite_user(
            invited_by=manager_a, email=email, role=Role.REQUESTER, organisation=org_a
        )
        Invitation.objects.filter(pk=invitation.pk).update(**{field: timezone.now()})

    page = text(client_for(manager_a).get(url(org_a)))

    assert "accepted@ex.org" not in page
    assert "revoked@ex.org" not in page


def test_the_page_costs_the_same_queries_for_a_small_or_large_team(manager_a, org_a):
    client = client_for(manager_a)
    _grow_team(org_a, manager_a, size=1)
    client.get(url(org_a))  # the first request of a session writes it once

    with CaptureQueriesContext(connection) as small:
        client.get(url(org_a))
    _grow_team(org_a, manager_a, size=6, start=1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(org_a))

    assert "invited5@example.org" in text(response)
    assert len(large) == len(small)


def _grow_team(organisation, manager, *, size: int, start: int = 0) -> None:
    """Members, invitations, places and codes: everything the page lists."""
    for number in range(start, size):
        make_member(organisation, f"member{number}@example.org", role=MembershipRole.REQUESTER)
        invite_user(
            invited_by=manager,
            email=f"invited{number}@example.org",
            role=Role.REQUESTER,
            organisation=organisation,
            full_name=f"Invited {number}",
        )
        Place.objects.create(
            organisation=organisation,
            name=f"Antenne {number}",
            street="Rue Haute 1",
            postcode="1000",
            commune="Bruxelles",
        )
        code = BillingCode.objects.create(
            code=f"CODE-{number}", label="Service", payer=organisation
        )
        code.organisations.add(organisation)
