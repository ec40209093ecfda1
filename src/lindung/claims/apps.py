from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "lindung.claims"
    label = "claims"

    def ready(self) -> None:
        # The person page (registry) and the coverage home sit below/beside claims and never import it: claims
        # registers its panels with the plug-in point in core.
        from lindung.claims import panels  # noqa: PLC0415 - the app registry must be ready first

        panels.register()
