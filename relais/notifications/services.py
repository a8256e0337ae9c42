"""Writing emails to the outbox and delivering them."""

import base64
import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .kinds import KINDS
from .models import EmailOptOut, Notification, OutboxEmail

logger = logging.getLogger(__name__)


Attachment = tuple[str, bytes, str]  # filename, content, MIME type


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    attachments: list[Attachment] | None = None,
) -> OutboxEmail:
    """Render `template` in the recipient's language and put it in the outbox.

    Three templates per message: notifications/email/<template>-subject.txt,
    -body.txt and -body.html; `attachments` are stored with the row (base64)
    and attached when the email is sent. Delivery is triggered once the surrounding
    transaction commits; the periodic sweep catches anything left behind.
    """
    context = _with_site(context)
    with translation.override(language):
        prefix = f"notifications/email/{template}"
        subject = _subject(template, context)
        body_text = _render_text(f"{prefix}-body.txt", context)
        body_html = render_to_string(f"{prefix}-body.html", context)
    email = OutboxEmail.objects.create(
        to=to,
        language=language,
        template=template,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        attachments=[
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(content).decode("ascii"),
            }
            for filename, content, mimetype in attachments or []
        ],
    )
    from .tasks import deliver_outbox_task

    transaction.on_commit(deliver_outbox_task)
    return email


def _with_site(context: dict) -> dict:
    return {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME, **context}


def _subject(template: str, context: dict) -> str:
    """The subject line of a message, in the active language: one line, keeping
    the non-breaking spaces of French typography."""
    subject = _render_text(f"notifications/email/{template}-subject.txt", context)
    return re.sub(r"[ \t\r\n]+", " ", subject).strip()


def notify(
    *,
    user,
    kind: str,
    context: dict,
    url: str,
    attachments: list[Attachment] | None = None,
) -> Notification:
    """A message to a person about a request or an assignment: always in the
    portal (the bell), and by email unless they muted this optional kind."""
    context = _with_site({**context, "recipient": user})
    with translation.override(user.language):
        subject = _subject(kind, context)
    notification = Notification.objects.create(user=user, kind=kind, subject=subject[:255], url=url)
    if KINDS[kind].mandatory or not EmailOptOut.objects.filter(user=user, kind=kind).exists():
        queue_email(
            to=user.email,
            template=kind,
            context=context,
            language=user.language,
            attachments=attachments,
        )
    return notification


def _render_text(template_name: str, context: dict) -> str:
    """Subjects and text parts are not HTML: "CPAS d'Ixelles" must not become "d&#x27;Ixelles"."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def deliver_outbox(*, limit: int = 100) -> int:
    """Send the emails that are due; return how many were sent.

    Each row is claimed with a conditional UPDATE (its attempt count moves on),
    so several workers never send the same email twice.
    """
    now = timezone.now()
    due = list(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", "attempts")[:limit]
    )
    sent = 0
    for pk, attempts in due:
        claimed = OutboxEmail.objects.filter(
            pk=pk, status=OutboxEmail.Status.PENDING, attempts=attempts
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + settings.OUTBOX_BACKOFF)
        if not claimed:
            continue
        email = OutboxEmail.objects.get(pk=pk)
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments:
            message.attach(
                attachment["filename"],
                base64.b64decode(attachment["content"]),
                attachment["mimetype"],
            )
        try:
            message.send()
        except Exception as error:  # any transport failure: retry later
            logger.warning("Sending email %s failed: %s", pk, error)
            backoff = settings.OUTBOX_BACKOFF * (2 ** min(email.attempts, 10))
            gave_up = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
            OutboxEmail.objects.filter(pk=pk).update(
                last_error=str(error)[:2000],
                next_attempt_at=timezone.now() + backoff,
                status=OutboxEmail.Status.FAILED if gave_up else OutboxEmail.Status.PENDING,
            )
            continue
        OutboxEmail.objects.filter(pk=pk).update(
            status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent
