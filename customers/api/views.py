"""The marketplace's API: thin views over the services (customers/services/requests.py)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from ..files import attachment_response
from ..models import CustomerRequest, RequestAttachment
from ..services import RequestConflict, message_receive, request_receive
from .errors import Conflict, PayloadTooLarge
from .serializers import (
    ErrorSerializer,
    MessageOutSerializer,
    MessageSerializer,
    RequestCreateSerializer,
    RequestSerializer,
    digest,
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, "Invalid data: `errors` says what, by field."),
    401: OpenApiResponse(ErrorSerializer, "No token, or a wrong or revoked one."),
    409: OpenApiResponse(ErrorSerializer, "This id was already received with other data."),
    413: OpenApiResponse(ErrorSerializer, "The body or an attachment is too large."),
    429: OpenApiResponse(ErrorSerializer, "Over the integration's rate: see Retry-After."),
}


class IntegrationAPIView(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > settings.CUSTOMERS_API_MAX_BODY_BYTES:
            raise PayloadTooLarge()

    def allowed_requests(self):
        """This integration's requests, of the sellers it may still act for."""
        integration = self.request.auth
        return CustomerRequest.objects.filter(
            integration=integration, seller__in=integration.sellers.all()
        ).select_related("seller", "integration")


class RequestCreateView(IntegrationAPIView):
    @extend_schema(
        operation_id="solicitudes_create",
        summary="A buyer's new request (question, post-sale message or claim)",
        request=RequestCreateSerializer,
        responses={
            201: RequestSerializer,
            200: OpenApiResponse(RequestSerializer, "Already received (same id, same data)."),
            **ERRORS,
        },
    )
    def post(self, request):
        serializer = RequestCreateSerializer(
            data=request.data, context={"integration": request.auth}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        product = data.get("product", {})
        try:
            obj, created = request_receive(
                integration=request.auth,
                seller=data["seller_code"],
                external_id=data["id"],
                kind=data["kind"],
                buyer_name=data["buyer"]["name"],
                buyer_email=data["buyer"].get("relay_email", ""),
                order_number=data.get("order_number", "").strip(),
                product_sku=product.get("sku", ""),
                product_title=product.get("title", ""),
                message=MessageSerializer().to_incoming(data["message"], request.data["message"]),
                digest=digest(request.data),
            )
        except RequestConflict:
            raise Conflict() from None
        return Response(
            RequestSerializer(obj).data, status=status.HTTP_201_CREATED if created else 200
        )


class MessageCreateView(IntegrationAPIView):
    @extend_schema(
        operation_id="solicitudes_mensajes_create",
        summary="A buyer's new message on a request",
        request=MessageSerializer,
        responses={
            201: MessageOutSerializer,
            200: OpenApiResponse(MessageOutSerializer, "Already received (same id and data)."),
            404: OpenApiResponse(ErrorSerializer, "No such request for this integration."),
            **ERRORS,
        },
    )
    def post(self, request, external_id: str):
        customer_request = get_object_or_404(self.allowed_requests(), external_id=external_id)
        serializer = MessageSerializer(data=request.data, context={"integration": request.auth})
        serializer.is_valid(raise_exception=True)
        try:
            message, created = message_receive(
                request=customer_request,
                message=serializer.to_incoming(serializer.validated_data, request.data),
            )
        except RequestConflict:
            raise Conflict() from None
        customer_request.refresh_from_db(fields=["status", "due_at"])
        message.request = customer_request
        return Response(
            MessageOutSerializer(message).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AttachmentView(IntegrationAPIView):
    """A file of the seller's answer, for the marketplace (its URL is in the webhook)."""

    @extend_schema(
        operation_id="adjuntos_retrieve",
        summary="A file the seller attached to an answer",
        responses={(200, "application/octet-stream"): bytes, 401: ERRORS[401], 404: None},
    )
    def get(self, request, pk):
        attachment = get_object_or_404(
            RequestAttachment.objects.filter(request__in=self.allowed_requests()), pk=pk
        )
        return attachment_response(attachment)
