from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"

    def ready(self) -> None:
        from articles.signals import article_text_changed

        from . import history  # noqa: F401 — registers how annotation changes are undone
        from .services import reanchor_on_text_change

        article_text_changed.connect(reanchor_on_text_change, dispatch_uid="annotations-reanchor")
