from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from relais.bookings.models import Booking

from .services import is_coordinator

# The portal's tabs, in the seed's order. A tab is listed once its feature
# exists; the others are added by the issues that build them.
PORTAL_TABS = [
    ("home", _("Actions and tasks"), "home"),
    ("organisations", _("My organisations"), "organisations:list"),
    ("stats", _("Information and statistics"), "stats:statistics"),
    ("bookings", _("New request"), "bookings:new"),
    ("records", _("Validation"), "records:validation"),
    ("stats", _("All requests"), "stats:requests"),
    ("invoicing", _("Invoices"), "invoicing:list"),
]
# Interpreters belong to the service, not to an institution: their own tab.
INTERPRETER_TABS = [
    ("home", _("Actions and tasks"), "home"),
    ("interpreters", _("My availability"), "interpreters:me"),
]
# The operations team sees every institution, under its own name for the tab.
COORDINATOR_TABS = [
    ("home", _("Actions and tasks"), "home"),
    ("bookings", _("Requests to check"), "bookings:queue"),
    ("stats", _("All requests"), "stats:requests"),
    ("stats", _("Statistics"), "stats:statistics"),
    ("organisations", _("Institutions"), "organisations:list"),
    ("interpreters", _("Interpreters"), "interpreters:list"),
    ("records", _("Contests"), "records:contests"),
    ("invoicing", _("Invoices"), "invoicing:list"),
]


def portal(request):
    user = request.user
    coordinator = is_coordinator(user)
    entries = []
    if coordinator:
        entries += COORDINATOR_TABS
    elif user.is_authenticated and user.memberships.filter(is_active=True).exists():
        entries += PORTAL_TABS
    if user.is_authenticated and user.is_active and user.is_interpreter:
        entries += INTERPRETER_TABS
    tabs = []
    for key, label, url_name in entries:
        url = reverse(url_name)
        # An interpreter who is also a member or a coordinator has one home tab.
        if all(tab["url"] != url for tab in tabs):
            tabs.append({"key": key, "label": label, "url": url})
    # The current tab: the one whose address the page's starts with, the longest
    # (the home page's "/" only for itself).
    matching = [
        tab
        for tab in tabs
        if request.path.startswith(tab["url"]) and (tab["url"] != "/" or request.path == "/")
    ]
    if matching:
        max(matching, key=lambda tab: len(tab["url"]))["active"] = True
    if coordinator:
        # The queue's tab carries how many requests wait for a decision.
        queue = reverse("bookings:queue")
        waiting = Booking.objects.filter(status=Booking.Status.RECEIVED).count()
        next(tab for tab in tabs if tab["url"] == queue)["count"] = waiting
    current = request.resolver_match.namespace if request.resolver_match else ""
    return {
        # The bell's count: one indexed query per page.
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count()
        if user.is_authenticated
        else 0,
        "portal_tabs": tabs,
        "current_area": current,
        "is_coordinator": coordinator,
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "available_languages": settings.LANGUAGES,
    }
