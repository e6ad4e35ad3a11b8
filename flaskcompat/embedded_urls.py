"""ROOT_URLCONF of embedded mode: empty, because each app's handler resolves its own routes."""

urlpatterns = []
