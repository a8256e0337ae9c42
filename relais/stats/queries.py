"""The rows behind "All requests" and its exports: scoped, filtered, sorted.

Every read starts from ``bookings_for_user``: a member sees the requests of
their institutions (all billing codes), a coordinator every institution's.
Drafts are the wizard's business and never listed here.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from relais.accounts.services import is_coordinator
from relais.bookings.models import Booking
from relais.bookings.queries import bookings_for_user, member_organisations
from relais.interpreters.models import Language
from relais.organisations.models import Organisation

from .forms import SORTS, RequestFilterForm

DEFAULT_SORT = "-start"


def visible_organisations(user) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=member_organisations(user))


def contact_choices(user, data) -> QuerySet:
    """The people a list may be filtered on: members of the person's institutions;
    for coordinators, those of the institution they filter on (else none: a
    service-wide list of every member would say nothing)."""
    users = get_user_model().objects.order_by("full_name", "pk")
    organisations = visible_organisations(user)
    if is_coordinator(user):
        raw = data.get("organisation", "")
        if not raw.isdigit():
            return users.none()
        organisations = organisations.filter(pk=int(raw))
    return users.filter(
        memberships__organisation__in=organisations, memberships__is_active=True
    ).distinct()


def filter_form(user, data) -> RequestFilterForm:
    return RequestFilterForm(
        data, organisations=visible_organisations(user), contacts=contact_choices(user, data)
    )


def submitted_requests(user) -> QuerySet[Booking]:
    requests = bookings_for_user(user)
    if not is_coordinator(user):
        # The institutions' ids as plain values rather than a subquery: PostgreSQL
        # then serves a member's sorted first page from the (organisation, start)
        # index in milliseconds instead of scanning (docs/benchmarks.md).
        ids = list(member_organisations(user).values_list("organisation", flat=True))
        requests = requests.model.objects.select_related(
            "organisation", "language", "contact"
        ).filter(organisation__in=ids)
    return requests.exclude(status=Booking.Status.DRAFT)


def local_midnight(day) -> datetime:
    """The start of a day in Brussels (the portal's time zone), as an aware instant."""
    return timezone.make_aware(datetime.combine(day, time()))


def brussels_day(now: datetime) -> tuple[datetime, datetime]:
    """Midnight to midnight of `now`'s day in Brussels."""
    today = timezone.localdate(now)
    return local_midnight(today), local_midnight(today + timedelta(days=1))


def filtered_requests(user, form: RequestFilterForm, *, now: datetime) -> QuerySet[Booking]:
    """The requests a valid form selects, sorted; none for an invalid one."""
    requests = submitted_requests(user)
    if not form.is_valid():
        return requests.none()
    data = form.cleaned_data
    if data["period"] == "today":
        day_start, day_end = brussels_day(now)
        requests = requests.filter(start__gte=day_start, start__lt=day_end)
    elif data["period"] == "upcoming":
        requests = requests.filter(start__gte=now)
    elif data["period"] == "past":
        requests = requests.filter(start__lt=now)
    if data["date_from"]:
        requests = requests.filter(start__gte=local_midnight(data["date_from"]))
    if data["date_to"]:
        requests = requests.filter(start__lt=local_midnight(data["date_to"] + timedelta(days=1)))
    fields = {
        "status": "status",
        "type": "modality",
        "language": "language",
        "organisation": "organisation",
        "billing_code": "billing_code",
        "contact": "contact",
        "place": "place",
    }
    for name, field in fields.items():
        if data[name]:
            requests = requests.filter(**{field: data[name]})
    if data["q"]:
        search = Q(internal_reference__icontains=data["q"])
        number = data["q"].lstrip("#")
        if number.isdigit():
            search |= Q(pk=int(number))
        requests = requests.filter(search)
    return requests.order_by(*sort_fields(data["sort"] or DEFAULT_SORT))


def sort_fields(sort: str) -> list[str]:
    descending = sort.startswith("-")
    fields = [
        field.format(language=f"language__{Language.name_field()}")
        for field in SORTS[sort.lstrip("-")]
    ]
    return [f"-{field}" if descending else field for field in fields]
