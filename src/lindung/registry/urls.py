from django.urls import path

from lindung.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("baru/", views.person_create, name="person_create"),
    path("ekspor.csv", views.person_export, name="person_export"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/ubah/", views.person_edit, name="person_edit"),
    path("<int:pk>/nik/", views.person_nik, name="person_nik"),
    path("<int:pk>/koreksi/", views.correction_create, name="correction_create"),
    path("koreksi/", views.correction_list, name="correction_list"),
    path("koreksi/<int:pk>/putuskan/", views.correction_decide, name="correction_decide"),
]
