from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "compare"
    verbose_name = "Comparisons"

    def ready(self) -> None:
        from . import decisions, signals  # noqa: F401 — decisions registers its undo

        signals.connect()
