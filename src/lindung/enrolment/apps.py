from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "lindung.enrolment"
    label = "enrolment"

    def ready(self) -> None:
        from lindung.enrolment import history, panels  # noqa: PLC0415 - app registry must be ready first

        history.register()
        panels.register()
