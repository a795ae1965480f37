from django.urls import path

from . import views

app_name = "compare"

urlpatterns = [
    path("compare/", views.theme_columns, name="themes"),
    path("compare/coverage/", views.coverage, name="coverage"),
    path("compare/quotes/", views.quote_groups, name="quotes"),
    path("compare/reuse/", views.reuse, name="reuse"),
    path("compare/reuse/<int:first>/<int:second>/", views.reuse_pair, name="reuse-pair"),
    path("compare/suggestions/<int:pk>/accept/", views.accept, name="accept"),
    path("compare/suggestions/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
