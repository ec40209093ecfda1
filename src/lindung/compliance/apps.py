from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "lindung.compliance"
    label = "compliance"
    verbose_name = "Kepatuhan pemberi kerja"
