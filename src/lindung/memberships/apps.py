from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "lindung.memberships"
    label = "memberships"

    def ready(self) -> None:
        from lindung.memberships import panels  # noqa: PLC0415 - app registry must be ready first

        panels.register()
