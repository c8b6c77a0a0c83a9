"""Model and compile configs between Python objects and Keras 3's JSON.

The C++ core writes and parses the configs (``pydeep/model/model_config.h``),
so Python and C++ agree on the format; this module only swaps in what only
Python knows: user-defined layers, losses and metrics (stored by registered
name), input dtypes, and how inputs/outputs were nested (a single tensor, a
list or a dict).
"""
import inspect

from .. import _core
from .object_registration import get_registered_name, get_registered_object

_MODEL_CLASSES = ("Functional", "Sequential", "Model")


# --- objects ------------------------------------------------------------------------------
def _is_builtin(obj, module):
    owner = obj if inspect.isclass(obj) or inspect.isfunction(obj) else type(obj)
    return getattr(owner, "__module__", "").startswith(module)


def _registered(cls_or_fn):
    name = get_registered_name(cls_or_fn)
    return name if ">" in name else None


def serialize_object(obj, module):
    """Keras's ``{"module", "class_name", "config", "registered_name"}`` for
    a class instance, or ``{"class_name": "function", "config": name, ...}``
    for a function (registered name when registered)."""
    if obj is None:
        return None
    if inspect.isfunction(obj) or (callable(obj) and not hasattr(obj, "get_config")
                                   and hasattr(obj, "__name__")):
        registered = _registered(obj)
        return {"module": getattr(obj, "__module__", "builtins"), "class_name": "function",
                "config": registered or obj.__name__, "registered_name": "function"}
    cls = type(obj)
    if not hasattr(obj, "get_config"):
        raise ValueError(f"Cannot serialize {obj!r}: it has no get_config() method")
    return {"module": module if _is_builtin(obj, "pydeep.") else cls.__module__,
            "class_name": cls.__name__, "config": obj.get_config(),
            "registered_name": None if _is_builtin(obj, "pydeep.") else _registered(cls)}


def lookup(entry, custom_objects, module_objects, what):
    """The class or function an entry names: custom_objects, the scope and
    registry (by registered name, then class name), then module_objects."""
    names = [n for n in (entry.get("registered_name"), entry.get("class_name")) if
             isinstance(n, str) and n != "function"]
    if entry.get("class_name") == "function":
        names = [entry["config"]]
    for name in names:
        found = get_registered_object(name, custom_objects)
        if found is not None:
            return found
    for name in names:
        if module_objects is not None and name in module_objects:
            return module_objects[name]
    shown = names[0] if names else entry
    raise ValueError(f"Could not locate {what} '{shown}'. Make sure custom classes and functions "
                     "are decorated with `@pydeep.saving.register_keras_serializable()` or passed "
                     "in `custom_objects`.")


# --- layers ---------------------------------------------------------------------------------
def _clean_layer_config(config):
    config = dict(config)
    dtype = config.get("dtype")
    if isinstance(dtype, dict):  # Keras's DTypePolicy
        config["dtype"] = (dtype.get("config") or {}).get("name", "float32")
    return config


def _visible_objects(custom_objects):
    """Every object loading may use, by registered and by short name."""
    from .object_registration import _GLOBAL_CUSTOM_OBJECTS, _scope

    out = {}
    for table in (_GLOBAL_CUSTOM_OBJECTS, getattr(_scope, "objects", None) or {},
                  custom_objects or {}):
        for name, obj in table.items():
            out[name] = obj
            out[name.split(">")[-1]] = obj
    return out


def _drop_inert_keys(cls, config):
    """Drops keys that newer Keras versions add with a neutral value
    (``quantization_config: None``, ``ragged: False``...) when the pydeep
    class has no such argument; a key with a real value stays, so the class
    reports it."""
    accepted = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is not None:
            accepted.update(inspect.signature(init).parameters)
    return {k: v for k, v in config.items()
            if k in accepted or v not in (None, False, {}, [])}


def _has_python_config(layer):
    """Built-in layers whose config the Python class writes (wrappers, which
    nest another layer's config) rather than the core."""
    from ..layers.layer import Layer

    return type(layer).get_config is not Layer.get_config and hasattr(layer, "layer")


def serialize_layer(layer):
    """The config entry of a Python layer (builtin layers: the core's). A
    nested model is one more entry: class_name "Functional"/"Sequential",
    config = its own model config."""
    from ..models.model import Model

    if isinstance(layer, Model):
        return serialize_model(layer)
    entry = serialize_object(layer, "keras.layers")
    entry["config"] = _clean_layer_config(entry["config"])
    return entry


def deserialize_layer(entry, custom_objects=None, safe_mode=True):
    """A Python layer (or nested model) from a config entry."""
    from .. import layers as layers_module
    from .. import models as models_module

    class_name = entry.get("class_name")
    if class_name in _MODEL_CLASSES and not entry.get("registered_name"):
        cls = models_module.Sequential if class_name == "Sequential" else models_module.Model
        return model_from_config(entry, custom_objects, safe_mode, cls=cls)
    cls = lookup(entry, custom_objects, vars(layers_module), "layer")
    config = _clean_layer_config(entry.get("config") or {})
    if inspect.isclass(cls) and _is_builtin(cls, "pydeep."):
        config = _drop_inert_keys(cls, config)
    if hasattr(cls, "from_config"):
        params = inspect.signature(cls.from_config).parameters
        if "safe_mode" in params:  # Lambda: functions by name, lambdas only when trusted
            return cls.from_config(config, custom_objects=_visible_objects(custom_objects),
                                   safe_mode=safe_mode)
        try:
            return cls.from_config(config)
        except TypeError as e:
            raise TypeError(f"Layer '{config.get('name')}' of class {class_name} could not be "
                            f"created from its config: {e}") from None
    return cls(**config)


