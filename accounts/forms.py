from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from supportcenter.text import SingleLineField

from .models import User


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, with the email as the username."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email or the password is not correct."),
        "inactive": _("This account is inactive."),
        "seller_inactive": _(
            "The seller account “%(seller)s” is deactivated, so its users cannot log in. "
            "If you think this is a mistake, contact the marketplace."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.seller_is_inactive:
            raise ValidationError(
                self.error_messages["seller_inactive"],
                code="seller_inactive",
                params={"seller": user.seller.trade_name},
            )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        field_classes = {"full_name": SingleLineField}
        error_messages = {"full_name": {"required": _("Please enter your name.")}}


class UserAdminCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "seller"]
        field_classes = {"full_name": SingleLineField}


class UserAdminChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"full_name": SingleLineField}
