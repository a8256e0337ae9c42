"""POST /availability gives the wizard's answers, from the same engine."""

from django.utils import timezone

from relais.bookings.models import Booking
from relais.bookings.wizard_views import why_lines
from relais.lib.i18n import in_sentence
from relais.matching.queries import analyse_booking
from tests.api.conftest import request_body
from tests.bookings.helpers import draft


def test_somebody_free_is_available(api_a, org_a, code_a, arabic_interpreter):
    response = api_a.post("/availability", request_body(org_a, code_a))

    assert response.status_code == 200
    assert response.json() == {"available": True, "urgent": False, "why": None, "alternatives": []}
    assert not Booking.objects.exists()


def test_nobody_free_says_why_and_offers_the_wizards_alternatives(
    api_a, org_a, code_a, manager_a, arabic, tigrinya, settings
):
    from tests.bookings.helpers import make_interpreter

    make_interpreter("tigrinya@example.org", tigrinya)
    body = request_body(org_a, code_a, alt_language="ti")

    response = api_a.post("/availability", body)

    data = response.json()
    assert data["available"] is False
    assert data["why"]["headline"] == "Aucun de nos interprètes ne parle arabe."
    kinds = [alternative["kind"] for alternative in data["alternatives"]]
    assert "alt_language" in kinds and kinds[-1] == "waitlist"
    # The very same analysis as the wizard's, for the same request.
    analysis = analyse_booking(
        draft(org_a, code_a, manager_a, arabic, alt_language=tigrinya), now=timezone.now()
    )
    assert kinds == [alternative.kind for alternative in analysis.alternatives]
    assert data["why"]["headline"] == why_lines(analysis.why, in_sentence(arabic.name))[0]


def test_a_bad_request_is_refused_per_field(api_a, org_a, code_a, arabic):
    response = api_a.post("/availability", request_body(org_a, code_a, place=None))

    assert response.status_code == 422
    assert "place" in response.json()["fields"]
