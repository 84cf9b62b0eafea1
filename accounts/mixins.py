from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class SellerRequiredMixin(LoginRequiredMixin):
    """Pages of the seller back office: a logged-in user who belongs to a seller.

    Anonymous users go to the login page; users without a seller (support agents)
    get a 403 that points them to the admin, where agents work.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.seller_id:
            raise PermissionDenied("seller_required")
        return super().dispatch(request, *args, **kwargs)

    @property
    def seller(self):
        return self.request.user.seller
