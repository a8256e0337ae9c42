import pytest

from relais.interpreters.models import Modality
from tests.bookings.helpers import make_interpreter
from tests.invoicing.helpers import all_tariffs, cancelled_late, validated


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


@pytest.fixture
def june(org_a, code_a, requester_a, org_b, code_b, requester_b, arabic, ilham, coordinator):
    """A's on-site hour and a video call, a late cancellation; B's standing shift."""
    all_tariffs()
    a = (org_a, code_a, requester_a, arabic, ilham, coordinator)
    b = (org_b, code_b, requester_b, arabic, ilham, coordinator)
    return {
        "on_site": validated(*a, day="2030-06-03", minutes=80),
        "video": validated(*a, day="2030-06-04", modality=Modality.VIDEO, minutes=20),
        "cancelled": cancelled_late(org_a, code_a, requester_a, arabic, coordinator),
        "shift": validated(
            *b,
            day="2030-06-11",
            hour="09:00",
            modality=Modality.PERMANENCE,
            duration_minutes=180,
            minutes=180,
            services_count=3,
        ),
    }
