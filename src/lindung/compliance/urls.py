from django.urls import path

from lindung.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pemberi-kerja/", views.employer_list, name="employer_list"),
    path("pemberi-kerja/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("pemberi-kerja/<int:pk>/kasus/", views.case_open, name="case_open"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("kecocokan/", views.match_list, name="match_list"),
    path("kecocokan/<int:pk>/", views.match_decide, name="match_decide"),
    path("kasus/", views.case_list, name="case_list"),
    path("kasus/<int:pk>/", views.case_detail, name="case_detail"),
    path("kasus/<int:pk>/langkah/", views.case_step, name="case_step"),
    path("kasus/<int:pk>/pemulihan/", views.case_recovery, name="case_recovery"),
    path("surat/<int:pk>.pdf", views.letter_pdf, name="letter_pdf"),
    path("surat/<int:pk>/unggah/", views.signed_upload, name="signed_upload"),
    path("surat/<int:pk>/salinan/", views.signed_download, name="signed_download"),
    path("cek/", views.check, name="check"),
    path("pemeriksaan/", views.check_log, name="check_log"),
    path("aturan/", views.rules, name="rules"),
    path("rapor/<str:code>/", views.scorecard, name="scorecard"),
    path("rapor/<str:code>/pdf/", views.scorecard_pdf, name="scorecard_pdf"),
]
