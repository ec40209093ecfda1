from django.urls import path

from lindung.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("baru/", views.programme_create, name="programme_create"),
    path("<slug:code>/", views.programme_detail, name="programme_detail"),
    path("<slug:code>/ubah/", views.programme_edit, name="programme_edit"),
    path("<slug:code>/penyandang-dana/", views.funders_edit, name="funders_edit"),
    path("<slug:code>/dasar-hukum/", views.legal_basis_add, name="legal_basis_add"),
    path("<slug:code>/dasar-hukum/<int:pk>/lampiran/", views.legal_basis_file, name="legal_basis_file"),
    path("<slug:code>/kuota/", views.quotas_generate, name="quotas_generate"),
    path("<slug:code>/kuota-desa/", views.village_quota_set, name="village_quota_set"),
]
