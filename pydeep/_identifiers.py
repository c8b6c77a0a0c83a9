"""Keras's ``get`` / ``serialize`` / ``deserialize`` for a namespace of
configurable objects (regularizers, constraints): one implementation, each
namespace binds it to its own table of classes."""


class Namespace:
    """``kind``: "regularizer"; ``module``: "keras.regularizers"; ``objects``:
    the name -> class table (class names, snake_case names, aliases);
    ``core_base``: the base class of the objects the core computes, and
    ``examples``: their names, for the message when a layer gets another."""

    def __init__(self, kind, module, objects, core_base, examples):
        self.kind, self.module, self.objects = kind, module, objects
        self.core_base, self.examples = core_base, examples

    def serialize(self, obj):
        """Keras 3's ``{"module", "class_name", "config", "registered_name"}``."""
        if obj is None:
            return None
        return {"module": self.module, "class_name": type(obj).__name__,
                "config": obj.get_config(), "registered_name": None}

    def deserialize(self, config, custom_objects=None):
        """An object from a config dict or a name."""
        objects = dict(self.objects, **(custom_objects or {}))
        if isinstance(config, str):
            config = {"class_name": config, "config": {}}
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(f"Could not interpret {self.kind} identifier: {config}")
        cls = objects.get(config["class_name"])
        if cls is None:
            raise ValueError(f"Could not interpret {self.kind} identifier: {config}")
        return cls.from_config(dict(config.get("config") or {}))

    def get(self, identifier):
        """An object from None, a name, a config dict, a class or an instance
        (any other callable is returned as is)."""
        if identifier is None:
            return None
        if isinstance(identifier, dict):
            return self.deserialize(identifier)
        obj = self.objects.get(identifier) if isinstance(identifier, str) else identifier
        if callable(obj):
            return obj() if isinstance(obj, type) else obj
        raise ValueError(f"Could not interpret {self.kind} identifier: {identifier}")

    def layer_spec(self, value, layer, argument):
        """The core spec of a layer argument (None stays None); objects the
        core cannot compute raise NotImplementedError naming the argument."""
        try:
            obj = self.get(value)
        except ValueError as e:
            raise ValueError(f"{layer}: argument `{argument}`: {e}") from None
        if obj is None:
            return None
        if not isinstance(obj, self.core_base):
            raise NotImplementedError(
                f"{layer}: argument `{argument}`: custom {self.kind}s are not supported inside "
                f"layers yet; received {value!r}. Use one of {self.examples}.")
        return {"class_name": type(obj).__name__, "config": obj.get_config()}