# --- models ---------------------------------------------------------------------------------
def _history(name):
    return [name, 0, 0]


def _restructure(refs, structure):
    """input_layers/output_layers for a Python structure (tensor, list, dict)."""
    if isinstance(structure, dict):
        return dict(zip(structure.keys(), refs))
    if isinstance(structure, (list, tuple)):
        return list(refs)
    return refs[0]


def _as_list(value):
    if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
        return [value]
    return list(value.values()) if isinstance(value, dict) else list(value)


def model_config(model):
    """Keras's ``model.get_config()`` for a built pydeep model."""
    native = model._native
    if native is None:  # a Sequential not built yet: no graph, only layers
        return {"name": model.name, "trainable": model.trainable,
                "layers": [serialize_layer(l) for l in model._stack]}
    from ..models.sequential import Sequential

    sequential = isinstance(model, Sequential)
    inputs = model.inputs
    input_names = [getattr(getattr(t, "_input_layer", None), "name", None) or t.name
                   for t in inputs]
    native.input_names = input_names
    native.class_name = "Sequential" if sequential else "Functional"
    config = _core.model_to_config(native)
    by_name = {l.name: l for l in model.layers if hasattr(l, "_native") or
               hasattr(l, "get_config")}
    for i, entry in enumerate(config["layers"]):
        name = entry["config"].get("name")
        if entry["class_name"] == "InputLayer":
            k = input_names.index(name) if name in input_names else 0
            entry["config"]["dtype"] = getattr(inputs[k], "dtype", "float32") or "float32"
            continue
        layer = by_name.get(name)
        if layer is not None and (not _is_builtin(layer, "pydeep.") or
                                  type(layer).__name__ != entry["class_name"] or
                                  _has_python_config(layer)):
            python_entry = serialize_layer(layer)
            for key in ("module", "class_name", "config", "registered_name"):
                entry[key] = python_entry[key]
        elif layer is not None:
            serialize_layer(layer)  # refuses what cannot be stored (Lambda)
        config["layers"][i] = entry
    if not sequential:
        config["input_layers"] = _restructure(_as_list(config["input_layers"]),
                                              model._structure_inputs)
        config["output_layers"] = _restructure(_as_list(config["output_layers"]),
                                               model._structure_outputs)
    return config


def _serialize_subclassed(model):
    """A subclassed model: its class (registered or in custom_objects when
    loading), its get_config() and the input shapes it was built for; the
    weights travel in the file as for any model."""
    cls = type(model)
    if not model.built:
        raise ValueError(f"Model '{model.name}' ({cls.__name__}) is not built yet: call it on "
                         "data (or fit it) before saving")
    return {"module": cls.__module__, "class_name": cls.__name__, "config": model.get_config(),
            "registered_name": _registered(cls),
            "build_input_shapes": [list(t.shape) for t in model.inputs],
            "build_input_list": bool(model.__dict__.get("_list_input"))}


def _subclassed_from_config(entry, cls):
    from ..keras_tensor import KerasTensor
    from ..models import subclassed

    model = cls.from_config(entry.get("config") or {})
    inputs = [KerasTensor(tuple(s)) for s in entry["build_input_shapes"]]
    subclassed.ensure_graph(model, inputs if entry.get("build_input_list") else inputs[0])
    return model


def serialize_model(model):
    from ..models import subclassed
    from ..models.sequential import Sequential

    if subclassed.is_subclassed(model):
        return _serialize_subclassed(model)
    cls = type(model)
    builtin = _is_builtin(model, "pydeep.")
    return {"module": "keras", "class_name": "Sequential" if isinstance(model, Sequential)
            else "Functional", "config": model_config(model),
            "registered_name": None if builtin else _registered(cls)}


