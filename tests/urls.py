"""URLconf of the test project; tests mount their own apps with override_settings/urlconf."""

urlpatterns = []
