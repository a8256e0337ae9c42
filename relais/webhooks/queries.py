"""Scoped reads: a webhook is loaded through the institution its user manages
(coordinators manage every one); anything else is a 404."""

from django.http import Http404

from relais.organisations.queries import get_organisation_for_manager

from .models import Webhook


def get_webhook_for_manager(user, organisation_pk, pk) -> Webhook:
    organisation = get_organisation_for_manager(user, organisation_pk)
    try:
        return organisation.webhooks.select_related("organisation").get(pk=pk)
    except (Webhook.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
