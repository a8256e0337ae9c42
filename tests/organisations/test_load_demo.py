"""`manage.py load_demo`: the demo institutions, people and one login per role."""

from io import StringIO
from itertools import pairwise

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone
from stdnum.be import vat as be_enterprise

from relais.accounts.models import User
from relais.bookings.models import Assignment, Booking
from relais.interpreters.models import (
    Absence,
    AvailabilityWindow,
    InterpreterLanguage,
    InterpreterProfile,
    Language,
    Modality,
)
from relais.matching.engine import BRUSSELS
from relais.organisations import demo
from relais.organisations.communes import BRUSSELS_COMMUNES, commune_for_postcode
from relais.organisations.models import BillingCode, Membership, MembershipRole, Organisation, Place
from relais.records.models import ServiceRecord
from tests.invoicing.helpers import erase_invoices

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug(settings):
    """The demo loads on development machines; pytest-django turns DEBUG off."""
    settings.DEBUG = True


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    """Everything a rerun could change, down to password hashes and audit entries."""
    return {
        "users": list(
            User.objects.order_by("email").values_list(
                "email",
                "password",
                "full_name",
                "language",
                "is_active",
                "is_staff",
                "is_superuser",
                "is_coordinator",
                "is_interpreter",
            )
        ),
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "places": list(Place.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "codes": list(BillingCode.objects.order_by("pk").values()),
        "code_users": list(BillingCode.organisations.through.objects.order_by("pk").values()),
        "languages": list(Language.objects.order_by("pk").values()),
        "profiles": list(InterpreterProfile.objects.order_by("pk").values()),
        "spoken": list(InterpreterLanguage.objects.order_by("pk").values()),
        "windows": list(AvailabilityWindow.objects.order_by("pk").values()),
        "absences": list(Absence.objects.order_by("pk").values()),
        "audit_entries": LogEntry.objects.count(),
    }


def test_creates_the_demo_institutions_with_places_all_over_brussels():
    load_demo()

    organisations = Organisation.objects.all()
    assert organisations.count() == len(demo.ORGANISATIONS) == 5
    for organisation in organisations:
        assert be_enterprise.is_valid(organisation.enterprise_number)
        assert organisation.invoicing_email.endswith(".example")
        assert organisation.official_place is not None
        assert 1 <= organisation.places.filter(is_official=False).count() <= 3
    places = Place.objects.all()
    assert all(commune_for_postcode(place.postcode) for place in places)
    covered = {commune_for_postcode(place.postcode) for place in places}
    assert covered == {commune.fr for commune in BRUSSELS_COMMUNES}
    assert places.exclude(access_notes="").count() >= 3
    # A Dutch-speaking institution writes its communes in Dutch.
    school = Organisation.objects.get(enterprise_number=demo.SCHOOL)
    assert school.language == "nl"
    assert school.official_place.commune == "Schaarbeek"


def test_one_institution_books_under_two_codes_paid_by_different_institutions():
    load_demo()

    cpas = Organisation.objects.get(enterprise_number=demo.CPAS)
    agency = Organisation.objects.get(enterprise_number=demo.AGENCY)
    codes = cpas.billing_codes.all()
    assert codes.count() == 2
    assert {code.payer for code in codes} == {cpas, agency}
    # The agency's code is shared by several institutions.
    assert BillingCode.objects.get(payer=agency).organisations.count() >= 2


def test_every_institution_has_a_manager_and_requesters_and_one_person_has_two():
    load_demo()

    for organisation in Organisation.objects.all():
        members = organisation.memberships.filter(is_active=True)
        assert members.filter(role=MembershipRole.MANAGER).exists()
        assert 1 <= members.filter(role=MembershipRole.REQUESTER).count() <= 3
    members = User.objects.filter(memberships__isnull=False).distinct()
    assert all(member.full_name and member.is_active for member in members)
    assert {member.language for member in members} == {"fr", "nl", "en"}
    assert [user.email for user in members if user.memberships.count() == 2] == [
        "nadia.elidrissi@hopital-demo.example"
    ]


def test_interpreters_coordinator_and_administrator():
    load_demo()

    interpreters = User.objects.filter(is_interpreter=True, is_active=True)
    assert interpreters.count() >= 30
    assert not interpreters.filter(memberships__isnull=False).exists()
    spoken = {code for interpreter in demo.INTERPRETERS for code in interpreter.languages}
    assert all(interpreter.languages for interpreter in demo.INTERPRETERS)
    assert spoken == set(demo.LANGUAGES)
    assert len(spoken) >= 25
    assert {"ti", "prs", "tzm", "rom"} <= spoken
    assert set(interpreters.values_list("email", flat=True)) == {
        interpreter.email for interpreter in demo.INTERPRETERS
    }

    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    assert coordinator.is_coordinator and coordinator.is_staff and not coordinator.is_superuser
    administrator = User.objects.get(email=demo.ADMINISTRATOR.email)
    assert administrator.is_superuser and administrator.is_staff


def test_the_language_catalogue_names_every_language_in_three_languages():
    load_demo()

    languages = {language.code: language for language in Language.objects.all()}
    assert set(languages) == set(demo.LANGUAGES)
    for language in languages.values():
        assert language.name_fr and language.name_nl and language.name_en
        assert language.name_fr[0].isupper()
    # CLDR names where they exist, ours where CLDR has none or not the usual one.
    assert (languages["ti"].name_fr, languages["ti"].name_nl) == ("Tigrigna", "Tigrinya")
    assert languages["prs"].name_nl == "Dari"
    assert languages["ar-MA"].name_fr == "Arabe marocain (darija)"
    assert languages["tzm"].name_en == "Tamazight (Berber)"


def test_every_demo_interpreter_has_a_complete_profile():
    load_demo()

    profiles = InterpreterProfile.objects.select_related("user")
    assert profiles.count() == len(demo.INTERPRETERS)
    by_email = {profile.user.email: profile for profile in profiles}
    for spec in demo.INTERPRETERS:
        profile = by_email[spec.email]
        profile.full_clean()
        levels = list(profile.languages.order_by("pk").values_list("language__code", "level"))
        assert [code for code, _ in levels] == list(spec.languages)
        assert levels[0][1] == "native"
        assert profile.windows.exists()
        assert 60 <= profile.max_minutes_per_day <= 720
        if spec.communes:
            assert Modality.ON_SITE in profile.modalities
        else:
            assert profile.modalities <= {Modality.VIDEO, Modality.PHONE, Modality.PERMANENCE}
            assert profile.communes_served == []
    remote_only = [profile for profile in profiles if not profile.communes_served]
    assert 3 <= len(remote_only) <= len(profiles) // 3
    assert AvailabilityWindow.objects.filter(weekday=5).exists()  # some work on Saturdays
    assert Absence.objects.count() >= 8


def test_demo_windows_and_absences_keep_the_rules_of_the_services():
    load_demo()

    for profile in InterpreterProfile.objects.all():
        windows = list(profile.windows.order_by("weekday", "start_time"))
        for window in windows:
            window.full_clean()
            assert "06:00" <= f"{window.start_time:%H:%M}" < f"{window.end_time:%H:%M}" <= "22:00"
        for first, second in pairwise(windows):
            if first.weekday == second.weekday:
                assert first.end_time <= second.start_time
        absences = list(profile.absences.order_by("starts_on"))
        for first, second in pairwise(absences):
            assert first.ends_on < second.starts_on
        assert all((absence.ends_on - absence.starts_on).days < 366 for absence in absences)


def test_a_rerun_gives_a_profile_to_an_interpreter_who_has_none():
    load_demo()
    # A profile with assignments can't be deleted: the demo requests (and their
    # service records, and the invoices billing them) go first.
    erase_invoices()
    ServiceRecord.objects.all().delete()
    Booking.objects.filter(internal_reference__startswith="DEMO-").delete()
    samira = InterpreterProfile.objects.get(user__email="interpreter@relais-demo.example")
    samira.delete()
    other = InterpreterProfile.objects.exclude(pk=samira.pk).first()
    other.windows.all().delete()

    output = load_demo()

    samira = InterpreterProfile.objects.get(user__email="interpreter@relais-demo.example")
    assert samira.languages.count() == 3
    assert samira.windows.exists()
    assert not other.windows.exists()  # what a person removed stays removed
    assert "(0 records created now)" not in output


def test_one_login_per_role_signs_in_with_the_demo_password():
    load_demo()
    request = RequestFactory().post("/accounts/login/")

    users = {}
    for role, email in demo.LOGINS:
        user = authenticate(request, username=email, password=demo.DEMO_PASSWORD)
        assert user is not None and user.email == email, role
        users[role] = user
    assert users["requester"].memberships.get().role == MembershipRole.REQUESTER
    assert users["organisation manager"].memberships.get().role == MembershipRole.MANAGER
    assert users["interpreter"].is_interpreter
    assert users["coordinator"].is_coordinator
    assert users["administrator"].is_superuser
    assert authenticate(request, username=demo.LOGINS[0][1], password="wrong-password") is None


def test_prints_one_login_per_role_with_the_password_and_address(settings):
    output = load_demo()

    assert len(output.splitlines()) <= 10
    assert f"{settings.SITE_URL}/" in output
    for _role, email in demo.LOGINS:
        line = next(line for line in output.splitlines() if email in line)
        assert demo.DEMO_PASSWORD in line
    assert "records created now" in output


def test_running_twice_changes_nothing():
    load_demo()
    first = snapshot()

    output = load_demo()

    assert snapshot() == first
    assert "(0 records created now)" in output
    assert len(first["users"]) == len(demo.PEOPLE) + len(demo.INTERPRETERS) + 2


def test_a_rerun_keeps_what_people_changed_and_adds_what_is_missing(org_a, requester_a):
    load_demo()
    cpas = Organisation.objects.get(enterprise_number=demo.CPAS)
    manager = User.objects.get(email="manager@cpas-demo.example")
    manager.set_password("changed-by-hand-2026")
    manager.save()
    Organisation.objects.filter(pk=cpas.pk).update(name="CPAS renamed")
    Membership.objects.filter(user__email=demo.LOGINS[0][1]).update(is_active=False)
    # A place that served no request can go (the year of history uses them all: out first).
    history = Booking.objects.filter(internal_reference__startswith=demo.HISTORY_PREFIX)
    years_requests = history.count()
    erase_invoices()
    ServiceRecord.objects.filter(booking__in=history).delete()
    history.delete()
    removed = cpas.places.filter(is_official=False).first()
    removed.delete()
    edited = snapshot()

    output = load_demo()

    assert "(0 records created now)" not in output
    assert cpas.places.filter(name=removed.name).exists()
    assert history.count() == years_requests
    after = snapshot()
    assert after["users"] == edited["users"]
    assert after["organisations"] == edited["organisations"]
    assert after["memberships"] == edited["memberships"]
    assert authenticate(
        RequestFactory().post("/"), username=manager.email, password="changed-by-hand-2026"
    )
    assert Organisation.objects.filter(pk=org_a.pk).exists()
    assert User.objects.filter(pk=requester_a.pk, memberships__organisation=org_a).exists()


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match=r"DEBUG=1.*--force"):
        load_demo()

    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_force_loads_it_without_debug(settings):
    settings.DEBUG = False

    output = load_demo(force=True)

    assert Organisation.objects.count() == 5
    assert demo.DEMO_PASSWORD in output


