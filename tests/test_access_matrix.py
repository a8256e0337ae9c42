"""Who may open what: every URL that takes an object id or is kept for a role,
for every persona (DESIGN.md, object access).

Nobody sees data of an institution they do not belong to: requests for
institution A by an outsider answer 404, exactly as for an id that does not
exist, so nobody can even tell what exists. A POST that is refused changes
nothing.
"""

from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from relais.accounts.models import Invitation
from relais.accounts.services import invite_user
from relais.bookings.models import Booking
from relais.bookings.services import submit_booking
from relais.interpreters.models import InterpreterProfile
from relais.interpreters.services import (
    add_absence,
    add_language,
    add_window,
    create_language,
    create_profile,
)
from relais.invoicing.models import Invoice, Tariff
from relais.invoicing.services import issue_invoices
from relais.notifications.models import OutboxEmail
from relais.organisations.models import Membership, Place
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter, saved_draft
from tests.conftest import client_for, make_member
from tests.invoicing.helpers import JULY_FIRST, JUNE, all_tariffs, validated
from tests.organisations.helpers import text

PERSONAS = ["anonymous", "requester_a", "manager_a", "requester_b", "interpreter", "coordinator"]

LOGIN = "302 to the login page"
ADMIN = "302 to the admin login page"
TO_A = "302 to A's page"
TO_B = "302 to B's page"
TO_ME = "302 to my availability"
TO_PROF = "302 to the interpreter's profile"
TO_REQ = "302 to A's request"
TO_STEP = "302 to the next step of A's draft"
TO_NEW = "302 to New request"
TO_SENT = "302 to the request A's draft became"
TO_INV = "302 to A's invoice"
TO_RUN = "302 to the invoice run"
TO_TARIFF = "302 to the tariffs"

