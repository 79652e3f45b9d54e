from django.http import JsonResponse
from django.utils import timezone

from .health import HEALTH_PATH, health_report


class HealthCheckMiddleware:
    """Answer the load balancer's /healthz before anything else runs.

    Placed first, it answers a probe sent to the machine's own address, whatever ALLOWED_HOSTS
    says (nothing has validated the host yet), over plain HTTP, and without touching the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        report = health_report(now=timezone.now())
        response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
        response["Cache-Control"] = "no-store"
        return response
