from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lindung.core"
    label = "core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from lindung.core.middleware import session_seen_at_login  # noqa: PLC0415 - the app registry must be ready first

        user_logged_in.connect(session_seen_at_login, dispatch_uid="lindung-session-seen")
