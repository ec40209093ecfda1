"""Pages for money, one module per subject: invoices (the billing home and runs), payments, arrears (and
the lapse and late-fee runs), budgets, funders (statements, sponsors, rates). ``urls.py`` names them."""
