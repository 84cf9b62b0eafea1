from django.contrib.auth.backends import ModelBackend

from .models import User


class EmailBackend(ModelBackend):
    """Django's ModelBackend, finding users by their normalised email (User.objects).

    A user of a deactivated seller keeps a valid password but loses access: get_user()
    ends a session they already have on their next request, and the login form tells
    them why (LoginForm.confirm_login_allowed), which is why authenticate() still
    accepts them, as Django leaves its "inactive account" message to the form.
    """

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("seller").get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user) or user.seller_is_inactive:
            return None
        return user
