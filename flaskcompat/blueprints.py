"""Blueprints (placeholder until the blueprint module lands)."""

from .scaffold import Scaffold


class Blueprint(Scaffold):
    def __init__(self, name, import_name, **kwargs):
        super().__init__(import_name)
        self.name = name
