"""Invoices of the courses: gap-free numbers, EN 16931 e-invoices in UBL (XRechnung with the
buyer's Leitweg-ID, Peppol BIS Billing 3.0 with the buyer's GLN) and a readable PDF of each."""
