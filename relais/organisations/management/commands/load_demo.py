"""`manage.py load_demo`: the demo institutions, members and interpreters."""

from collections import Counter

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from relais.accounts.models import User
from relais.organisations import demo
from relais.organisations.models import BillingCode, Membership, Organisation, Place
from relais.organisations.services import create_organisation, save_place


class Command(BaseCommand):
    """Load the demo data of `relais/organisations/demo.py` and print one login per role.

    Every demo account gets the same published password, so the command refuses
    to run with DEBUG off unless `--force` is given (a staging server, say).

    Loads once: records are found by enterprise number, email, billing code and
    place name and created when missing; what exists is left as it is, so what
    a newcomer changes while exploring survives the next `make run`, which calls
    this command at every start. All in one transaction.
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
            f"({changes['created']} records created now)."
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
    """Create the demo records that are missing; return how many were created."""
    changes: Counter = Counter()
    users = _load_users(changes)
    organisations = {
        spec.enterprise_number: _load_organisation(spec, changes) for spec in demo.ORGANISATIONS
    }
    for spec in demo.ORGANISATIONS:
        for email, role in spec.members:
            _, created = Membership.objects.get_or_create(
                user=users[email],
                organisation=organisations[spec.enterprise_number],
                defaults={"role": role},
            )
            changes["created"] += created
    for spec in demo.BILLING_CODES:
        code, created = BillingCode.objects.get_or_create(
            code=spec.code, defaults={"label": spec.label, "payer": organisations[spec.payer]}
        )
        if created:
            code.organisations.set([organisations[number] for number in spec.organisations])
            changes["created"] += 1
    return changes


def _load_users(changes: Counter) -> dict[str, User]:
    # Hashing is the slow part (PBKDF2, about a quarter of a second): once for all.
    password = make_password(demo.DEMO_PASSWORD)
    wanted = {person.email: _user_values(person) for person in demo.PEOPLE}
    for interpreter in demo.INTERPRETERS:
        wanted[interpreter.email] = _user_values(interpreter, is_interpreter=True)
    wanted[demo.COORDINATOR.email] = _user_values(
        demo.COORDINATOR, is_coordinator=True, is_staff=True
    )
    wanted[demo.ADMINISTRATOR.email] = _user_values(
        demo.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    new = []
    for email, values in wanted.items():
        if email not in existing:
            user = User(email=email, password=password, is_active=True, **values)
            user.full_clean()  # what UserManager.create_user checks, bulk_create skips it
            new.append(user)
    User.objects.bulk_create(new)
    changes["created"] += len(new)
    return {user.email: user for user in User.objects.filter(email__in=wanted)}


def _user_values(person, **flags) -> dict:
    return {"full_name": person.full_name, "language": person.language, **flags}


def _load_organisation(spec: demo.DemoOrganisation, changes: Counter) -> Organisation:
    organisation = Organisation.objects.filter(enterprise_number=spec.enterprise_number).first()
    if organisation is None:
        address = spec.official_address
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
    for place in spec.places:
        if not organisation.places.filter(name=place.name).exists():
            save_place(
                place=Place(organisation=organisation),
                name=place.name,
                street=place.street,
                postcode=place.postcode,
                commune=place.commune,
                access_notes=place.access_notes,
            )
            changes["created"] += 1
    return organisation
