"""The bell: a person's notifications, and which optional ones also come by email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import PreferencesForm
from .kinds import KINDS
from .models import EmailOptOut, Notification

# The list shows this many, newest first.
LIST_LIMIT = 50


@login_required
def notification_list(request):
    notifications = list(request.user.notifications.all()[:LIST_LIMIT])
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": notifications,
            "mandatory": [spec.label for spec in KINDS.values() if spec.mandatory],
        },
    )


@login_required
def open_notification(request, pk):
    """Follow a notification to what it is about; it counts as read."""
    try:
        notification = request.user.notifications.get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    muted = set(request.user.email_opt_outs.values_list("kind", flat=True))
    form = PreferencesForm(request.POST if request.method == "POST" else None, muted=muted)
    if request.method == "POST" and form.is_valid():
        wanted = form.muted()
        with transaction.atomic():
            request.user.email_opt_outs.exclude(kind__in=wanted).delete()
            EmailOptOut.objects.bulk_create(
                [EmailOptOut(user=request.user, kind=kind) for kind in wanted - muted],
                ignore_conflicts=True,
            )
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "mandatory": [spec.label for spec in KINDS.values() if spec.mandatory]},
    )
