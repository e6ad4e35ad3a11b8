"""``python manage.py flask``: the click commands of the project's Flask-style apps."""
