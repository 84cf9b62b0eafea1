from .time_zones import user_local_time


class SellerTimeZoneMiddleware:
    """A seller's user gets the whole response (pages, form parsing) in the seller's time
    zone; agents and visitors keep settings.TIME_ZONE. See accounts/time_zones.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with user_local_time(request.user):
            return self.get_response(request)
