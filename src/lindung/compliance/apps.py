from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "lindung.compliance"
    label = "compliance"
    verbose_name = "Kepatuhan pemberi kerja"

    def ready(self) -> None:
        from lindung.compliance import panels  # noqa: PLC0415 - app registry must be ready first

        panels.register()
