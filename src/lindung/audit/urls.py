from django.urls import path

from lindung.audit import views

app_name = "audit"
urlpatterns = [
    path("ekspor/", views.export_log, name="export_log"),
]
