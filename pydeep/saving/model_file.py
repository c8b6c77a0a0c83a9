"""``save_model`` / ``load_model`` / weights files: the ``.pydeep`` format.

The file is written and read by the C++ core (``pydeep/io/model_file.h``),
so a C++ application loads exactly what Python saved. See that header for
the layout; in short: one safetensors-compatible file with the weights, the
optimizer state, the architecture and compile config as JSON metadata, a
CRC-32 checksum, and a sample input with the outputs the model gave for it,
which loading recomputes (``verify=True``) to refuse a model that no longer
reproduces them.
"""
import os
import warnings

from .. import _core
from . import serialization

MODEL_SUFFIX = ".pydeep"
WEIGHTS_SUFFIX = ".weights.pydeep"


def _path(filepath):
    if not isinstance(filepath, (str, os.PathLike)):
        raise ValueError(f"Expected a file path (str or os.PathLike); received {filepath!r}")
    return os.fspath(filepath)


def _check_suffix(path, weights):
    want = WEIGHTS_SUFFIX if weights else MODEL_SUFFIX
    if path.endswith(".keras") and not weights:
        raise ValueError(f"Invalid filepath extension for saving: {path!r}. pydeep saves its own "
                         "single-file format: use a path ending in '.pydeep' (for example "
                         "'model.pydeep'). Keras's '.keras' zip files can be loaded with "
                         "pydeep.models.load_model, but not written.")
    if path.endswith((".h5", ".hdf5")):
        raise ValueError(f"Invalid filepath extension for saving: {path!r}. The legacy HDF5 "
                         f"format is not supported; use a path ending in '{want}'.")
    if weights and not path.endswith(WEIGHTS_SUFFIX):
        raise ValueError(f"The filename must end in `{WEIGHTS_SUFFIX}`. Received: "
                         f"filepath={path}")
    if not weights and not path.endswith(MODEL_SUFFIX):
        raise ValueError(f"Invalid filepath extension for saving. Please add a `{MODEL_SUFFIX}` "
                         f"extension to the filepath. Received: filepath={path}")


def _check_overwrite(path, overwrite):
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"'{path}' exists and overwrite=False; pass overwrite=True to "
                              "replace it (the old file stays intact until the new one is "
                              "complete)")


def _require_built(model, what):
    if getattr(model, "_native", None) is None:
        raise ValueError(f"{what}: model '{model.name}' is not built yet; build it (call it on "
                         "data, give it an Input, or call model.build(input_shape)) first")


def save_model(model, filepath, overwrite=True, include_optimizer=True, verify=True, **kwargs):
    """Saves ``model`` to ``filepath`` (a path ending in ``.pydeep``): the
    architecture, weights, compile config and optimizer state in one file,
    written atomically. ``verify=False`` stores no sample outputs."""
    if kwargs.pop("zipped", None) not in (None, False, True):
        raise ValueError("save: `zipped` must be None, True or False")
    if kwargs:
        raise ValueError(f"save: unexpected argument(s) {sorted(kwargs)}")
    path = _path(filepath)
    _check_suffix(path, weights=False)
    _check_overwrite(path, overwrite)
    _require_built(model, "save")
    config = serialization.serialize_model(model)
    compile_config = None
    if include_optimizer and getattr(model, "compiled", False) and model._native.compiled:
        compile_config = serialization.compile_config(model)
    _core.save_model(model._native, path, model_config=config, compile_config=compile_config,
                     include_optimizer=bool(include_optimizer),
                     include_verification=bool(verify), sample_inputs=_sample_inputs(model))


def _sample_inputs(model):
    """Integer inputs get integer samples (indices 0..3); others the core's default."""
    import numpy as np

    dtypes = [getattr(t, "dtype", "float32") or "float32" for t in model.inputs]
    if all(d == "float32" for d in dtypes):
        return None
    samples = []
    for t, dtype in zip(model.inputs, dtypes):
        shape = (2,) + tuple(4 if d is None else d for d in t.shape[1:])
        if dtype == "float32":
            samples.append(np.random.default_rng(0).uniform(-1, 1, shape).astype("float32"))
        else:
            samples.append((np.arange(int(np.prod(shape))) % 4).reshape(shape).astype(dtype))
    return samples


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True, verify=True):
    """Loads a model saved with ``model.save`` (``.pydeep``), or imports a
    Keras 3 ``.keras`` file (needs h5py: ``pip install pydeep[keras-import]``).

    ``custom_objects``: ``{name: class or function}`` for user-defined parts
    (or register them with ``pydeep.saving.register_keras_serializable``).
    ``compile``: restore the compile config and optimizer state.
    ``safe_mode``: refuse Lambda functions stored as bytecode.
    ``verify``: recompute the stored sample outputs and refuse the model if
    they differ (tolerance ``1e-4 * (1 + |saved|)``).
    Raises FileNotFoundError / IsADirectoryError / OSError when the path
    cannot be read, ValueError when the file is not a valid model file."""
    path = _path(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"load_model: no such file: '{path}'")
    if os.path.isdir(path):
        raise IsADirectoryError(f"load_model: '{path}' is a directory, not a model file")
    if path.endswith(".keras"):
        from .keras_import import load_keras_file

        return load_keras_file(path, custom_objects=custom_objects, compile=compile,
                               safe_mode=safe_mode)
    file = _core.read_model_file(path)
    if file.kind != "model":
        raise ValueError(f"load_model: '{path}' holds weights only (written by save_weights); "
                         "create the model and call model.load_weights(path)")
    model = serialization.model_from_config(file.model_config, custom_objects, safe_mode)
    _core.assign_weights(model._native, file)
    if compile and file.compile_config is not None:
        serialization.compile_from_config(model, file.compile_config, custom_objects)
        _core.assign_optimizer_state(model._native, file)
    if verify:
        _core.verify_outputs(model._native, file)
    return model


def save_weights(model, filepath, overwrite=True):
    """Saves the weights (and the optimizer state of a compiled, trained
    model) to a path ending in ``.weights.pydeep``."""
    path = _path(filepath)
    _check_suffix(path, weights=True)
    _check_overwrite(path, overwrite)
    _require_built(model, "save_weights")
    _core.save_weights(model._native, path)


def load_weights(model, filepath, skip_mismatch=False):
    """Loads weights saved by ``save_weights`` or ``save`` into ``model``
    (same architecture: counts and shapes must match, ValueError otherwise).
    The optimizer state is restored too when the file has it and the model
    is compiled with an optimizer of the same structure (else a warning)."""
    path = _path(filepath)
    if skip_mismatch:
        raise NotImplementedError("load_weights: skip_mismatch=True is not supported")
    if not os.path.exists(path):
        raise FileNotFoundError(f"load_weights: no such file: '{path}'")
    if path.endswith(".keras") or path.endswith(".weights.h5"):
        from .keras_import import load_keras_weights

        return load_keras_weights(model, path)
    _require_built(model, "load_weights")
    file = _core.read_model_file(path)
    _core.assign_weights(model._native, file)
    if getattr(model, "compiled", False) and model._native.compiled:
        try:
            _core.assign_optimizer_state(model._native, file)
        except ValueError as e:
            warnings.warn(f"load_weights: the optimizer state in '{path}' does not fit the "
                          f"model's optimizer and was not loaded ({e})")
