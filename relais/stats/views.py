from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.services import is_coordinator
from relais.bookings.queries import active_assignments

from . import exports, figures, queries
from .charts import statistics_charts, statistics_xlsx
from .forms import StatisticsForm

PAGE_SIZE = 50


def _may_list(user) -> bool:
    return is_coordinator(user) or user.memberships.filter(is_active=True).exists()


@login_required
def request_list(request):
    """Toutes les demandes: every request of the person's institutions, past and future."""
    if not _may_list(request.user):
        raise Http404
    form = queries.filter_form(request.user, request.GET)
    requests = queries.filtered_requests(request.user, form, now=timezone.now())
    page = Paginator(requests.select_related("billing_code", "place"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    coordinator = is_coordinator(request.user)
    assignments = active_assignments(page.object_list) if coordinator else {}
    sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or queries.DEFAULT_SORT
    # Members of a single institution need no institution column nor filter.
    show_institution = coordinator or form.fields["organisation"].queryset.count() > 1
    return render(
        request,
        "stats/requests.html",
        {
            "form": form,
            "page": page,
            "rows": [(booking, assignments.get(booking.pk)) for booking in page.object_list],
            "headers": _headers(sort, coordinator=coordinator, show_institution=show_institution),
            "show_institution": show_institution,
            "coordinator": coordinator,
            "filtered": bool(form.data),
        },
    )


def _headers(sort: str, *, coordinator: bool, show_institution: bool) -> list[dict]:
    """The table's column headers, each with its sort link and current order."""
    columns = [
        ("number", _("No.")),
        ("start", _("Date")),
        ("duration", _("Duration")),
        ("type", _("Type of service")),
        ("language", _("Language")),
        ("institution", _("Institution")) if show_institution else None,
        ("billing_code", _("Billing code")),
        ("contact", _("Contact person")),
        (None, _("Place of service")),
        ("reference", _("Internal reference")),
        ("status", _("Status")),
        (None, _("Interpreter")) if coordinator else None,
    ]
    headers = []
    for column in filter(None, columns):
        key, label = column
        header = {"key": key, "label": label, "order": None}
        if key:
            if sort == key:
                header["order"], header["next"] = "ascending", f"-{key}"
            elif sort == f"-{key}":
                header["order"], header["next"] = "descending", key
            else:
                header["next"] = f"-{key}" if key in {"start", "number"} else key
        headers.append(header)
    return headers


@login_required
def export_requests(request, format):
    """The rows of "All requests" with the same filters, as a spreadsheet."""
    if not _may_list(request.user):
        raise Http404
    form = queries.filter_form(request.user, request.GET)
    requests = queries.filtered_requests(request.user, form, now=timezone.now())
    if format == "csv":
        return exports.csv_export(requests)
    return exports.xlsx_export(requests)


def _figures(request):
    """The statistics form and, when it is valid, the figures of its period and scope."""
    user = request.user
    if not _may_list(user):
        raise Http404
    organisations = queries.visible_organisations(user)
    form = StatisticsForm(request.GET, organisations=organisations, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    requests = queries.submitted_requests(user)
    if data["organisation"]:
        requests = requests.filter(organisation=data["organisation"])
    if data["billing_code"]:
        requests = requests.filter(billing_code=data["billing_code"])
    return form, figures.compute(requests, first=data["month_from"], last=data["month_to"])


@login_required
def statistics(request):
    """Infos et statistiques: a period's requests, hours, fulfilment and cancellations."""
    form, result = _figures(request)
    coordinator = is_coordinator(request.user)
    return render(
        request,
        "stats/statistics.html",
        {
            "form": form,
            "figures": result,
            "coordinator": coordinator,
            "charts": statistics_charts(result, coordinator) if result else None,
        },
    )


@login_required
def export_statistics(request):
    """Every table of the statistics page, one sheet each."""
    _form, result = _figures(request)
    if result is None:
        return statistics(request)
    return statistics_xlsx(result, coordinator=is_coordinator(request.user))
