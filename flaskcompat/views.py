"""Class-based views with Flask's API: :class:`View` and :class:`MethodView`.

``as_view`` returns a plain view function carrying ``methods`` and
``provide_automatic_options``, which ``add_url_rule`` reads, so class-based views mount
wherever a function view does (an app, a blueprint, a Django URLconf via ``app.urls``).
"""

from __future__ import annotations

from .globals import current_app, request

http_method_funcs = frozenset(["get", "post", "head", "options", "delete", "put", "trace", "patch"])


class View:
    """Subclass, implement :meth:`dispatch_request`, register ``Cls.as_view("name")``."""

    #: The methods the rule is registered for (``add_url_rule``'s default when None).
    methods = None
    #: Whether OPTIONS is answered automatically (``add_url_rule``'s default when None).
    provide_automatic_options = None
    #: Decorators applied, in order, to the generated view function.
    decorators = []
    #: False reuses one instance for every request (then keep request data in ``g``).
    init_every_request = True

    def dispatch_request(self, **kwargs):
        """The view's body; URL variables arrive as keyword arguments."""
        raise NotImplementedError()

    @classmethod
    def as_view(cls, name, *class_args, **class_kwargs):
        """A view function instantiating the class (per request, or once) with the given args."""
        if cls.init_every_request:

            def view(**kwargs):
                self = view.view_class(*class_args, **class_kwargs)
                return current_app.ensure_sync(self.dispatch_request)(**kwargs)

        else:
            self = cls(*class_args, **class_kwargs)

            def view(**kwargs):
                return current_app.ensure_sync(self.dispatch_request)(**kwargs)

        if cls.decorators:
            view.__name__ = name
            view.__module__ = cls.__module__
            for decorator in cls.decorators:
                view = decorator(view)
        view.view_class = cls
        view.__name__ = name
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.methods = cls.methods
        view.provide_automatic_options = cls.provide_automatic_options
        return view


class MethodView(View):
    """Dispatches to the method named after the HTTP method (``get``, ``post`` ...)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "methods" not in cls.__dict__:
            methods = set()
            for base in cls.__bases__:
                if getattr(base, "methods", None):
                    methods.update(base.methods)
            for key in http_method_funcs:
                if hasattr(cls, key):
                    methods.add(key.upper())
            if methods:
                cls.methods = methods

    def dispatch_request(self, **kwargs):
        meth = getattr(self, request.method.lower(), None)
        if meth is None and request.method == "HEAD":
            meth = getattr(self, "get", None)
        if meth is None:
            raise AssertionError(f"Unimplemented method {request.method!r}")
        return current_app.ensure_sync(meth)(**kwargs)