def test_the_demo_has_a_living_queue():
    load_demo()
    statuses = dict(
        Booking.objects.filter(
            internal_reference__in=[spec.reference for spec in demo.DEMO_REQUESTS]
        ).values_list("internal_reference", "status")
    )
    assert len(statuses) == len(demo.DEMO_REQUESTS)
    assert list(statuses.values()).count(Booking.Status.RECEIVED) >= 3
    assert statuses["DEMO-005"] == Booking.Status.CONFIRMED
    assert statuses["DEMO-006"] == Booking.Status.WAITLISTED
    samira = InterpreterProfile.objects.get(user__email="interpreter@relais-demo.example")
    assert samira.assignments.filter(kind=Assignment.Kind.CONFIRMED).exists()
    for booking in Booking.objects.filter(internal_reference__in=statuses):
        assert booking.start > timezone.now()
        assert booking.start.astimezone(BRUSSELS).weekday() < 5

    history = Booking.objects.filter(internal_reference__startswith=demo.HISTORY_PREFIX).count()
    load_demo()
    assert (
        Booking.objects.filter(internal_reference__startswith="DEMO-").count()
        == len(demo.DEMO_REQUESTS) + len(demo.DEMO_RECORDS) + history
    )


def test_the_demo_has_service_records_in_every_state(db):
    call_command("load_demo", verbosity=0)
    records = ServiceRecord.objects.filter(booking__internal_reference__startswith="DEMO-R")
    states = set(records.values_list("status", flat=True))
    assert states == {"draft", "submitted", "contested", "validated"}
    automatic = records.filter(status="validated", validated_by=None)
    assert automatic.count() == 1
    # One service over and not recorded yet, for the interpreter's portal.
    assert Booking.objects.filter(
        internal_reference__startswith="DEMO-R", status="confirmed", record__isnull=True
    ).exists()
