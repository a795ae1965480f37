from django.contrib import admin
from django.urls import include, path

from .views import healthz

handler400 = "summit.views.bad_request"

admin.site.site_header = "Summit Desk administration"
admin.site.site_title = "Summit Desk admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("annotations.urls")),
    path("", include("compare.urls")),
    path("", include("articles.urls")),
]
