"""The API's JSON, validated by DRF serializers: field errors come back as a 400."""

import base64
import binascii
import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.files.uploads import clean_filename

from ..files import check_upload
from ..models import RequestKind, RequestStatus
from ..services import IncomingAttachment, IncomingMessage
from .errors import PayloadTooLarge

MAX_ATTACHMENTS = 5


def digest(data) -> str:
    """The same JSON, whatever its key order or spacing, has the same digest."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class AttachmentSerializer(serializers.Serializer):
    filename = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(
        required=False,
        help_text="The file itself, base64 encoded. PDF, PNG, JPG, WEBP, CSV, XLSX, DOCX or "
        "TXT, checked by content; up to CASE_ATTACHMENT_MAX_BYTES (10 MB) decoded, else 413.",
    )
    url = serializers.URLField(
        required=False,
        max_length=1000,
        help_text="Or an https link on one of the integration's attachment hosts. The portal "
        "stores and shows the link; it never downloads it (no server-side requests).",
    )

    def validate(self, attrs):
        has_content, has_url = "content_base64" in attrs, "url" in attrs
        if has_content == has_url:
            raise serializers.ValidationError(
                _("Give either content_base64 or url."), code="content_or_url"
            )
        name = clean_filename(attrs["filename"])
        if has_url:
            return IncomingAttachment(name=name, url=self._allowed_url(attrs["url"]))
        return IncomingAttachment(name=name, upload=self._checked_file(name, attrs))

    def _allowed_url(self, url: str) -> str:
        parts = urlsplit(url)
        hosts = self.context["integration"].attachment_host_list
        if parts.scheme != "https" or (parts.hostname or "").lower() not in hosts:
            raise serializers.ValidationError(
                {"url": _("Only https links on this integration's attachment hosts.")},
                code="host_not_allowed",
            )
        return url

    def _checked_file(self, name: str, attrs):
        limit = settings.CASE_ATTACHMENT_MAX_BYTES
        encoded = "".join(attrs["content_base64"].split())
        if len(encoded) // 4 * 3 > limit + 2:
            raise PayloadTooLarge(
                _("“%(name)s” is larger than %(limit)d bytes.") % {"name": name, "limit": limit}
            )
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(
                {"content_base64": _("This is not valid base64.")}, code="invalid_base64"
            ) from None
        if len(content) > limit:
            raise PayloadTooLarge(
                _("“%(name)s” is larger than %(limit)d bytes.") % {"name": name, "limit": limit}
            )
        try:
            return check_upload(SimpleUploadedFile(name, content))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                {"content_base64": exc.messages}, code="file_type"
            ) from None


class MessageSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=100, help_text="The marketplace's id of the message.")
    body = serializers.CharField(max_length=10_000)
    sent_at = serializers.DateTimeField(
        required=False, help_text="When the buyer wrote it (ISO 8601); default: now."
    )
    attachments = AttachmentSerializer(many=True, required=False, max_length=MAX_ATTACHMENTS)

    def to_incoming(self, validated: dict, raw: dict) -> IncomingMessage:
        return IncomingMessage(
            external_id=validated["id"],
            body=validated["body"].strip(),
            sent_at=validated.get("sent_at"),
            attachments=validated.get("attachments", []),
            digest=digest(raw),
        )


class BuyerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, help_text="As the seller may see it.")
    relay_email = serializers.EmailField(
        required=False, help_text="The marketplace's relay address for this buyer."
    )


class ProductSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=60, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class RequestCreateSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=100, help_text="The marketplace's id of the request.")
    seller_code = serializers.CharField(max_length=20)
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    order_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="Required but for questions."
    )
    product = ProductSerializer(required=False)
    buyer = BuyerSerializer()
    message = MessageSerializer()

    def validate_seller_code(self, value):
        seller = (
            self.context["integration"].sellers.filter(code=value.strip(), is_active=True).first()
        )
        if seller is None:
            raise serializers.ValidationError(
                _("No seller with this code is open to this integration."), code="unknown_seller"
            )
        return seller

    def validate(self, attrs):
        if attrs["kind"] != RequestKind.QUESTION and not attrs.get("order_number", "").strip():
            raise serializers.ValidationError(
                {"order_number": _("Post-sale messages and claims need the order number.")},
                code="required",
            )
        return attrs


class RequestSerializer(serializers.Serializer):
    """A request as the API answers it. Fields spelled out rather than a ModelSerializer's:
    the same JSON and schema without inspecting the model on every answer."""

    id = serializers.CharField(source="external_id")
    seller_code = serializers.CharField(source="seller.code")
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The request's page in the portal.")

    def get_url(self, obj) -> str:
        return f"{settings.SITE_URL}{obj.get_absolute_url()}"


class MessageOutSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    request = RequestSerializer()
    sent_at = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="A 400's errors, by field.")
