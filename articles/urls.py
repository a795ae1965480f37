from django.urls import path, re_path

from .views import articles, changes, quotes, speakers, styles

app_name = "articles"

urlpatterns = [
    path("", articles.article_list, name="list"),
    path("quotes/", quotes.quote_list, name="quotes"),
    re_path(r"^quotes/export\.(?P<fmt>csv|json)$", quotes.quote_export, name="quote-export"),
    path("quotes/<int:pk>/correct/", quotes.quote_correct, name="quote-correct"),
    path("speakers/", speakers.speaker_list, name="speakers"),
    path("speakers/<slug:slug>/", speakers.speaker_detail, name="speaker"),
    path("styles/themes.css", styles.theme_stylesheet, name="theme-stylesheet"),
    path("changes/", changes.change_list, name="changes"),
    path("changes/<int:pk>/undo/", changes.undo_change, name="undo-change"),
]
