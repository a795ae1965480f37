from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "compare"
    verbose_name = "Comparisons"

    def ready(self) -> None:
        from . import signals

        signals.connect()
