from django.urls import path

from lindung.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="claim_list"),
    path("lapor/<int:person_id>/", views.claim_report, name="claim_report"),
    path("cek/<int:person_id>/", views.protection_check, name="protection_check"),
    path("<int:pk>/", views.claim_detail, name="claim_detail"),
    path("<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("<int:pk>/ajukan/", views.claim_submit, name="claim_submit"),
    path("<int:pk>/putuskan/", views.claim_decide, name="claim_decide"),
    path("<int:pk>/bayar/", views.claim_pay, name="claim_pay"),
    path("<int:pk>/serahkan/", views.claim_hand_over, name="claim_hand_over"),
    path("<int:pk>/surat-pengantar.pdf", views.cover_letter_pdf, name="cover_letter_pdf"),
    path("<int:pk>/berita-acara.pdf", views.handover_pdf, name="handover_pdf"),
    path("dokumen/<int:pk>/", views.document_file, name="document_file"),
    path("orang/<int:person_id>/keluarga/", views.family_add, name="family_add"),
    path("orang/<int:person_id>/keluarga/impor/", views.family_import, name="family_import"),
    path("keluarga/<int:pk>/ubah/", views.family_edit, name="family_edit"),
    path("keluarga/<int:pk>/hapus/", views.family_remove, name="family_remove"),
    path("keluarga/<int:pk>/beasiswa-berhenti/", views.scholarship_stop, name="scholarship_stop"),
    path("beasiswa/", views.scholarships, name="scholarships"),
    path("beasiswa/<int:pk>/bayar/", views.scholarship_pay, name="scholarship_pay"),
    path("laporan/", views.report, name="report"),
    path("laporan/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("laporan/pdf/", views.report_pdf, name="report_pdf"),
    path("aturan/", views.rules, name="rules"),
]
