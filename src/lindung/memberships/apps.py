from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "lindung.memberships"
    label = "memberships"
