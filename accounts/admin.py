from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import UserAdminChangeForm, UserAdminCreationForm
from .models import Seller, User


class SellerUserInline(admin.TabularInline):
    model = User
    fields = ["email", "full_name", "is_active", "last_login"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = [
        "trade_name",
        "code",
        "legal_name",
        "country",
        "notification_email",
        "is_active",
    ]
    list_filter = ["country", "is_active"]
    search_fields = ["trade_name", "legal_name", "code", "tax_id", "notification_email"]
    inlines = [SellerUserInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    list_display = ["email", "full_name", "seller", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "seller__country"]
    list_select_related = ["seller"]
    search_fields = ["email", "full_name", "seller__trade_name", "seller__code"]
    ordering = ["email"]
    autocomplete_fields = ["seller"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "seller")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "seller", "password1", "password2"),
            },
        ),
    )
