"""Seller-facing forms: the wizard's steps (wizard.py) and the case page's (case_page.py)."""
