"""Session serializer that round-trips what Flask's session does (placeholder: JSON only)."""

from django.core.signing import JSONSerializer


class FlaskSessionSerializer(JSONSerializer):
    pass
