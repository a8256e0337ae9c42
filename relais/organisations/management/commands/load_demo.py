"""`manage.py load_demo`: the demo institutions, members and interpreters."""

from collections import Counter

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from relais.accounts.models import User
from relais.organisations import demo
from relais.organisations.communes import commune_for_postcode
from relais.organisations.models import BillingCode, Membership, Organisation, Place
from relais.organisations.services import create_organisation, save_place

# A fixed salt makes the demo hash the same at every run, so that a rerun
# rewrites no password (and a user's hash shows at a glance whether it is still
# the demo password). Safe here only because the password is published anyway;
# 24 characters keep Django from asking to rehash it at the first login.
DEMO_SALT = "relaisDemoSaltPublished1"


class Command(BaseCommand):
    """Load the demo data of `relais/organisations/demo.py` and print one login per role.

    Every demo account gets the same published password, so the command refuses
    to run with DEBUG off unless `--force` is given (a staging server, say).

    Idempotent: records are found by enterprise number, email, billing code and
    place name, created when missing and put back as described in demo.py when
    edited; anything else in the database is left alone. `make run` calls it at
    every start, all in one transaction.
    """

    help = "Load fictional demo institutions, members and interpreters (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off: every demo account has a published password.",
        )

    def handle(self, *args, force: bool, verbosity: int, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts whose password is published, so it only runs "
                "with DEBUG=1. Add --force to load it anyway, on a server nobody relies on."
            )
        with transaction.atomic():
            changes = load_demo()
        if verbosity:
            self.print_logins(changes)

    def print_logins(self, changes: Counter) -> None:
        site = f"{settings.SITE_URL}/"
        self.stdout.write(
            f"Demo data: {len(demo.ORGANISATIONS)} institutions, "
            f"{sum(1 + len(o.places) for o in demo.ORGANISATIONS)} places, "
            f"{len(demo.BILLING_CODES)} billing codes, {demo_account_count()} accounts "
            f"({changes['created']} records created, {changes['updated']} updated)."
        )
        self.stdout.write(f"Sign in at {site} (administrator: {site}admin/)")
        width = max(len(role) for role, _ in demo.LOGINS)
        email_width = max(len(email) for _, email in demo.LOGINS)
        self.stdout.write(f"  {'role':<{width}}  {'email':<{email_width}}  password")
        for role, email in demo.LOGINS:
            self.stdout.write(f"  {role:<{width}}  {email:<{email_width}}  {demo.DEMO_PASSWORD}")


def demo_account_count() -> int:
    return len(demo.PEOPLE) + len(demo.INTERPRETERS) + 2  # + coordinator, administrator


def load_demo() -> Counter:
    """Create or restore every demo record; return how many were created and updated."""
    changes: Counter = Counter()
    users = _load_users(changes)
    organisations = {
        spec.enterprise_number: _load_organisation(spec, changes) for spec in demo.ORGANISATIONS
    }
    for spec in demo.ORGANISATIONS:
        for email, role in spec.members:
            membership, created = Membership.objects.get_or_create(
                user=users[email],
                organisation=organisations[spec.enterprise_number],
                defaults={"role": role},
            )
            _count(changes, created, membership, role=role, is_active=True, deactivated_at=None)
    for spec in demo.BILLING_CODES:
        payer = organisations[spec.payer]
        code, created = BillingCode.objects.get_or_create(
            code=spec.code, defaults={"label": spec.label, "payer": payer}
        )
        _count(changes, created, code, label=spec.label, payer_id=payer.pk, is_active=True)
        wanted = {organisations[number].pk for number in spec.organisations}
        if set(code.organisations.values_list("pk", flat=True)) != wanted:
            code.organisations.set(wanted)
            if not created:
                changes["updated"] += 1
    return changes


