"""Registering user-defined classes and functions for saving (Keras 3's
``keras.saving.register_keras_serializable`` and friends).

A model file stores a user-defined layer, loss, metric or function by its
registered name (``"package>Name"``); loading finds it again through this
registry, a ``custom_object_scope`` or the ``custom_objects`` argument.
"""
import inspect
import threading

_GLOBAL_CUSTOM_OBJECTS = {}  # registered name -> object
_GLOBAL_CUSTOM_NAMES = {}    # object -> registered name
_scope = threading.local()


def register_keras_serializable(package="Custom", name=None):
    """Decorator: registers a class or function under ``"package>name"``
    (``name`` defaults to its ``__name__``) so that saved models can refer
    to it. A class must define ``get_config`` (``from_config`` defaults to
    ``cls(**config)``)."""

    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        registered_name = package + ">" + class_name
        if inspect.isclass(arg) and not hasattr(arg, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        _GLOBAL_CUSTOM_NAMES[arg] = registered_name
        return arg

    return decorator


def get_registered_name(obj):
    """The registered name of ``obj`` (``"package>Name"``), or its
    ``__name__`` when it is not registered."""
    if obj in _GLOBAL_CUSTOM_NAMES:
        return _GLOBAL_CUSTOM_NAMES[obj]
    return obj.__name__


def get_custom_objects():
    """The global registry (a live dict: registered name -> object)."""
    return _GLOBAL_CUSTOM_OBJECTS


class CustomObjectScope:
    """``with CustomObjectScope({"MyLayer": MyLayer}):`` makes the objects
    visible to loading inside the block (Keras's ``custom_object_scope``)."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})
        self._backup = None

    def __enter__(self):
        self._backup = getattr(_scope, "objects", None)
        _scope.objects = {**(self._backup or {}), **self.custom_objects}
        return self

    def __exit__(self, *args):
        _scope.objects = self._backup


custom_object_scope = CustomObjectScope


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The object registered as ``name``: from ``custom_objects``, the
    active custom object scope, the global registry, then
    ``module_objects``; None when none has it."""
    for table in (custom_objects, getattr(_scope, "objects", None), _GLOBAL_CUSTOM_OBJECTS,
                  module_objects):
        if table and name in table:
            return table[name]
    return None


def is_registered(obj):
    return obj in _GLOBAL_CUSTOM_NAMES
