"""Every error of the API is JSON: {"code", "detail"} and, for a 400, "errors" by field."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self, detail=None, code=None):
        limit = settings.CUSTOMERS_API_MAX_BODY_BYTES
        detail = detail or _("The request is too large (the limit is %(limit)d bytes).") % {
            "limit": limit
        }
        super().__init__(detail, code)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("This id was already received with different data.")


def exception_handler(exc, context):
    # As DRF's own handler does, so that the code below sees DRF's exceptions.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = {
            "code": "invalid",
            "detail": str(_("The data sent is not valid: see “errors”.")),
            "errors": response.data,
        }
        return response
    detail = getattr(exc, "detail", "")
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = {"code": code, "detail": str(detail)}
    return response
