"""What each report notebook shows, section by section; the notebooks only call these."""
