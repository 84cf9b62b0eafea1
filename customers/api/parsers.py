import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from .errors import PayloadTooLarge


class LimitedJSONParser(JSONParser):
    """JSON, read up to CUSTOMERS_API_MAX_BODY_BYTES: a longer body is a 413, whatever its
    Content-Length said (the views also refuse a declared length over the limit)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.CUSTOMERS_API_MAX_BODY_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise PayloadTooLarge()
        return super().parse(io.BytesIO(body), media_type, parser_context)
