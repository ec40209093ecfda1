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
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:pk>/ubah/", views.user_update, name="user_update"),
    path("pengguna/<int:pk>/reset-sandi/", views.user_password_reset, name="user_password_reset"),
    path("pengguna/<int:pk>/status/", views.user_set_active, name="user_set_active"),
    path("sandi/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
]
