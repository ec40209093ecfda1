from django.urls import path

from lindung.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("organisasi/", views.organisation_list, name="organisation_list"),
    path("organisasi/<slug:code>/", views.organisation_detail, name="organisation_detail"),
    path("token/", views.token_list, name="token_list"),
    path("token/buat/", views.token_create, name="token_create"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
