"""Personas shared by every test (DESIGN.md, quality bar): a requester and a
manager of institution A, a requester of institution B, an interpreter, a
coordinator, and anonymous visitors."""

import html

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from huey.contrib.djhuey import HUEY

from relais.accounts.models import User
from relais.interpreters.services import create_language
from relais.notifications.services import deliver_outbox
from relais.organisations.models import BillingCode, Membership, MembershipRole, Place
from relais.organisations.services import create_organisation

PASSWORD = "Kiwi-Lantern-2048"

# Tasks queued on commit run in the test process itself; a test that needs a
# real worker process starts one (tests/notifications/test_worker.py).
HUEY.immediate = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 takes half a second a password: every persona would cost that.
    Hashing strength is Django's business; these tests check what people see."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def invoice_pdfs_of_this_test(settings, tmp_path):
    """Invoice PDFs are cached on disk; each test has its own directory, since
    test data repeat numbers and dates from one run to the next."""
    settings.INVOICE_PDF_DIR = tmp_path / "invoices"


def make_user(email, *, full_name="", language="fr", **flags) -> User:
    return User.objects.create_user(
        email, PASSWORD, full_name=full_name, language=language, is_active=True, **flags
    )


def make_member(organisation, email, *, role=MembershipRole.REQUESTER, **kwargs) -> User:
    user = make_user(email, **kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def org_a(db):
    organisation = create_organisation(
        name="CPAS de Saint-Gilles",
        enterprise_number="0203.201.340",
        invoicing_email="factures@cpas-a.example",
        street="Rue Fernand Bernier 40",
        postcode="1060",
    )
    Place.objects.create(
        organisation=organisation,
        name="Antenne sociale Porte de Hal",
        street="Boulevard du Midi 25",
        postcode="1000",
        commune="Bruxelles",
    )
    return organisation


@pytest.fixture
def org_b(db):
    organisation = create_organisation(
        name="Hôpital Saint-Pierre",
        enterprise_number="0412.345.614",
        invoicing_email="factures@hopital-b.example",
        street="Rue Haute 322",
        postcode="1000",
        language="nl",
    )
    return organisation


@pytest.fixture
def code_a(org_a, org_b):
    """A code used by A and paid by A."""
    code = BillingCode.objects.create(code="CPAS-SG-01", label="Service social", payer=org_a)
    code.organisations.add(org_a)
    return code


@pytest.fixture
def code_b(org_b):
    code = BillingCode.objects.create(code="HSP-01", label="Consultations", payer=org_b)
    code.organisations.add(org_b)
    return code


@pytest.fixture
def requester_a(org_a):
    return make_member(org_a, "requester.a@example.org", full_name="Amina Requester")


@pytest.fixture
def manager_a(org_a):
    return make_member(
        org_a, "manager.a@example.org", full_name="Marc Manager", role=MembershipRole.MANAGER
    )


@pytest.fixture
def requester_b(org_b):
    return make_member(org_b, "requester.b@example.org", full_name="Bert Requester", language="nl")


@pytest.fixture
def manager_b(org_b):
    return make_member(
        org_b,
        "manager.b@example.org",
        full_name="Bea Manager",
        role=MembershipRole.MANAGER,
        language="nl",
    )


@pytest.fixture
def interpreter(db):
    return make_user("interpreter@example.org", full_name="Ilham Interpreter", is_interpreter=True)


@pytest.fixture
def coordinator(db):
    return make_user(
        "coordinator@example.org", full_name="Chloé Coordinator", is_coordinator=True, is_staff=True
    )


@pytest.fixture
def arabic(db):
    return create_language(code="ar")


@pytest.fixture
def tigrinya(db):
    return create_language(code="ti")


def page_text(response) -> str:
    """A page as its reader sees it: HTML entities (&#x27; …) decoded."""
    return html.unescape(response.content.decode())


def in_language(language: str, message: str, /, **params) -> str:
    """A UI message as the portal shows it in `language`, whatever the catalogues say today."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def sent_emails(db):
    """Deliver the outbox as the worker would, and return what was sent."""

    def deliver():
        deliver_outbox()
        return list(mail.outbox)

    return deliver


# --- axe-core summary -----------------------------------------------------------
# The browser tests count the pages axe-core audited (tests/browser/conftest.py).
# These hooks live here because the xdist controller only loads this conftest.


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from tests.browser.conftest import AUDIT, AXE_TAGS

    pages, violations = AUDIT.pages, AUDIT.violations
    for worker in getattr(config, "_axe_workers", []):
        pages += worker.get("axe_pages", 0)
        violations += worker.get("axe_violations", 0)
    if pages:
        terminalreporter.write_line(
            f"axe-core ({', '.join(AXE_TAGS)}): {pages} pages audited, {violations} violation(s)"
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    workers = getattr(node.config, "_axe_workers", [])
    workers.append(getattr(node, "workeroutput", None) or {})
    node.config._axe_workers = workers
