"""Creating, revoking and checking API tokens, and counting their requests.

A token acts for one institution with the rights of a requester: every write
it makes is done "by" the person who created it, who must still be an active
manager of that institution — when they leave, their tokens stop working.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.services import is_coordinator
from relais.organisations.models import Membership, MembershipRole, Organisation

from .models import ApiRateWindow, ApiToken

# Secrets look like "rls_<43 url-safe characters>": the prefix tells a leaked
# secret scanner (and a person) what it is.
SECRET_PREFIX = "rls_"  # noqa: S105 (a marker, not a secret)
DISPLAY_LENGTH = len(SECRET_PREFIX) + 6
MAX_LIFETIME_DAYS = 366
DEFAULT_RATE_LIMIT = 120  # requests per minute and token


def rate_limit() -> int:
    return getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def is_manager(user, organisation: Organisation) -> bool:
    """An active manager of the institution (coordinators are not, unless members)."""
    return (
        user.is_active
        and Membership.objects.filter(
            user=user, organisation=organisation, role=MembershipRole.MANAGER, is_active=True
        ).exists()
    )


def may_see_tokens(user, organisation: Organisation) -> bool:
    return is_manager(user, organisation) or is_coordinator(user)


def tokens_of(organisation: Organisation) -> QuerySet[ApiToken]:
    return organisation.api_tokens.select_related("created_by", "revoked_by")


def get_token_for_user(user, organisation: Organisation, pk) -> ApiToken:
    if not may_see_tokens(user, organisation):
        raise Http404
    try:
        return tokens_of(organisation).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@transaction.atomic
def create_token(
    *, organisation: Organisation, name: str, expires_on, by, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never stored nor shown again."""
    now = timezone.now() if now is None else now
    if not is_manager(by, organisation):
        raise PermissionDenied(_("Only a manager of the institution can create API tokens."))
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name, such as the software that will use it.")
    today = timezone.localdate(now)
    if expires_on <= today:
        errors["expires_on"] = _("The expiry date must be in the future.")
    elif expires_on > today + timedelta(days=MAX_LIFETIME_DAYS):
        errors["expires_on"] = _("A token lasts at most one year.")
    if errors:
        raise ValidationError(errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        created_by=by,
        created_at=now,
        expires_at=timezone.make_aware(datetime.combine(expires_on, datetime.min.time())),
        prefix=secret[:DISPLAY_LENGTH],
        secret_hash=hash_secret(secret),
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, by, now: datetime | None = None) -> ApiToken:
    now = timezone.now() if now is None else now
    if not may_see_tokens(by, token.organisation):
        raise PermissionDenied(_("Only a manager of the institution can revoke its tokens."))
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
        revoked_at=now, revoked_by=by
    )
    if not updated:
        raise ValidationError(_("This token is already revoked."), code="revoked")
    token.refresh_from_db()
    return token


def find_token(secret: str, *, now: datetime) -> ApiToken | None:
    """The usable token of this secret, whose creator still manages its institution.

    The lookup is by hash (a unique index), so the secret itself is never
    compared character by character; the final comparison of the hashes is in
    constant time all the same.
    """
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    digest = hash_secret(secret)
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(secret_hash=digest)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, digest):
        return None
    if not token.is_usable(now) or not token.organisation.is_active:
        return None
    if not is_manager(token.created_by, token.organisation):
        return None
    return token


@dataclass(frozen=True)
class RateCheck:
    allowed: bool
    retry_after: int  # seconds until the window resets


def count_request(token: ApiToken, *, now: datetime) -> RateCheck:
    """Count one request in the token's current minute; allowed while within the limit.

    A fixed window per token and minute, one row each, incremented with a
    conditional UPDATE: atomic on PostgreSQL and SQLite alike, across processes.
    """
    window = now.replace(second=0, microsecond=0)
    rows = ApiRateWindow.objects.filter(token=token, window_start=window)
    # One transaction: the count read back is this request's own increment's,
    # never a later one's (the row stays locked until the commit).
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ApiRateWindow.objects.create(token=token, window_start=window, count=1)
            except IntegrityError:  # another process created it first
                rows.update(count=F("count") + 1)
            else:
                # A new minute: forget the old ones, note when the token was last used.
                ApiRateWindow.objects.filter(token=token, window_start__lt=window).delete()
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        count = rows.values_list("count", flat=True).first() or 0
    retry_after = max(1, 60 - now.second)
    return RateCheck(allowed=count <= rate_limit(), retry_after=retry_after)
