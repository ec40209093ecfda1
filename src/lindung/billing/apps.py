from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"
    verbose_name = "Iuran, tagihan, pembayaran dan anggaran"
    default_auto_field = "django.db.models.BigAutoField"