def model_from_config(config, custom_objects=None, safe_mode=True, cls=None):
    """A Python model from a Functional or Sequential config (inner or
    wrapped)."""
    from ..layers.input_layer import Input, InputLayer
    from ..models.model import Model
    from ..models.sequential import Sequential

    if isinstance(config, dict) and "build_input_shapes" in config and "class_name" in config and \
            config.get("class_name") not in _MODEL_CLASSES:  # a subclassed model
        from .. import models as models_module

        found = lookup(config, custom_objects, vars(models_module), "model class")
        return _subclassed_from_config(config, found)
    parsed = _core.parse_model_config(config)
    if cls is None or not issubclass(cls, Model):
        cls = Sequential if parsed["class_name"] == "Sequential" else Model
    layers = [deserialize_layer(e, custom_objects, safe_mode) for e in parsed["layers"]]
    if parsed["class_name"] == "Sequential":
        if not issubclass(cls, Sequential):
            cls = Sequential
        model = cls(name=parsed["name"])
        if parsed["inputs"]:
            spec = parsed["inputs"][0]
            model.add(InputLayer(batch_shape=spec["batch_shape"], dtype=spec["dtype"]),
                      rebuild=False)
        for layer in layers:
            model.add(layer, rebuild=False)
        model._maybe_build()
        if not parsed["trainable"]:
            model.trainable = False
        return model

    if issubclass(cls, Sequential):  # a Functional config always makes a functional Model
        cls = Model
    inputs = [Input(batch_shape=spec["batch_shape"], dtype=spec["dtype"], name=spec["name"])
              for spec in parsed["inputs"]]
    made = []

    def tensor(ref):
        node, index = ref
        return inputs[-node - 1] if node < 0 else made[node][index]

    for layer_index, refs, as_list in parsed["nodes"]:
        args = [tensor(r) for r in refs]
        out = layers[layer_index](args if as_list or len(args) > 1 else args[0])
        made.append(list(out) if isinstance(out, (list, tuple)) else [out])
    outputs = [tensor(r) for r in parsed["outputs"]]

    def structure(kind, keys, values):
        if kind == "single":
            return values[0]
        if kind == "dict":
            return dict(zip(keys, values))
        return values

    return cls(structure(parsed["input_structure"], parsed["input_keys"], inputs),
               structure(parsed["output_structure"], parsed["output_keys"], outputs),
               name=parsed["name"], trainable=parsed["trainable"])


# --- compile --------------------------------------------------------------------------------
def _builtin_loss(loss):
    from .. import losses

    if inspect.isfunction(loss):
        return loss.__module__ == losses.__name__ and hasattr(loss, "_native")
    return (type(loss).__module__ == losses.__name__ and type(loss) is not losses.Loss and
            (not isinstance(loss, losses.LossFunctionWrapper) or loss._is_native))


def _builtin_metric(metric):
    from .. import metrics

    return (type(metric).__module__ == metrics.__name__ and getattr(metric, "_mean", None) is None
            and metric._native is getattr(metric, "_core", None))


def compile_config(model):
    """The compile config (compile_config.h's JSON) of a compiled model, with
    Python-defined losses, metrics and optimizers stored by registered name."""
    config = _core.compile_to_config(model._native)
    opt = model.optimizer
    if not _is_builtin(opt, "pydeep."):
        config["optimizer"] = serialize_object(opt, "keras.optimizers")
    for i, loss in enumerate(model._loss_objects):
        if loss is not None and not _builtin_loss(loss):
            config["loss"][i] = serialize_object(getattr(loss, "fn", loss) if type(
                loss).__name__ == "LossFunctionWrapper" else loss, "keras.losses")
    for i, per_output in enumerate(model._metric_objects):
        for k, metric in enumerate(per_output):
            if _builtin_metric(metric):
                continue
            if type(metric).__name__ == "MeanMetricWrapper":
                fn = metric._fn
                entry = {"module": "keras.metrics", "class_name": "MeanMetricWrapper",
                         "config": {"name": metric.name, "dtype": "float32",
                                    "fn": serialize_object(fn, "keras.metrics")},
                         "registered_name": None}
            else:
                entry = serialize_object(metric, "keras.metrics")
            config["metrics"][i][k] = entry
    return config


def compile_from_config(model, config, custom_objects=None):
    """Calls ``model.compile`` with the objects a compile config describes."""
    from .. import losses as losses_module
    from .. import metrics as metrics_module
    from .. import optimizers as optimizers_module

    def make(entry, module, what):
        if entry is None:
            return None
        found = lookup(entry, custom_objects, vars(module), what)
        if entry.get("class_name") == "function" or not inspect.isclass(found):
            return found
        return found.from_config(dict(entry.get("config") or {}))

    def make_metric(entry):
        if entry.get("class_name") == "MeanMetricWrapper" and isinstance(
                entry.get("config", {}).get("fn"), dict):
            cfg = dict(entry["config"])
            fn = make(cfg.pop("fn"), metrics_module, "metric function")
            cfg.pop("dtype", None)
            return metrics_module.MeanMetricWrapper(fn=fn, **cfg)
        return make(entry, metrics_module, "metric")

    optimizer = make(config["optimizer"], optimizers_module, "optimizer")
    losses = [make(e, losses_module, "loss") for e in config["loss"]]
    every = [[make_metric(e) for e in per_output] for per_output in config.get("metrics") or []]
    flags = config.get("weighted") or [[False] * len(per_output) for per_output in every]
    metrics = [[m for m, w in zip(ms, fs) if not w] for ms, fs in zip(every, flags)]
    weighted = [[m for m, w in zip(ms, fs) if w] for ms, fs in zip(every, flags)]
    n_out = len(model.outputs)

    def per_output(lists):
        if not any(lists):
            return None
        return lists[0] if n_out == 1 else lists
    model.compile(optimizer=optimizer, loss=losses,
                  loss_weights=config.get("loss_weights"), metrics=per_output(metrics),
                  weighted_metrics=per_output(weighted))
