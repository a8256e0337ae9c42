"""Requests in every state, written directly: these tests read lists and figures."""

from datetime import timedelta

import pytest

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from tests.bookings.helpers import at


def make_request(organisation, code, contact, language, day, wall_time="10:00", **fields):
    start = at(day, wall_time)
    values = {
        "organisation": organisation,
        "billing_code": code,
        "created_by": contact,
        "contact": contact,
        "modality": Modality.VIDEO,
        "language": language,
        "start": start,
        "duration_minutes": 60,
        "status": Booking.Status.CONFIRMED,
        "submitted_at": start - timedelta(days=4),
    }
    return Booking.objects.create(**(values | fields))


@pytest.fixture
def requests_ab(
    org_a, org_b, code_a, code_b, requester_a, manager_a, requester_b, arabic, tigrinya
):
    """A's requests on two billing codes and two contacts; one of B's; a draft of A's."""
    code_a2 = code_a.__class__.objects.create(code="CPAS-SG-02", label="Logement", payer=org_a)
    code_a2.organisations.add(org_a)
    place = org_a.official_place
    return {
        "a_video": make_request(
            org_a, code_a, requester_a, arabic, "2030-06-03", internal_reference="DOS-17"
        ),
        "a_onsite": make_request(
            org_a,
            code_a2,
            manager_a,
            tigrinya,
            "2030-06-04",
            "14:00",
            modality=Modality.ON_SITE,
            place=place,
            duration_minutes=90,
            status=Booking.Status.RECEIVED,
        ),
        "a_cancelled": make_request(
            org_a,
            code_a,
            requester_a,
            arabic,
            "2030-06-05",
            status=Booking.Status.CANCELLED,
            late_cancellation=True,
        ),
        "b_phone": make_request(
            org_b, code_b, requester_b, arabic, "2030-06-03", modality=Modality.PHONE
        ),
        "a_draft": make_request(
            org_a, code_a, requester_a, arabic, "2030-06-06", status=Booking.Status.DRAFT
        ),
    }
