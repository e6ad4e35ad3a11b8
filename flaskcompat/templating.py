"""Templating (placeholder until the Jinja2 backend lands)."""


def render_template(*a, **k):
    raise NotImplementedError


render_template_string = stream_template = stream_template_string = render_template
