from django.urls import path

from . import views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.reader, name="reader"),
    path("articles/<int:pk>/annotations/", views.create, name="create"),
    path("articles/<int:pk>/undo/", views.undo, name="undo"),
    path("annotations/<int:pk>/", views.detail, name="detail"),
    path("annotations/<int:pk>/edit/", views.edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.delete, name="delete"),
    path("annotations/export.jsonld", views.export_jsonld, name="export"),
]
