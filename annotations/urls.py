from django.urls import path, re_path

from . import list_views, reply_views, round_views, views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.reader, name="reader"),
    path("articles/<int:pk>/annotations/", views.create, name="create"),
    path("articles/<int:pk>/undo/", views.undo, name="undo"),
    path("annotations/<int:pk>/", views.detail, name="detail"),
    path("annotations/<int:pk>/edit/", views.edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.delete, name="delete"),
    path("annotations/export.jsonld", views.export_jsonld, name="export"),
    path("annotations/", list_views.annotation_list, name="list"),
    re_path(
        r"^annotations/export\.(?P<fmt>csv|json)$",
        list_views.annotation_export,
        name="list-export",
    ),
    path("annotations/<int:pk>/replies/", reply_views.create, name="reply-create"),
    path("rounds/", round_views.round_list, name="rounds"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round"),
    path("rounds/<int:pk>/done/", round_views.round_done, name="round-done"),
    path("rounds/<int:pk>/close/", round_views.round_close, name="round-close"),
    path("rounds/<int:pk>/agreement.csv", round_views.round_agreement_csv, name="round-agreement"),
    path("annotations/replies/<int:pk>/", reply_views.detail, name="reply-detail"),
    path("annotations/replies/<int:pk>/edit/", reply_views.edit, name="reply-edit"),
    path("annotations/replies/<int:pk>/delete/", reply_views.delete, name="reply-delete"),
]
