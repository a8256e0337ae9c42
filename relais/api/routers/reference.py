"""What a request refers to: languages, and the institution's billing codes and places."""

from ninja import Router

from relais.interpreters.models import Language
from relais.organisations.queries import billing_codes_for_organisation

from ..errors import ErrorOut
from ..schemas import BillingCodeOut, LanguageOut, PlaceOut

router = Router(tags=["reference"])
ERRORS = {401: ErrorOut, 413: ErrorOut, 429: ErrorOut}


@router.get(
    "/languages", response={200: list[LanguageOut], **ERRORS}, summary="Languages of the catalogue"
)
def languages(request):
    """Every language an interpreter can be asked for, named in the caller's language."""
    rows = Language.objects.order_by(Language.name_field())
    return [{"code": language.code, "name": language.name} for language in rows]


@router.get(
    "/billing-codes",
    response={200: list[BillingCodeOut], **ERRORS},
    summary="The institution's codes",
)
def billing_codes(request):
    """The active billing codes the token's institution may book under."""
    codes = billing_codes_for_organisation(request.auth.organisation)
    return [
        {"id": code.pk, "code": code.code, "label": code.label, "payer": code.payer.name}
        for code in codes
    ]


@router.get("/places", response={200: list[PlaceOut], **ERRORS}, summary="The institution's places")
def places(request):
    """The active places of service of the token's institution, official address first."""
    return list(request.auth.organisation.places.filter(is_active=True))
