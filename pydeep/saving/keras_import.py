"""Importing Keras 3 ``.keras`` files (and ``.weights.h5`` weights).

A ``.keras`` file is a zip with ``config.json`` (the architecture and
compile config, the same Keras config format pydeep reads) and
``model.weights.h5`` (HDF5, read with h5py: ``pip install
"pydeep[keras-import]"``). In the HDF5 file each layer's variables sit in
``layers/<key>/vars/<i>``, where ``<key>`` is the snake_case class name made
unique in the order of the model's layers (``dense``, ``dense_1``, ...);
newer Keras versions also store the layer's name as an attribute, which is
preferred when present. The optimizer's variables sit in
``optimizer/vars/<i>`` in Keras's order, which pydeep shares.
"""
import io
import json
import re
import warnings
import zipfile

import numpy as np

from . import serialization


def _h5py():
    try:
        import h5py
    except ImportError:
        raise ImportError("Reading Keras .keras / .weights.h5 files needs h5py. Install it with "
                          "`pip install \"pydeep[keras-import]\"` (or `pip install h5py`).") \
            from None
    return h5py


def _snake(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _keys(class_names):
    """Keras's container keys for layers of these classes, in order."""
    used, keys = {}, []
    for cls in class_names:
        key = _snake(cls)
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
        else:
            used[key] = 0
        keys.append(key)
    return keys


def _unsupported(config, custom_objects):
    from .. import layers as layers_module
    from .object_registration import get_registered_object

    inner = config.get("config", config)
    missing = []
    for entry in inner.get("layers", []):
        name = entry.get("class_name")
        if name in ("InputLayer", "Functional", "Sequential", "Model"):
            continue
        known = hasattr(layers_module, name) or get_registered_object(
            entry.get("registered_name") or name, custom_objects) is not None or \
            get_registered_object(name, custom_objects) is not None
        if not known and name not in missing:
            missing.append(name)
    return missing


def _assign_layers(model, group, layer_entries, what):
    """Sets each pydeep layer's weights from ``group`` (the h5 'layers' group)."""
    by_attr = {}
    for key in group:
        vars_group = group[key].get("vars")
        attr = vars_group.attrs.get("name") if vars_group is not None else None
        if attr is not None:
            by_attr[attr.decode() if isinstance(attr, bytes) else str(attr)] = key
    keys = _keys([cls for _, cls in layer_entries])
    for (name, _), key in zip(layer_entries, keys):
        layer = model.get_layer(name)
        mine = layer.get_weights()
        key = by_attr.get(name, key)
        if key not in group:
            if mine:
                raise ValueError(f"{what}: no weights for layer '{name}' (expected the group "
                                 f"'layers/{key}')")
            continue
        vars_group = group[key].get("vars", {})
        values = [np.asarray(vars_group[str(i)]) for i in range(len(vars_group))]
        if len(values) != len(mine):
            raise ValueError(f"{what}: layer '{name}' has {len(mine)} weights but the file has "
                             f"{len(values)}")
        if mine:
            layer.set_weights(values)


def _assign_optimizer(model, h5, what):
    opt_group = h5.get("optimizer")
    if opt_group is None or "vars" not in opt_group or not model.compiled:
        return
    values = [np.asarray(opt_group["vars"][str(i)]) for i in range(len(opt_group["vars"]))]
    optimizer = model.optimizer
    optimizer.build(model.trainable_weights)
    mine = optimizer.variables
    if len(values) != len(mine) or any(tuple(np.shape(v)) != tuple(m.shape)
                                       for v, m in zip(values, mine)):
        warnings.warn(f"{what}: the optimizer state does not fit the model's optimizer "
                      f"({len(values)} variables in the file, {len(mine)} in the optimizer); "
                      "it was not loaded")
        return
    optimizer.set_weights([np.asarray(v, dtype=np.dtype(str(m.dtype))) for v, m in
                           zip(values, mine)])


def _compile(model, compile_config, custom_objects):
    from .. import losses, metrics, optimizers

    def loss_of(value):
        if isinstance(value, dict) and "class_name" in value:
            return losses.deserialize(value, custom_objects)
        if isinstance(value, list):
            return [loss_of(v) for v in value]
        return value

    def metric_of(value):
        if isinstance(value, dict) and "class_name" in value:
            return metrics.deserialize(value, custom_objects)
        if isinstance(value, list):
            return [metric_of(v) for v in value]
        return value

    opt = compile_config.get("optimizer")
    if isinstance(opt, dict):
        opt = optimizers.deserialize({"class_name": opt["class_name"],
                                      "config": opt.get("config") or {}}, custom_objects)
    model.compile(optimizer=opt, loss=loss_of(compile_config.get("loss")),
                  loss_weights=compile_config.get("loss_weights"),
                  metrics=metric_of(compile_config.get("metrics")),
                  weighted_metrics=metric_of(compile_config.get("weighted_metrics")))


def _layer_entries(config):
    """(layer name, class name) in Keras's order of model.layers: a
    Functional's includes its InputLayers, a Sequential's does not."""
    inner = config.get("config", config)
    sequential = config.get("class_name") == "Sequential" or "input_layers" not in inner
    out = []
    for entry in inner.get("layers", []):
        if sequential and entry.get("class_name") == "InputLayer":
            continue
        name = entry.get("name") or (entry.get("config") or {}).get("name")
        out.append((name, entry.get("class_name")))
    return out


def load_keras_file(path, custom_objects=None, compile=True, safe_mode=True):
    """A pydeep model from a Keras 3 ``.keras`` file."""
    h5py = _h5py()
    try:
        with zipfile.ZipFile(path) as z:
            config = json.loads(z.read("config.json"))
            weights = z.read("model.weights.h5") if "model.weights.h5" in z.namelist() else None
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as e:
        raise ValueError(f"load_model: '{path}' is not a valid Keras .keras file ({e})") from None
    class_name = config.get("class_name")
    if class_name not in ("Functional", "Sequential", "Model"):
        raise NotImplementedError(f"load_model: '{path}' holds a {class_name} model; pydeep "
                                  "imports Functional and Sequential Keras models only "
                                  "(subclassed models cannot be rebuilt from a config)")
    missing = _unsupported(config, custom_objects)
    if missing:
        raise ValueError(f"load_model: '{path}' uses Keras layers that pydeep does not support: "
                         f"{', '.join(missing)}. Pass implementations in custom_objects, or "
                         "replace those layers.")
    model = serialization.model_from_config(config, custom_objects, safe_mode)
    if weights is not None:
        with h5py.File(io.BytesIO(weights), "r") as h5:
            if "layers" in h5:
                _assign_layers(model, h5["layers"], _layer_entries(config), "load_model")
            if compile and config.get("compile_config"):
                _compile(model, config["compile_config"], custom_objects)
                _assign_optimizer(model, h5, "load_model")
    elif compile and config.get("compile_config"):
        _compile(model, config["compile_config"], custom_objects)
    return model


def load_keras_weights(model, path):
    """Loads a Keras ``.weights.h5`` (or a ``.keras`` file's weights) into a
    pydeep model with the same layers (matched by name when the file stores
    names, else by Keras's order)."""
    h5py = _h5py()
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as z:
            data = io.BytesIO(z.read("model.weights.h5"))
    else:
        data = path
    entries = [(l.name, type(l).__name__) for l in model.layers
               if type(l).__name__ != "InputLayer" or "Sequential" not in type(model).__name__]
    with h5py.File(data, "r") as h5:
        _assign_layers(model, h5["layers"], entries, "load_weights")
        _assign_optimizer(model, h5, "load_weights")
