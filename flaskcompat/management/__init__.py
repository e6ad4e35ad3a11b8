"""Django management commands of flaskcompat (``python manage.py flask ...``)."""
