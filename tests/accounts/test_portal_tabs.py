"""The portal's tabs: only those whose feature exists, named for each role."""

import re

from tests.conftest import client_for, in_language, make_user


def tabs(user) -> list[str]:
    page = client_for(user).get("/accounts/profile/").content.decode()
    navigation = page.split('<ul class="navbar-nav me-auto">')[1].split("</ul>")[0]
    labels = re.findall(r"<a [^>]*>(.*?)</a>", navigation, flags=re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", label)).strip() for label in labels]


def translated(message: str) -> str:
    return in_language("fr", message)


def test_a_member_sees_the_seeds_tabs_in_order(requester_a):
    assert tabs(requester_a) == [
        "Actions et tâches",
        "Mes organisations",
        "Infos et statistiques",
        "Nouvelle demande",
        "Validation",
        "Toutes les demandes",
        "Factures",
    ]


def test_a_coordinator_sees_their_queues_the_institutions_and_the_interpreters(coordinator):
    assert tabs(coordinator)[:6] == [
        translated("Actions and tasks"),
        translated("Requests to check") + " 0",
        translated("All requests"),
        translated("Statistics"),
        translated("Institutions"),
        translated("Interpreters"),
    ]


def test_an_interpreter_sees_their_tasks_and_availability(interpreter):
    assert tabs(interpreter) == [translated("Actions and tasks"), translated("My availability")]


def test_an_interpreter_who_is_also_a_member_has_one_home_tab(requester_a):
    requester_a.is_interpreter = True
    requester_a.save()
    labels = tabs(requester_a)
    assert labels.count("Actions et tâches") == 1
    assert labels[-1] == "Mes disponibilités"


def test_the_home_tab_is_current_on_the_home_page_only(requester_a):
    client = client_for(requester_a)
    home = client.get("/").content.decode()
    assert re.search(r'class="nav-link active" href="/"\s+aria-current="page"', home)
    listing = client.get("/stats/requests/").content.decode()
    assert 'class="nav-link active" href="/"' not in listing
    assert re.search(r'class="nav-link active" href="/stats/requests/"', listing)


def test_a_person_without_institution_or_role_sees_no_tab(db):
    assert tabs(make_user("nobody@example.org")) == []
