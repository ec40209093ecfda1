from django.urls import path

from lindung.coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.home, name="home"),
]