def _load_users(changes: Counter) -> dict[str, User]:
    # Hashing is the slow part (PBKDF2, about a quarter of a second): once for all.
    password = make_password(demo.DEMO_PASSWORD, salt=DEMO_SALT)
    wanted = {person.email: _user_values(person, password) for person in demo.PEOPLE}
    for interpreter in demo.INTERPRETERS:
        wanted[interpreter.email] = _user_values(interpreter, password, is_interpreter=True)
    wanted[demo.COORDINATOR.email] = _user_values(
        demo.COORDINATOR, password, is_coordinator=True, is_staff=True
    )
    wanted[demo.ADMINISTRATOR.email] = _user_values(
        demo.ADMINISTRATOR, password, is_staff=True, is_superuser=True
    )

    existing = {user.email: user for user in User.objects.filter(email__in=wanted)}
    new, edited, edited_fields = [], [], set()
    for email, values in wanted.items():
        user = existing.get(email)
        if user is None:
            user = User(email=email, **values)
            user.full_clean()  # what UserManager.create_user checks, bulk_create skips it
            new.append(user)
            continue
        fields = _assign(user, values)
        if fields:
            edited.append(user)
            edited_fields.update(fields)
    User.objects.bulk_create(new)
    if edited:
        User.objects.bulk_update(edited, sorted(edited_fields))
    changes["created"] += len(new)
    changes["updated"] += len(edited)
    return {user.email: user for user in User.objects.filter(email__in=wanted)}


def _user_values(person, password: str, **flags) -> dict:
    # Every flag is stated, so that a rerun also takes back a flag set by hand.
    return {
        "full_name": person.full_name,
        "language": person.language,
        "password": password,
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
        "is_coordinator": False,
        "is_interpreter": False,
        **flags,
    }


def _load_organisation(spec: demo.DemoOrganisation, changes: Counter) -> Organisation:
    address = spec.official_address
    organisation = Organisation.objects.filter(enterprise_number=spec.enterprise_number).first()
    if organisation is None:
        organisation = create_organisation(
            name=spec.name,
            enterprise_number=spec.enterprise_number,
            invoicing_email=spec.invoicing_email,
            street=address.street,
            postcode=address.postcode,
            commune=address.commune,
            language=spec.language,
        )
        changes["created"] += 2  # the institution and its official address
    else:
        _count(
            changes,
            False,
            organisation,
            name=spec.name,
            invoicing_email=spec.invoicing_email,
            language=spec.language,
            is_active=True,
        )
        official = organisation.places.filter(is_official=True).first()
        _load_place(
            official or Place(organisation=organisation, is_official=True),
            address,
            spec.name,
            changes,
        )
    for place_spec in spec.places:
        place = organisation.places.filter(name=place_spec.name, is_official=False).first()
        _load_place(place or Place(organisation=organisation), place_spec, place_spec.name, changes)
    return organisation


def _load_place(place: Place, spec: demo.DemoPlace, name: str, changes: Counter) -> None:
    values = {
        "name": name,
        "street": spec.street,
        "postcode": spec.postcode,
        "commune": spec.commune or commune_for_postcode(spec.postcode) or "",
        "access_notes": spec.access_notes,
    }
    if place.pk and place.is_active and not _differs(place, values):
        return  # save_place always writes; an unchanged place is left alone
    changes["updated" if place.pk else "created"] += 1
    place.is_active = True
    save_place(place=place, **values)


def _differs(instance, values: dict) -> list[str]:
    return [field for field, value in values.items() if getattr(instance, field) != value]


def _assign(instance, values: dict) -> list[str]:
    fields = _differs(instance, values)
    for field in fields:
        setattr(instance, field, values[field])
    return fields


def _count(changes: Counter, created: bool, instance, **values) -> None:
    """Count a record created by get_or_create, or put back its demo values if edited."""
    if created:
        changes["created"] += 1
        return
    fields = _assign(instance, values)
    if fields:
        instance.save(update_fields=fields)
        changes["updated"] += 1
