"""`Authorization: Bearer <token>`: the integration whose token hashes to it, if active."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from ..models import Integration
from ..tokens import token_hash


class IntegrationClient:
    """`request.user` of an API call: the integration itself, never a person."""

    is_authenticated = True
    is_active = True
    is_staff = False
    seller_id = None

    def __init__(self, integration: Integration):
        self.integration = integration

    def __str__(self):
        return str(self.integration)


class IntegrationTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the token as “Authorization: Bearer <token>”."))
        token = parts[1].decode("latin-1")
        integration = Integration.objects.filter(token_hash=token_hash(token)).first()
        if integration is None or not integration.is_active:
            raise AuthenticationFailed(_("The token is not valid or was revoked."))
        return IntegrationClient(integration), integration

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document names this authentication (drf-spectacular)."""

    target_class = "customers.api.authentication.IntegrationTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Bearer"
        )
