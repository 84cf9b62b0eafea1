from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .identity import normalize_email


class Country(models.TextChoices):
    CHILE = "CL", _("Chile")
    PERU = "PE", _("Peru")
    COLOMBIA = "CO", _("Colombia")
    MEXICO = "MX", _("Mexico")


# Each country's civil time zone: business hours and holidays are counted there.
COUNTRY_TIME_ZONES = {
    Country.CHILE: "America/Santiago",
    Country.PERU: "America/Lima",
    Country.COLOMBIA: "America/Bogota",
    Country.MEXICO: "America/Mexico_City",
}


class Seller(models.Model):
    """A seller account of the marketplace. All its users share its cases."""

    code = models.CharField(_("seller code"), max_length=20, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=120)
    tax_id = models.CharField(_("tax ID"), max_length=30, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    notification_email = models.EmailField(
        _("notification email"),
        help_text=_("The seller's official address for support notifications."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["trade_name"]

    def __str__(self):
        return f"{self.trade_name} ({self.code})"

    @property
    def time_zone(self) -> str:
        return COUNTRY_TIME_ZONES[self.country]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Stored emails are normalised (UserManager, User.clean): an exact match on the
        # normalised spelling finds the same people on every database, and only them.
        return self.get(email=normalize_email(username))

    async def aget_by_natural_key(self, username):
        return await self.aget(email=normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a seller's user (with a seller) or a support agent (staff)."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    seller = models.ForeignKey(
        Seller,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Empty for support agents."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Support agents and administrators: may log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_absolute_url(self):
        return reverse("accounts:profile")

    @property
    def is_agent(self) -> bool:
        """A support agent: staff who belong to no seller (a seller's user never is one)."""
        return self.is_staff and self.seller_id is None

    @property
    def seller_is_inactive(self) -> bool:
        """A user of a deactivated seller: may neither sign in nor stay signed in."""
        return self.seller_id is not None and not self.seller.is_active
