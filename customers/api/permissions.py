from rest_framework.permissions import BasePermission

from ..models import Integration


class IsIntegration(BasePermission):
    """Only a call made with an integration's token (anything else is a 401)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, Integration)
