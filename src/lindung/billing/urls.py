from django.urls import path

from lindung.billing.views import arrears, budgets, calculator, funders, invoices, payments

app_name = "billing"
urlpatterns = [
    path("", invoices.billing_home, name="home"),
    path("tagih/", invoices.billing_run, name="run"),
    path("penagihan/<int:pk>/batal/", invoices.billing_run_cancel, name="run_cancel"),
    path("tagihan/<str:number>/", invoices.invoice_detail, name="invoice_detail"),
    path("tagihan/<str:number>/pdf/", invoices.invoice_pdf, name="invoice_pdf"),
    path("tagihan/<str:number>/xlsx/", invoices.invoice_xlsx, name="invoice_xlsx"),
    path("pembayaran/", payments.payment_list, name="payments"),
    path("pembayaran/catat/", payments.payment_record, name="payment_record"),
    path("pembayaran/impor/", payments.payments_import, name="payments_import"),
    path("pembayaran/<str:receipt>/kuitansi/", payments.receipt_pdf, name="receipt_pdf"),
    path("tunggakan/", arrears.arrears, name="arrears"),
    path("tunggakan/xlsx/", arrears.arrears_xlsx, name="arrears_xlsx"),
    path("tunggakan/pdf/", arrears.arrears_pdf, name="arrears_pdf"),
    path("tunggakan/proses/", arrears.lapse_run, name="lapse_run"),
    path("tunggakan/denda/", arrears.late_fee_run, name="late_fee_run"),
    path("anggaran/<slug:code>/", budgets.budget, name="budget"),
    path("anggaran/<slug:code>/rencana/", budgets.budget_set, name="budget_set"),
    path("anggaran/<slug:code>/pagu/", budgets.budget_allocation, name="budget_allocation"),
    path("anggaran/<slug:code>/xlsx/", budgets.budget_xlsx, name="budget_xlsx"),
    path("anggaran/<slug:code>/pdf/", budgets.budget_pdf, name="budget_pdf"),
    path("penyandang-dana/<int:pk>/", funders.funder_detail, name="funder_detail"),
    path(
        "penyandang-dana/<int:pk>/rekening.xlsx", funders.funder_statement_xlsx, name="funder_statement_xlsx"
    ),
    path("penyandang-dana/<int:pk>/rekening.pdf", funders.funder_statement_pdf, name="funder_statement_pdf"),
    path(
        "penyandang-dana/<int:pk>/sertifikat.pdf", funders.funder_certificate_pdf, name="funder_certificate"
    ),
    path("penyandang-dana/<int:pk>/sponsor/", funders.sponsor_assign, name="sponsor_assign"),
    path("sponsor/", funders.sponsor_portal, name="sponsor_portal"),
    path("tarif/", funders.rates, name="rates"),
    path("kalkulator/", calculator.contribution_calculator, name="calculator"),
]
