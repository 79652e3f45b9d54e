"""The app's views, one module per area; assessments/urls.py lists them all."""
