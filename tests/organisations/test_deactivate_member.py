"""A manager removes a person from their institution; the institution keeps a manager."""

from relais.organisations.models import Membership, MembershipRole
from tests.conftest import client_for, make_member

from .helpers import text, translated


def url(organisation, membership) -> str:
    return f"/organisations/{organisation.pk}/members/{membership.pk}/deactivate/"


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def test_a_manager_deactivates_a_requester(manager_a, requester_a, org_a):
    membership = membership_of(requester_a, org_a)

    response = client_for(manager_a).post(url(org_a, membership), follow=True)

    assert response.redirect_chain == [(f"/organisations/{org_a.pk}/", 302)]
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.deactivated_at is not None
    assert translated(
        manager_a,
        "%(person)s no longer has access to %(organisation)s.",
        person="Amina Requester",
        organisation="CPAS de Saint-Gilles",
    ) in text(response)


def test_a_deactivated_person_loses_access_to_the_institution(manager_a, requester_a, org_a):
    requester = client_for(requester_a)
    assert requester.get(f"/organisations/{org_a.pk}/").status_code == 200

    client_for(manager_a).post(url(org_a, membership_of(requester_a, org_a)))

    assert requester.get(f"/organisations/{org_a.pk}/").status_code == 404
    page = text(requester.get("/organisations/"))
    assert translated(requester_a, "You are not a member of any institution yet.") in page


def test_a_deactivated_person_keeps_their_other_institutions(manager_a, requester_a, org_a, org_b):
    Membership.objects.create(user=requester_a, organisation=org_b)

    client_for(manager_a).post(url(org_a, membership_of(requester_a, org_a)))

    assert membership_of(requester_a, org_b).is_active
    assert (
        client_for(requester_a).get("/organisations/")["Location"] == f"/organisations/{org_b.pk}/"
    )


def test_the_last_manager_cannot_be_deactivated(coordinator, manager_a, org_a):
    membership = membership_of(manager_a, org_a)

    response = client_for(coordinator).post(url(org_a, membership), follow=True)

    assert response.status_code == 200
    assert translated(
        coordinator, "An institution keeps at least one manager: invite another one first."
    ) in text(response)
    membership.refresh_from_db()
    assert membership.is_active
    assert membership.deactivated_at is None


def test_the_last_manager_cannot_deactivate_themselves(manager_a, org_a):
    membership = membership_of(manager_a, org_a)

    response = client_for(manager_a).post(url(org_a, membership), follow=True)

    assert translated(
        manager_a, "An institution keeps at least one manager: invite another one first."
    ) in text(response)
    membership.refresh_from_db()
    assert membership.is_active


def test_a_manager_deactivates_another_manager(manager_a, org_a):
    other = make_member(org_a, "second.manager@example.org", role=MembershipRole.MANAGER)
    membership = membership_of(other, org_a)

    client_for(manager_a).post(url(org_a, membership))

    membership.refresh_from_db()
    assert not membership.is_active
    assert client_for(other).get(f"/organisations/{org_a.pk}/invite/").status_code == 404


def test_a_membership_of_another_institution_is_not_found(manager_a, requester_b, org_a, org_b):
    membership_b = membership_of(requester_b, org_b)

    response = client_for(manager_a).post(url(org_a, membership_b))

    assert response.status_code == 404
    membership_b.refresh_from_db()
    assert membership_b.is_active


def test_a_manager_cannot_deactivate_members_of_another_institution(manager_a, requester_b, org_b):
    membership_b = membership_of(requester_b, org_b)

    response = client_for(manager_a).post(url(org_b, membership_b))

    assert response.status_code == 404
    membership_b.refresh_from_db()
    assert membership_b.is_active


def test_a_requester_cannot_deactivate_anyone(requester_a, manager_a, org_a):
    other = make_member(org_a, "colleague.a@example.org")
    membership = membership_of(other, org_a)

    response = client_for(requester_a).post(url(org_a, membership))

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_it_only_allows_post(manager_a, requester_a, org_a):
    membership = membership_of(requester_a, org_a)

    response = client_for(manager_a).get(url(org_a, membership))

    assert response.status_code == 405
    membership.refresh_from_db()
    assert membership.is_active


def test_deactivating_twice_changes_nothing(manager_a, requester_a, org_a):
    membership = membership_of(requester_a, org_a)
    client = client_for(manager_a)
    client.post(url(org_a, membership))
    membership.refresh_from_db()
    deactivated_at = membership.deactivated_at

    client.post(url(org_a, membership))

    membership.refresh_from_db()
    assert membership.deactivated_at == deactivated_at
