from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "lindung.coverage"
    label = "coverage"

    def ready(self) -> None:
        from lindung.coverage import panels  # noqa: PLC0415 - app registry must be ready first

        panels.register()
