from django.urls import path

from lindung.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.billing_home, name="home"),
    path("tagih/", views.billing_run, name="run"),
    path("tagihan/<str:number>/", views.invoice_detail, name="invoice_detail"),
    path("tagihan/<str:number>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("tagihan/<str:number>/xlsx/", views.invoice_xlsx, name="invoice_xlsx"),
    path("pembayaran/", views.payment_list, name="payments"),
    path("pembayaran/catat/", views.payment_record, name="payment_record"),
    path("pembayaran/impor/", views.payments_import, name="payments_import"),
    path("pembayaran/<str:receipt>/kuitansi/", views.receipt_pdf, name="receipt_pdf"),
    path("tunggakan/", views.arrears, name="arrears"),
    path("tunggakan/xlsx/", views.arrears_xlsx, name="arrears_xlsx"),
    path("tunggakan/pdf/", views.arrears_pdf, name="arrears_pdf"),
    path("tunggakan/proses/", views.lapse_run, name="lapse_run"),
    path("tunggakan/denda/", views.late_fee_run, name="late_fee_run"),
    path("anggaran/<slug:code>/", views.budget, name="budget"),
    path("anggaran/<slug:code>/rencana/", views.budget_set, name="budget_set"),
    path("anggaran/<slug:code>/pagu/", views.budget_allocation, name="budget_allocation"),
    path("anggaran/<slug:code>/xlsx/", views.budget_xlsx, name="budget_xlsx"),
    path("anggaran/<slug:code>/pdf/", views.budget_pdf, name="budget_pdf"),
    path("penyandang-dana/<int:pk>/", views.funder_detail, name="funder_detail"),
    path("penyandang-dana/<int:pk>/rekening.xlsx", views.funder_statement_xlsx, name="funder_statement_xlsx"),
    path("penyandang-dana/<int:pk>/rekening.pdf", views.funder_statement_pdf, name="funder_statement_pdf"),
    path("penyandang-dana/<int:pk>/sertifikat.pdf", views.funder_certificate_pdf, name="funder_certificate"),
    path("penyandang-dana/<int:pk>/sponsor/", views.sponsor_assign, name="sponsor_assign"),
    path("sponsor/", views.sponsor_portal, name="sponsor_portal"),
    path("tarif/", views.rates, name="rates"),
]
