from django.urls import path

from lindung.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("cari/", views.region_search, name="region_search"),
    path("pemilih/", views.picker, name="picker"),
    path("<str:code>/", views.region_detail, name="region_detail"),
]
