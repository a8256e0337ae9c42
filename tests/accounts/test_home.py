from tests.conftest import client_for


def test_it_sends_anonymous_visitors_to_the_login_page(db):
    response = client_for(None).get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lands_a_member_on_their_institution(requester_a, org_a):
    response = client_for(requester_a).get("/", follow=True)

    # The home page itself ("Actions and tasks", tests/stats/test_home.py), with their institution.
    assert (response.status_code, response.redirect_chain) == (200, [])
    assert org_a.name in response.content.decode()


def test_it_lands_a_coordinator_on_the_list_of_institutions(coordinator, org_a, org_b):
    response = client_for(coordinator).get("/", follow=True)

    assert (response.status_code, response.redirect_chain) == (200, [])
    assert 'href="/organisations/"' in response.content.decode()


def test_it_lands_an_interpreter_on_their_availability(interpreter):
    response = client_for(interpreter).get("/", follow=True)

    assert (response.status_code, response.redirect_chain) == (200, [])
    assert 'href="/interpreters/me/' in response.content.decode()
    assert interpreter.full_name in response.content.decode()
