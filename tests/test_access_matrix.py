"""Who may open what: every URL that takes an object id or is kept for a role,
for every persona (DESIGN.md, object access).

Nobody sees data of an institution they do not belong to: requests for
institution A by an outsider answer 404, exactly as for an id that does not
exist, so nobody can even tell what exists. A POST that is refused changes
nothing.
"""

from types import SimpleNamespace

import pytest

from relais.accounts.models import Invitation
from relais.organisations.models import Membership, Place
from tests.conftest import client_for, make_member
from tests.organisations.helpers import text

PERSONAS = ["anonymous", "requester_a", "manager_a", "requester_b", "interpreter", "coordinator"]

LOGIN = "302 to the login page"
ADMIN = "302 to the admin login page"
TO_A = "302 to A's page"
TO_B = "302 to B's page"

# What each persona gets; the URL of each case is in request_for() below.
EXPECTED = {
    #                        anonymous   requester A manager A   requester B interpreter coordinator
    "GET list":             (LOGIN,      TO_A,       TO_A,       TO_B,       200,        200),
    "GET A":                (LOGIN,      200,        200,        404,        404,        200),
    "GET invite A":         (LOGIN,      404,        200,        404,        404,        200),
    "POST invite A":        (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "POST deactivate in A": (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "GET new place A":      (LOGIN,      404,        200,        404,        404,        200),
    "POST new place A":     (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "GET edit place A":     (LOGIN,      404,        200,        404,        404,        200),
    "POST edit place A":    (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "GET invite anyone":    (LOGIN,      404,        404,        404,        404,        200),
    "POST invite anyone":   (LOGIN,      404,        404,        404,        404,        302),
    "GET admin":            (ADMIN,      ADMIN,      ADMIN,      ADMIN,      ADMIN,      200),
    "GET admin change A":   (ADMIN,      ADMIN,      ADMIN,      ADMIN,      ADMIN,      200),
    "GET profile":          (LOGIN,      200,        200,        200,        200,        200),
}  # fmt: skip


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every persona gets a password; the real hasher would make this matrix slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(
    org_a,
    org_b,
    code_a,
    code_b,
    requester_a,
    manager_a,
    requester_b,
    manager_b,
    interpreter,
    coordinator,
):
    colleague = make_member(org_a, "colleague.a@example.org", full_name="Colette Colleague")
    return SimpleNamespace(
        org_a=org_a,
        org_b=org_b,
        place_a=org_a.places.get(is_official=False),
        colleague_membership=Membership.objects.get(user=colleague, organisation=org_a),
        personas={
            "anonymous": None,
            "requester_a": requester_a,
            "manager_a": manager_a,
            "requester_b": requester_b,
            "interpreter": interpreter,
            "coordinator": coordinator,
        },
    )


def request_for(case: str, w) -> tuple[str, str, dict | None]:
    """(method, url, data) of a case."""
    a = f"/organisations/{w.org_a.pk}"
    new_place = {"name": "Antenne Midi", "street": "Avenue Fonsny 12", "postcode": "1060"}
    invitation = {"email": "new.person@example.org", "role": "requester", "language": "fr"}
    return {
        "GET list": ("get", "/organisations/", None),
        "GET A": ("get", f"{a}/", None),
        "GET invite A": ("get", f"{a}/invite/", None),
        "POST invite A": ("post", f"{a}/invite/", invitation),
        "POST deactivate in A": (
            "post", f"{a}/members/{w.colleague_membership.pk}/deactivate/", {},
        ),
        "GET new place A": ("get", f"{a}/places/new/", None),
        "POST new place A": ("post", f"{a}/places/new/", new_place),
        "GET edit place A": ("get", f"{a}/places/{w.place_a.pk}/edit/", None),
        "POST edit place A": (
            "post", f"{a}/places/{w.place_a.pk}/edit/", {**new_place, "name": "Renamed"},
        ),
        "GET invite anyone": ("get", "/accounts/invite/", None),
        "POST invite anyone": ("post", "/accounts/invite/", {**invitation, "role": "interpreter"}),
        "GET admin": ("get", "/admin/", None),
        "GET admin change A": (
            "get", f"/admin/organisations/organisation/{w.org_a.pk}/change/", None,
        ),
        "GET profile": ("get", "/accounts/profile/", None),
    }[case]  # fmt: skip


def state(w) -> dict:
    """Everything a POST of the matrix could change."""
    return {
        "invitations": Invitation.objects.count(),
        "active memberships": Membership.objects.filter(is_active=True).count(),
        "places": Place.objects.count(),
        "A's place": Place.objects.filter(pk=w.place_a.pk)
        .values_list("name", "street", "postcode", "commune", "access_notes")
        .get(),
    }


# What an allowed POST changes (and nothing else).
EFFECT = {
    "POST invite A": "invitations",
    "POST invite anyone": "invitations",
    "POST deactivate in A": "active memberships",
    "POST new place A": "places",
    "POST edit place A": "A's place",
}


def outcome(response, w) -> str | int:
    """The response as the matrix writes it."""
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith("/accounts/login/?next="):
        return LOGIN
    if location.startswith("/admin/login/?next="):
        return ADMIN
    if location == f"/organisations/{w.org_a.pk}/":
        return TO_A
    if location == f"/organisations/{w.org_b.pk}/":
        return TO_B
    return 302


@pytest.mark.parametrize("case", EXPECTED)
@pytest.mark.parametrize("persona", PERSONAS)
def test_access(world, case, persona):
    expected = EXPECTED[case][PERSONAS.index(persona)]
    method, url, data = request_for(case, world)
    before = state(world)

    client = client_for(world.personas[persona])
    response = getattr(client, method)(url, data) if data is not None else client.get(url)

    assert outcome(response, world) == expected
    after = state(world)
    if method == "post" and expected in {TO_A, 302}:
        changed = {key for key in before if before[key] != after[key]}
        assert changed == {EFFECT[case]}
    else:
        assert after == before


def test_a_not_found_page_says_nothing_of_what_exists(world):
    response = client_for(world.personas["requester_b"]).get(f"/organisations/{world.org_a.pk}/")

    assert response.status_code == 404
    page = text(response)
    assert "CPAS de Saint-Gilles" not in page
    assert "requester.a@example.org" not in page


def test_an_id_that_does_not_exist_answers_like_one_of_another_institution(world):
    client = client_for(world.personas["requester_b"])
    other = client.get(f"/organisations/{world.org_a.pk}/")
    missing = client.get("/organisations/999999/")

    assert other.status_code == missing.status_code == 404
    assert main_content(other) == main_content(missing)


def main_content(response) -> str:
    """The page without its header, whose CSRF token differs on each response."""
    page = text(response)
    return page[page.index("<main") : page.index("</main>")]


A_ONLY = ["requester.a@example.org", "manager.a@example.org", "colleague.a@example.org",
          "CPAS-SG-01", "Antenne sociale Porte de Hal", "Rue Fernand Bernier 40",
          "0203.201.340"]  # fmt: skip
B_ONLY = ["requester.b@example.org", "manager.b@example.org", "HSP-01", "Consultations",
          "Rue Haute 322", "0412.345.614"]  # fmt: skip


@pytest.mark.parametrize("persona", ["requester_a", "manager_a", "coordinator"])
def test_the_page_of_a_shows_nothing_of_b(world, persona):
    page = text(client_for(world.personas[persona]).get(f"/organisations/{world.org_a.pk}/"))

    for value in A_ONLY:
        assert value in page
    for value in B_ONLY:
        assert value not in page


@pytest.mark.parametrize("persona", ["requester_b", "manager_b", "coordinator"])
def test_the_page_of_b_shows_nothing_of_a(world, persona, manager_b):
    user = manager_b if persona == "manager_b" else world.personas[persona]

    page = text(client_for(user).get(f"/organisations/{world.org_b.pk}/"))

    for value in B_ONLY:
        assert value in page
    for value in A_ONLY:
        assert value not in page
