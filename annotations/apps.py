from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"

    def ready(self) -> None:
        from articles import history as change_history
        from articles.signals import article_text_changed

        from . import history  # noqa: F401 — registers how annotation changes are undone
        from .services import reanchor_on_text_change
        from .visibility import hidden_change_q

        article_text_changed.connect(reanchor_on_text_change, dispatch_uid="annotations-reanchor")
        # The change history leaves out blind rounds' work for whom the round hides it.
        change_history.register_hidden(hidden_change_q)
