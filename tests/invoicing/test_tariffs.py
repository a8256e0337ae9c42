"""Tariffs: versions of one type of service never overlap, no negative
amount, an increment of at least a minute, the reason of a VAT exemption."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from relais.interpreters.models import Modality
from relais.invoicing.models import Tariff, VatCategory
from relais.invoicing.services import save_tariff
from tests.conftest import client_for
from tests.invoicing.helpers import saved_tariff, tariff


def errors_of(candidate: Tariff) -> dict:
    with pytest.raises(ValidationError) as refused:
        save_tariff(tariff=candidate)
    return refused.value.message_dict


def test_a_new_version_follows_the_old_one(db):
    saved_tariff(valid_until=date(2030, 3, 31))
    saved_tariff(valid_from=date(2030, 4, 1), hourly_rate=Decimal("55"))
    assert Tariff.objects.count() == 2


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [
        (date(2030, 3, 31), None),  # starts on the old one's last day
        (date(2029, 6, 1), date(2030, 1, 1)),  # ends on its first day
        (date(2030, 2, 1), date(2030, 2, 28)),  # inside
        (date(2029, 1, 1), None),  # around
    ],
)
def test_overlapping_versions_are_refused(db, valid_from, valid_until):
    saved_tariff(valid_until=date(2030, 3, 31))
    errors = errors_of(tariff(valid_from=valid_from, valid_until=valid_until))
    assert list(errors) == ["valid_from"]
    assert Tariff.objects.count() == 1


def test_an_open_ended_version_blocks_any_later_one(db):
    saved_tariff()  # from 2030, no end
    assert "valid_from" in errors_of(tariff(valid_from=date(2031, 1, 1)))
    # Another type of service is another tariff.
    saved_tariff(Modality.VIDEO, valid_from=date(2031, 1, 1))


def test_amounts_increment_and_dates_are_checked(db):
    errors = errors_of(
        tariff(
            hourly_rate=Decimal("-1"),
            travel_fee=Decimal("-0.01"),
            increment_minutes=0,
            valid_until=date(2029, 12, 31),
        )
    )
    assert set(errors) >= {"hourly_rate", "travel_fee", "increment_minutes", "valid_until"}


def test_an_exemption_needs_its_reason_and_a_standard_rate_a_rate(db):
    errors = errors_of(tariff(vat_category=VatCategory.EXEMPT, vat_exemption_reason=" "))
    assert list(errors) == ["vat_exemption_reason"]
    errors = errors_of(tariff(vat_category=VatCategory.EXEMPT, vat_exemption_reason_nl=""))
    assert list(errors) == ["vat_exemption_reason_nl"]
    errors = errors_of(tariff(vat_category=VatCategory.STANDARD, vat_rate=Decimal("0")))
    assert "vat_rate" in errors
    errors = errors_of(tariff(vat_category=VatCategory.EXEMPT, vat_rate=Decimal("21")))
    assert "vat_rate" in errors
    saved_tariff(
        vat_category=VatCategory.STANDARD,
        vat_rate=Decimal("21"),
        vat_exemption_reason="",
        vat_exemption_reason_nl="",
    )


def test_only_coordinators_edit_tariffs(requester_a, coordinator):
    with pytest.raises(PermissionDenied):
        save_tariff(tariff=tariff(), by=requester_a)
    save_tariff(tariff=tariff(), by=coordinator)


def test_coordinators_edit_tariffs_in_the_back_office(coordinator, requester_a):
    client = client_for(coordinator)
    response = client.post(
        "/admin/invoicing/tariff/add/",
        {
            "modality": "on_site",
            "valid_from": "2030-01-01",
            "hourly_rate": "50.00",
            "minimum_minutes": "60",
            "increment_minutes": "15",
            "travel_fee": "10.00",
            "shift_rate": "0",
            "shift_service_rate": "0",
            "late_cancellation_charge": "50",
            "vat_category": "E",
            "vat_rate": "0",
            "vat_exemption_reason": "Art. 44 §2 2°",
            "vat_exemption_reason_nl": "Art. 44 §2 2°",
            "vat_exemption_reason_en": "",
        },
    )
    assert response.status_code == 302
    assert Tariff.objects.get().hourly_rate == Decimal("50.00")
    # An overlapping version: the form says so, nothing is saved.
    response = client.post(
        "/admin/invoicing/tariff/add/",
        {
            "modality": "on_site",
            "valid_from": "2030-06-01",
            "hourly_rate": "-5",
            "minimum_minutes": "60",
            "increment_minutes": "15",
            "travel_fee": "0",
            "shift_rate": "0",
            "shift_service_rate": "0",
            "late_cancellation_charge": "0",
            "vat_category": "E",
            "vat_rate": "0",
            "vat_exemption_reason": "",
            "vat_exemption_reason_nl": "",
            "vat_exemption_reason_en": "",
        },
    )
    assert response.status_code == 200
    assert Tariff.objects.count() == 1
    assert client_for(requester_a).get("/admin/invoicing/tariff/").status_code == 302


def test_a_tariff_change_is_audited(coordinator):
    saved = save_tariff(tariff=tariff(), by=coordinator)
    saved.hourly_rate = Decimal("55.00")
    save_tariff(tariff=saved, by=coordinator)
    entry = LogEntry.objects.get_for_object(saved).order_by("-timestamp").first()
    assert entry.changes_dict["hourly_rate"] == ["50.00", "55.00"]
