from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "lindung.schedule"
    label = "schedule"
    verbose_name = "Jadwal proses otomatis"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lindung.schedule import panels  # noqa: PLC0415 - app registry must be ready first

        panels.register()