# What each persona gets; the URL of each case is in request_for() below.
EXPECTED = {
    #                        anonymous   requester A manager A   requester B interpreter coordinator
    "GET list":             (LOGIN,      TO_A,       TO_A,       TO_B,       200,        200),
    "GET A":                (LOGIN,      200,        200,        404,        404,        200),
    "GET invite A":         (LOGIN,      404,        200,        404,        404,        200),
    "POST invite A":        (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "POST deactivate in A": (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "POST resend invitation A": (LOGIN,  404,        TO_A,       404,        404,        TO_A),
    "POST withdraw invitation A": (LOGIN, 404,       TO_A,       404,        404,        TO_A),
    "GET new place A":      (LOGIN,      404,        200,        404,        404,        200),
    "POST new place A":     (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "GET edit place A":     (LOGIN,      404,        200,        404,        404,        200),
    "POST edit place A":    (LOGIN,      404,        TO_A,       404,        404,        TO_A),
    "GET invite anyone":    (LOGIN,      404,        404,        404,        404,        200),
    "POST invite anyone":   (LOGIN,      404,        404,        404,        404,        302),
    "GET admin":            (ADMIN,      ADMIN,      ADMIN,      ADMIN,      ADMIN,      200),
    "GET admin change A":   (ADMIN,      ADMIN,      ADMIN,      ADMIN,      ADMIN,      200),
    "GET profile":          (LOGIN,      200,        200,        200,        200,        200),
    "GET my availability":  (LOGIN,      404,        404,        404,        200,        404),
    "POST add my window":   (LOGIN,      404,        404,        404,        TO_ME,      404),
    "POST remove my window": (LOGIN,     404,        404,        404,        TO_ME,      404),
    "POST add my absence":  (LOGIN,      404,        404,        404,        TO_ME,      404),
    "POST remove my absence": (LOGIN,    404,        404,        404,        TO_ME,      404),
    "GET interpreters":     (LOGIN,      404,        404,        404,        404,        200),
    "GET interpreter":      (LOGIN,      404,        404,        404,        404,        200),
    "POST interpreter":     (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "POST add language":    (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "POST remove language": (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "POST add window":      (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "POST remove window":   (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "POST add absence":     (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "POST remove absence":  (LOGIN,      404,        404,        404,        404,        TO_PROF),
    "GET admin languages":  (ADMIN,      ADMIN,      ADMIN,      ADMIN,      ADMIN,      200),
    "GET request A":        (LOGIN,      200,        200,        404,        404,        200),
    "GET queue":            (LOGIN,      404,        404,        404,        404,        200),
    "POST confirm A":       (LOGIN,      404,        404,        404,        404,        TO_REQ),
    "POST decline A":       (LOGIN,      404,        404,        404,        404,        TO_REQ),
    "GET cancel A":         (LOGIN,      200,        200,        404,        404,        200),
    "POST cancel A":        (LOGIN,      TO_REQ,     TO_REQ,     404,        404,        TO_REQ),
    "GET change A":         (LOGIN,      200,        200,        404,        404,        200),
    "POST change A":        (LOGIN,      TO_REQ,     TO_REQ,     404,        404,        TO_REQ),
    "GET withdraw A":       (LOGIN,      404,        404,        404,        404,        200),
    "POST withdraw A":      (LOGIN,      404,        404,        404,        404,        TO_REQ),
    "GET notifications":    (LOGIN,      200,        200,        200,        200,        200),
    "GET notification of A": (LOGIN,     TO_REQ,     404,        404,        404,        404),
    "GET validation":       (LOGIN,      200,        200,        200,        404,        404),
    "GET contests":         (LOGIN,      404,        404,        404,        404,        200),
    "GET to invoice":       (LOGIN,      404,        404,        404,        404,        200),
    "GET new request":      (LOGIN,      200,        200,        200,        404,        404),
    "GET draft A step":     (LOGIN,      200,        404,        404,        404,        404),
    "POST draft A step":    (LOGIN,      TO_STEP,    404,        404,        404,        404),
    "GET draft A analysis": (LOGIN,      200,        404,        404,        404,        404),
    "GET draft A summary":  (LOGIN,      200,        404,        404,        404,        404),
    "POST draft A confirm": (LOGIN,      TO_SENT,    404,        404,        404,        404),
    "POST draft A discard": (LOGIN,      TO_NEW,     404,        404,        404,        404),
    "GET all requests":     (LOGIN,      200,        200,        200,        404,        200),
    "GET export xlsx":      (LOGIN,      200,        200,        200,        404,        200),
    "GET export csv":       (LOGIN,      200,        200,        200,        404,        200),
    "GET export pdf":       (404,        404,        404,        404,        404,        404),
    "GET statistics":       (LOGIN,      200,        200,        200,        404,        200),
    "GET statistics xlsx":  (LOGIN,      200,        200,        200,        404,        200),
    "GET invoices":         (LOGIN,      200,        200,        200,        404,        200),
    "GET invoice A":        (LOGIN,      200,        200,        404,        404,        200),
    "GET invoice A pdf":    (LOGIN,      200,        200,        404,        404,        200),
    "GET invoice A xml":    (LOGIN,      200,        200,        404,        404,        200),
    "GET invoice A xlsx":   (LOGIN,      200,        200,        404,        404,        200),
    "GET invoice run":      (LOGIN,      404,        404,        404,        404,        200),
    "POST invoice run":     (LOGIN,      404,        404,        404,        404,        TO_RUN),
    "GET invoicing overview": (LOGIN,    404,        404,        404,        404,        200),
    "GET tariffs":          (LOGIN,      404,        404,        404,        404,        200),
    "GET new tariff":       (LOGIN,      404,        404,        404,        404,        200),
    "POST new tariff":      (LOGIN,      404,        404,        404,        404,        TO_TARIFF),
    "GET edit tariff":      (LOGIN,      404,        404,        404,        404,        200),
    "GET paid A":           (LOGIN,      404,        404,        404,        404,        200),
    "POST paid A":          (LOGIN,      404,        404,        404,        404,        200),
    "GET credit A":         (LOGIN,      404,        404,        404,        404,        200),
    "POST credit A":        (LOGIN,      404,        404,        404,        404,        TO_INV),
    "GET send A":           (LOGIN,      404,        404,        404,        404,        200),
    "POST send A":          (LOGIN,      404,        404,        404,        404,        TO_INV),
}  # fmt: skip


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
    profile = create_profile(user=interpreter)
    add_language(profile=profile, language=create_language(code="ar"), level="native")
    soon = timezone.localdate() + timedelta(days=7)
    make_interpreter("holder@example.org", profile.languages.get().language)
    booking_a = submit_booking(
        booking=draft(org_a, code_a, requester_a, profile.languages.get().language),
        by=requester_a,
    )
    draft_a = saved_draft(
        org_a, code_a, requester_a, profile.languages.get().language, start=at(MONDAY, "14:00")
    )
    notification_a = requester_a.notifications.get(kind="booking_received")
    # A's invoice for June 2030: a service validated, the month issued.
    tariff = all_tariffs()[0]
    persian = create_language(code="fa")
    billed = make_interpreter("billed@example.org", persian)
    validated(org_a, code_a, requester_a, persian, billed, coordinator)
    invoice_a = issue_invoices(period_start=JUNE[0], period_end=JUNE[1], now=JULY_FIRST).invoices[0]
    return SimpleNamespace(
        invoice_a=invoice_a,
        tariff=tariff,
        notification_a=notification_a,
        booking_a=booking_a,
        draft_a=draft_a,
        org_a=org_a,
        profile=profile,
        spoken=profile.languages.get(),
        tigrinya=create_language(code="ti"),
        window=add_window(profile=profile, weekday=0, start_time=time(9), end_time=time(12)),
        absence=add_absence(profile=profile, starts_on=soon, ends_on=soon),
        soon=soon + timedelta(days=7),
        org_b=org_b,
        place_a=org_a.places.get(is_official=False),
        colleague_membership=Membership.objects.get(user=colleague, organisation=org_a),
        invitation_a=invite_user(
            invited_by=manager_a, email="pending@example.org", role="requester", organisation=org_a
        ),
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
    me, p = "/interpreters/me", f"/interpreters/{w.profile.pk}"
    window = {"weekday": "2", "start_time": "09:00", "end_time": "12:00"}
    absence = {"starts_on": w.soon.isoformat(), "ends_on": w.soon.isoformat(), "kind": "holiday"}
    profile = {"accepts_video": "on", "max_hours_per_day": "4", "is_active": "on"}
    d = f"/requests/new/{w.draft_a.pk}"
    i = f"/invoices/{w.invoice_a.number}"
    change = {
        "modality": "on_site",
        "date": "2030-06-03",
        "start_time": "10:00",
        "duration_minutes": "90",
        "language": w.booking_a.language_id,
        "place": w.booking_a.place_id,
        "onsite_contact_name": w.booking_a.onsite_contact_name,
        "onsite_contact_phone": w.booking_a.onsite_contact_phone,
    }
    who = {"billing_code": w.draft_a.billing_code_id, "contact": w.draft_a.contact_id}
    return {
        "GET list": ("get", "/organisations/", None),
        "GET A": ("get", f"{a}/", None),
        "GET invite A": ("get", f"{a}/invite/", None),
        "POST invite A": ("post", f"{a}/invite/", invitation),
        "POST deactivate in A": (
            "post", f"{a}/members/{w.colleague_membership.pk}/deactivate/", {},
        ),
        "POST resend invitation A": (
            "post", f"{a}/invitations/{w.invitation_a.pk}/resend/", {},
        ),
        "POST withdraw invitation A": (
            "post", f"{a}/invitations/{w.invitation_a.pk}/withdraw/", {},
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
        "GET my availability": ("get", f"{me}/", None),
        "POST add my window": ("post", f"{me}/windows/add/", window),
        "POST remove my window": ("post", f"{me}/windows/{w.window.pk}/remove/", {}),
        "POST add my absence": ("post", f"{me}/absences/add/", absence),
        "POST remove my absence": ("post", f"{me}/absences/{w.absence.pk}/remove/", {}),
        "GET interpreters": ("get", "/interpreters/", None),
        "GET interpreter": ("get", f"{p}/", None),
        "POST interpreter": ("post", f"{p}/", profile),
        "POST add language": (
            "post", f"{p}/languages/add/", {"language": w.tigrinya.pk, "level": "fluent"},
        ),
        "POST remove language": ("post", f"{p}/languages/{w.spoken.pk}/remove/", {}),
        "POST add window": ("post", f"{p}/windows/add/", window),
        "POST remove window": ("post", f"{p}/windows/{w.window.pk}/remove/", {}),
        "POST add absence": ("post", f"{p}/absences/add/", absence),
        "POST remove absence": ("post", f"{p}/absences/{w.absence.pk}/remove/", {}),
        "GET admin languages": ("get", "/admin/interpreters/language/", None),
        "GET request A": ("get", f"/requests/{w.booking_a.pk}/", None),
        "GET queue": ("get", "/requests/queue/", None),
        "POST confirm A": ("post", f"/requests/{w.booking_a.pk}/confirm/", {}),
        "POST decline A": ("post", f"/requests/{w.booking_a.pk}/decline/", {"reason": "Full"}),
        "GET cancel A": ("get", f"/requests/{w.booking_a.pk}/cancel/", None),
        "POST cancel A": ("post", f"/requests/{w.booking_a.pk}/cancel/", {"reason": "Reporté"}),
        "GET change A": ("get", f"/requests/{w.booking_a.pk}/change/", None),
        "POST change A": ("post", f"/requests/{w.booking_a.pk}/change/", change),
        "GET withdraw A": ("get", f"/requests/{w.booking_a.pk}/withdraw/", None),
        "POST withdraw A": ("post", f"/requests/{w.booking_a.pk}/withdraw/", {"reason": "Malade"}),
        "GET notifications": ("get", "/notifications/", None),
        "GET notification of A": ("get", f"/notifications/{w.notification_a.pk}/", None),
        "GET validation": ("get", "/records/validation/", None),
        "GET contests": ("get", "/records/contests/", None),
        "GET to invoice": ("get", "/records/to-invoice/", None),
        "GET new request": ("get", "/requests/new/", None),
        "GET draft A step": ("get", f"{d}/who/", None),
        "POST draft A step": ("post", f"{d}/who/", {**who, "internal_reference": "DOS-12"}),
        "GET draft A analysis": ("get", f"{d}/analysis/", None),
        "GET draft A summary": ("get", f"{d}/summary/", None),
        "POST draft A confirm": ("post", f"{d}/summary/", {"mode": "hold"}),
        "POST draft A discard": ("post", f"{d}/discard/", {}),
        "GET all requests": ("get", f"/stats/requests/?organisation={w.org_a.pk}", None),
        "GET export xlsx": ("get", f"/stats/requests/export.xlsx?organisation={w.org_a.pk}", None),
        "GET export csv": ("get", f"/stats/requests/export.csv?organisation={w.org_a.pk}", None),
        "GET export pdf": ("get", "/stats/requests/export.pdf", None),
        "GET statistics": ("get", f"/stats/?organisation={w.org_a.pk}", None),
        "GET statistics xlsx": ("get", f"/stats/export.xlsx?organisation={w.org_a.pk}", None),
        "GET invoices": ("get", "/invoices/", None),
        "GET invoice A": ("get", f"{i}/", None),
        "GET invoice A pdf": ("get", f"{i}.pdf", None),
        "GET invoice A xml": ("get", f"{i}.xml", None),
        "GET invoice A xlsx": ("get", f"{i}.xlsx", None),
        "GET invoice run": ("get", "/invoices/run/", None),
        "POST invoice run": ("post", "/invoices/run/", {"month": "2026-05"}),
        "GET invoicing overview": ("get", "/invoices/overview/", None),
        "GET tariffs": ("get", "/invoices/tariffs/", None),
        "GET new tariff": ("get", "/invoices/tariffs/new/", None),
        "POST new tariff": ("post", "/invoices/tariffs/new/", NEW_TARIFF),
        "GET edit tariff": ("get", f"/invoices/tariffs/{w.tariff.pk}/", None),
        "GET paid A": ("get", f"{i}/paid/", None),
        # A's invoice is dated 2030: a payment of today comes before it and is refused.
        "POST paid A": ("post", f"{i}/paid/", {"paid_on": timezone.localdate().isoformat()}),
        "GET credit A": ("get", f"{i}/credit/", None),
        "POST credit A": ("post", f"{i}/credit/", {"what": "amount", "amount": "9", "reason": "X"}),
        "GET send A": ("get", f"{i}/send/", None),
        "POST send A": ("post", f"{i}/send/", {"to": "compta@cpas-a.example"}),
    }[case]  # fmt: skip


def state(w) -> dict:
    """Everything a POST of the matrix could change."""
    return {
        "invitations": Invitation.objects.count(),
        "withdrawn or replaced invitations": Invitation.objects.exclude(revoked_at=None).count(),
        "active memberships": Membership.objects.filter(is_active=True).count(),
        "places": Place.objects.count(),
        "A's place": Place.objects.filter(pk=w.place_a.pk)
        .values_list("name", "street", "postcode", "commune", "access_notes")
        .get(),
        "profile": InterpreterProfile.objects.filter(pk=w.profile.pk).values().get(),
        "languages": sorted(w.profile.languages.values_list("language__code", "level")),
        "windows": sorted(w.profile.windows.values_list("weekday", "start_time", "end_time")),
        "absences": sorted(w.profile.absences.values_list("starts_on", "ends_on")),
        "A's request": (
            Booking.objects.filter(pk=w.booking_a.pk).values_list("status", flat=True).get(),
            sorted(
                w.booking_a.assignments.filter(released_at=None).values_list(
                    "interpreter_id", "kind"
                )
            ),
            w.booking_a.events.count(),
        ),
        "A's draft": Booking.objects.filter(pk=w.draft_a.pk).values().first(),
        "invoices": sorted(Invoice.objects.values_list("number", "status")),
        "tariffs": Tariff.objects.count(),
        "invoice emails": OutboxEmail.objects.filter(template__startswith="invoice").count(),
    }


NEW_TARIFF = {
    "modality": "video",
    "valid_from": "2020-01-01",
    "valid_until": "2029-12-31",
    "hourly_rate": "40",
    "minimum_minutes": "30",
    "increment_minutes": "15",
    "travel_fee": "0",
    "shift_rate": "0",
    "shift_service_rate": "0",
    "late_cancellation_charge": "20",
    "vat_category": "E",
    "vat_rate": "0",
    "vat_exemption_reason": "Exonération, article 44",
    "vat_exemption_reason_nl": "Vrijstelling, artikel 44",
    "vat_exemption_reason_en": "Exempt, article 44",
}


# What an allowed POST changes (and nothing else).
EFFECT: dict[str, str | set[str]] = {
    "POST resend invitation A": {"invitations", "withdrawn or replaced invitations"},
    "POST withdraw invitation A": "withdrawn or replaced invitations",
    "POST invite A": "invitations",
    "POST invite anyone": "invitations",
    "POST deactivate in A": "active memberships",
    "POST new place A": "places",
    "POST edit place A": "A's place",
    "POST add my window": "windows",
    "POST remove my window": "windows",
    "POST add my absence": "absences",
    "POST remove my absence": "absences",
    "POST interpreter": "profile",
    "POST add language": "languages",
    "POST remove language": "languages",
    "POST add window": "windows",
    "POST remove window": "windows",
    "POST add absence": "absences",
    "POST remove absence": "absences",
    "POST confirm A": "A's request",
    "POST decline A": "A's request",
    "POST cancel A": "A's request",
    "POST withdraw A": "A's request",
    "POST change A": "A's request",
    "POST draft A step": "A's draft",
    "POST draft A confirm": "A's draft",
    "POST draft A discard": "A's draft",
    "POST invoice run": set(),  # May 2026 has nothing to invoice: the run says so
    "POST new tariff": "tariffs",
    "POST credit A": {"invoices", "invoice emails"},  # the credit note, emailed to A
    "POST send A": "invoice emails",
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
    if location == "/interpreters/me/":
        return TO_ME
    if location == f"/interpreters/{w.profile.pk}/":
        return TO_PROF
    if location == f"/requests/{w.booking_a.pk}/":
        return TO_REQ
    if location == f"/requests/{w.draft_a.pk}/":
        return TO_SENT
    if location.startswith(f"/requests/new/{w.draft_a.pk}/"):
        return TO_STEP
    if location == "/requests/new/":
        return TO_NEW
    if location == f"/invoices/{w.invoice_a.number}/":
        return TO_INV
    if location.startswith("/invoices/run/"):
        return TO_RUN
    if location.startswith("/invoices/tariffs/"):
        return TO_TARIFF
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
    if method == "post" and expected in {
        TO_A,
        TO_ME,
        TO_PROF,
        TO_REQ,
        TO_STEP,
        TO_SENT,
        TO_NEW,
        TO_INV,
        TO_RUN,
        TO_TARIFF,
        302,
    }:
        changed = {key for key in before if before[key] != after[key]}
        effect = EFFECT[case]
        assert changed == (effect if isinstance(effect, set) else {effect})
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


@pytest.mark.parametrize(
    "url",
    [
        "/stats/requests/?organisation={a}",
        "/stats/requests/export.csv?organisation={a}",
        "/stats/?organisation={a}",
        "/stats/requests/",
        "/stats/requests/export.csv",
    ],
)
def test_lists_and_exports_of_b_hold_nothing_of_a(world, url):
    response = client_for(world.personas["requester_b"]).get(url.format(a=world.org_a.pk))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page = body.decode()
    assert response.status_code == 200
    assert "CPAS-SG-01" not in page
    assert f"#{world.booking_a.pk}<" not in page
    assert "Amina Requester" not in page
