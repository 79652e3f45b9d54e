from django.contrib import admin
from django.urls import include, path

from assessments.views import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own account URLs, so that the limited password reset answers this one.
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessments.urls")),
]
