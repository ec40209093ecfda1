from django.urls import path

from lindung.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("baru/", views.programme_create, name="programme_create"),
    path("<slug:code>/", views.programme_detail, name="programme_detail"),
    path("<slug:code>/dasar-hukum/", views.legal_basis_add, name="legal_basis_add"),
    path("<slug:code>/kuota/", views.quotas_generate, name="quotas_generate"),
]
