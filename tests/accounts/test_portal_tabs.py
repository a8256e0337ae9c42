"""The portal's tabs: only those whose feature exists, named for each role."""

import re

from tests.conftest import client_for, in_language, make_user


def tabs(user) -> list[str]:
    page = client_for(user).get("/accounts/profile/").content.decode()
    navigation = page.split('<ul class="navbar-nav me-auto">')[1].split("</ul>")[0]
    return [
        re.sub(r"\s+", " ", label).strip() for label in re.findall(r">([^<>]+)</a>", navigation)
    ]


def translated(message: str) -> str:
    return in_language("fr", message)


def test_a_member_sees_the_seeds_tabs_in_order(requester_a):
    assert tabs(requester_a) == [
        translated("My organisations"),
        translated("New request"),
        translated("Validation"),
    ]


def test_a_coordinator_sees_the_institutions_and_the_interpreters(coordinator):
    assert tabs(coordinator)[:2] == [translated("Institutions"), translated("Interpreters")]


def test_an_interpreter_sees_their_availability(interpreter):
    assert tabs(interpreter) == [translated("My availability")]


def test_a_person_without_institution_or_role_sees_no_tab(db):
    assert tabs(make_user("nobody@example.org")) == []
