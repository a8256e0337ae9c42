"""The API tokens page of an institution: managers create, list and revoke;
coordinators see and revoke; anyone else gets a 404 and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.api.models import ApiToken
from relais.api.tokens import hash_secret
from tests.api.conftest import ApiClient, make_token
from tests.conftest import client_for, in_language, page_text


def _url(organisation):
    return f"/api/tokens/{organisation.pk}/"


def _form(**overrides):
    expires = timezone.localdate() + timedelta(days=90)
    return {"name": "Logiciel patients", "expires_on": expires.isoformat()} | overrides


def test_a_manager_creates_a_token_and_sees_its_secret_once(manager_a, org_a):
    client = client_for(manager_a)

    response = client.post(_url(org_a), _form(), follow=True)

    assert response.redirect_chain == [(_url(org_a), 302)]
    token = ApiToken.objects.get()
    text = page_text(response)
    secret = text.split('id="new-secret" readonly value="')[1].split('"')[0]
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    assert token.organisation == org_a and token.created_by == manager_a
    assert "Copiez-le maintenant" in text
    assert response["Cache-Control"] == "no-store"
    again = page_text(client.get(_url(org_a)))  # a reload shows it no more
    assert secret not in again and token.prefix in again and "Logiciel patients" in again
    assert ApiClient(secret).get("/places").status_code == 200


def test_the_page_is_linked_from_the_institution_for_its_managers(manager_a, requester_a, org_a):
    assert _url(org_a) in page_text(client_for(manager_a).get(f"/organisations/{org_a.pk}/"))
    assert _url(org_a) not in page_text(client_for(requester_a).get(f"/organisations/{org_a.pk}/"))


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"name": "  "}, "name", "This field is required."),
        ({"expires_on": "2000-01-01"}, "expires_on", "The expiry date must be in the future."),
        ({"expires_on": "2099-01-01"}, "expires_on", "A token lasts at most one year."),
    ],
)
def test_bad_input_is_explained_in_dutch_and_creates_nothing(
    manager_b, org_b, form, field, message
):
    response = client_for(manager_b).post(_url(org_b), _form(**form))

    assert response.status_code == 200
    assert in_language("nl", message) in page_text(response)
    assert not ApiToken.objects.exists()


def test_a_manager_revokes_a_token(manager_a, org_a, token_a):
    token, secret = token_a

    response = client_for(manager_a).post(f"{_url(org_a)}{token.pk}/revoke/", follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == manager_a
    assert "ne fonctionne plus" in page_text(response)
    assert ApiClient(secret).get("/places").status_code == 401


def test_a_coordinator_sees_and_revokes_but_does_not_create(coordinator, org_a, token_a):
    token, _secret = token_a
    client = client_for(coordinator)

    page = client.get(_url(org_a))
    create = client.post(_url(org_a), _form())
    revoke = client.post(f"{_url(org_a)}{token.pk}/revoke/")

    assert page.status_code == 200 and token.name in page_text(page)
    assert "Créer le jeton" not in page_text(page)
    assert create.status_code == 404
    assert revoke.status_code == 302
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_by == coordinator


@pytest.mark.parametrize("persona", ["requester_a", "requester_b", "manager_b", "interpreter"])
def test_anyone_else_gets_404_and_changes_nothing(request, persona, org_a, manager_a):
    token, _secret = make_token(org_a, manager_a)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(_url(org_a)).status_code == 404
    assert client.post(_url(org_a), _form()).status_code == 404
    assert client.post(f"{_url(org_a)}{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_goes_to_the_login_page(org_a):
    response = client_for(None).get(_url(org_a))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_of_b_cannot_be_revoked_through_as_page(manager_a, org_a, token_b):
    token, _secret = token_b

    response = client_for(manager_a).post(f"{_url(org_a)}{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
