from django.urls import path

from lindung.memberships import views

app_name = "memberships"
urlpatterns = [
    path("<int:pk>/akhiri/", views.membership_end, name="membership_end"),
    path("<int:pk>/upah/", views.membership_wage, name="membership_wage"),
    path("<slug:code>/akhiri/", views.memberships_end_bulk, name="memberships_end_bulk"),
    path("<slug:code>/peserta.xlsx", views.participants_xlsx, name="participants_xlsx"),
    path("<slug:code>/peserta.csv", views.participants_csv, name="participants_csv"),
    path("<slug:code>/kartu/", views.cards_pick, name="cards_pick"),
    path("<slug:code>/kartu/unggahan-<int:batch>.pdf", views.batch_cards_pdf, name="batch_cards_pdf"),
    path("<slug:code>/kartu/<str:village>.pdf", views.cards_pdf, name="cards_pdf"),
]
