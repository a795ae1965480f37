from django.contrib import admin
from django.urls import include, path

from .views import healthz, password_reset, readyz

handler400 = "summit.views.bad_request"

admin.site.site_header = "Summit Desk administration"
admin.site.site_title = "Summit Desk admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own auth URLs, so that this one answers password_reset/.
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("annotations.urls")),
    path("", include("compare.urls")),
    path("", include("articles.urls")),
]
