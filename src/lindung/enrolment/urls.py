from django.urls import path

from lindung.enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("unggah/", views.batch_upload, name="batch_upload"),
    path("templat/<slug:code>.xlsx", views.programme_template, name="programme_template"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/hasil.xlsx", views.batch_report, name="batch_report"),
    path("<int:pk>/kemajuan/", views.batch_progress, name="batch_progress"),
    path("<int:pk>/ganti/", views.batch_replace, name="batch_replace"),
    path("<int:pk>/ajukan/", views.batch_submit, name="batch_submit"),
    path("<int:pk>/verifikasi/", views.batch_verify, name="batch_verify"),
    path("<int:pk>/terima/", views.batch_accept, name="batch_accept"),
    path("<int:pk>/tolak/", views.batch_reject, name="batch_reject"),
    path("<int:pk>/baris/<int:row_no>/kembalikan/", views.batch_row_return, name="batch_row_return"),
    path("<int:pk>/batalkan-proses/", views.batch_job_cancel, name="batch_job_cancel"),
    path("<int:pk>/ulangi/", views.batch_retry, name="batch_retry"),
    path("<int:pk>/buang/", views.batch_discard, name="batch_discard"),
]
