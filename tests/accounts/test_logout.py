"""/accounts/logout/: by POST, from the menu's form."""

from tests.conftest import client_for

URL = "/accounts/logout/"


def test_it_logs_out_by_post(requester_a, org_a):
    client = client_for(requester_a)

    response = client.post(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 302  # back to login


def test_it_does_not_log_out_by_a_link(requester_a, org_a):
    client = client_for(requester_a)

    response = client.get(URL)

    assert response.status_code == 405
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 200


def test_the_menu_logs_out_with_a_form(requester_a, org_a):
    page = client_for(requester_a).get(f"/organisations/{org_a.pk}/").content.decode()

    assert f'<form action="{URL}" method="post">' in page
