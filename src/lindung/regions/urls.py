from django.urls import path

from lindung.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region_list"),
]
