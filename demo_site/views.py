"""Native Django views living next to the Flask-style apps."""

from django.contrib import messages
from django.shortcuts import redirect, render


def home(request):
    """The Django home page: links into the mounted Flask apps, shows shared session and messages."""
    return render(request, "home.html", {"session_username": request.session.get("username")})


def django_flash(request):
    """A Django view adding a message that the Flask-style app reads with get_flashed_messages()."""
    messages.success(request, "Hello from a Django view")
    return redirect("quickstart:flashes")
