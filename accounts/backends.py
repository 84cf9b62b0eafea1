from django.contrib.auth.backends import ModelBackend

from .models import User


class EmailBackend(ModelBackend):
    """Django's ModelBackend, loading the user's seller with the user (one query a request)."""

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("seller").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
