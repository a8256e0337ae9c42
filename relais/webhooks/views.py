from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.lib.forms import add_validation_error
from relais.organisations.queries import get_organisation_for_manager

from . import services
from .forms import WebhookForm
from .queries import get_webhook_for_manager
from .signing import TOLERANCE

LOG_SIZE = 100


@login_required
def webhook_list(request, pk):
    organisation = get_organisation_for_manager(request.user, pk)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = services.create_webhook(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("The webhook is registered. Copy its secret into your system.")
            )
            return redirect("webhooks:detail", pk=organisation.pk, webhook_pk=webhook.pk)
    return render(
        request,
        "webhooks/list.html",
        {"organisation": organisation, "webhooks": organisation.webhooks.all(), "form": form},
    )


@login_required
def webhook_detail(request, pk, webhook_pk):
    webhook = get_webhook_for_manager(request.user, pk, webhook_pk)
    return render(
        request,
        "webhooks/detail.html",
        {
            "organisation": webhook.organisation,
            "webhook": webhook,
            "deliveries": webhook.deliveries.order_by("-created_at", "-pk")[:LOG_SIZE],
            "log_size": LOG_SIZE,
            "tolerance_minutes": TOLERANCE // 60,
        },
    )


@login_required
@require_POST
def rotate(request, pk, webhook_pk):
    webhook = get_webhook_for_manager(request.user, pk, webhook_pk)
    services.rotate_secret(webhook=webhook)
    messages.success(
        request, _("The secret was changed: events are signed with the new one from now on.")
    )
    return redirect("webhooks:detail", pk=pk, webhook_pk=webhook.pk)


@login_required
@require_POST
def toggle(request, pk, webhook_pk):
    webhook = get_webhook_for_manager(request.user, pk, webhook_pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_webhook_active(webhook=webhook, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The webhook is enabled again.") if active else _("The webhook is disabled."),
        )
    return redirect("webhooks:detail", pk=pk, webhook_pk=webhook.pk)


@login_required
@require_POST
def test_event(request, pk, webhook_pk):
    webhook = get_webhook_for_manager(request.user, pk, webhook_pk)
    if not webhook.is_active:
        messages.error(request, _("Enable the webhook before sending it a test event."))
    else:
        services.send_test_event(webhook=webhook, by=request.user)
        messages.success(
            request, _("A test event was sent: its delivery is at the top of the log.")
        )
    return redirect("webhooks:detail", pk=pk, webhook_pk=webhook.pk)
