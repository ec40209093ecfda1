from django.urls import path

from lindung.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
]
