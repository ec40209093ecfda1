from django.urls import path

from lindung.coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.home, name="home"),
    path("nasional/", views.national, name="national"),
    path("<str:code>/", views.region_detail, name="region_detail"),
    path("<str:code>/angka/", views.figure_set, name="figure_set"),
    path("<str:code>/target/", views.target_set, name="target_set"),
]
