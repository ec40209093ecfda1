from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"
    verbose_name = "Iuran, tagihan, pembayaran dan anggaran"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lindung.billing import panels  # noqa: PLC0415 - app registry must be ready first

        panels.register()
