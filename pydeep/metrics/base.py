"""The metric base classes: ``Metric`` (subclass it in Python) and the core-backed ones."""
import numpy as np

from .. import _core
from .._naming import auto_name as _auto_name
from .._naming import check_float32_dtype


def _check_dtype(dtype, who):
    check_float32_dtype(dtype, who, "metrics report")


def _plain(value):
    """Config values for the core: numpy arrays/scalars and tuples as lists/numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(value, "__array__"):
        return np.asarray(value).tolist()
    return value


def _tensor(values):
    values = np.asarray(values, dtype=np.float32)
    return _core.convert_to_tensor(values[0] if values.size == 1 else values)


class Metric:
    """Base class of the metrics (Keras 3's ``keras.metrics.Metric``).

    Subclass it with ``update_state(...)``, ``result()`` and (when the state
    is not just ``add_variable`` variables) ``reset_state()``, written with
    ``pydeep.ops``; the trainer calls them through the core. ``m(...)``
    updates and returns ``result()``.
    """

    def __init__(self, dtype=None, name=None):
        _check_dtype(dtype, type(self).__name__)
        self._variables = []
        config = {"name": name or _auto_name(type(self).__name__)}
        self._native = _core.PythonMetric(self, config, type(self).__name__)

    @property
    def name(self):
        return self._native.name

    @name.setter
    def name(self, value):
        self._native.name = str(value)

    @property
    def dtype(self):
        return "float32"

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """A non-trainable ``pydeep.Variable`` of the metric's state."""
        from ..variables import Variable
        if initializer is None or (isinstance(initializer, str) and initializer == "zeros"):
            initializer = np.zeros(tuple(shape), dtype="float32")
        elif isinstance(initializer, str) and initializer == "ones":
            initializer = np.ones(tuple(shape), dtype="float32")
        variable = Variable(initializer, shape=shape, dtype=dtype, trainable=False,
                            aggregation=aggregation, synchronization="on_read", name=name)
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Metric implement "
                                  "update_state()")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Metric implement result()")

    def reset_state(self):
        for v in self._variables:
            v.assign(np.zeros(v.shape, dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__


def _builtin_class(cls):
    """The first class of this module in cls's MRO: the core class it computes."""
    return next(c for c in cls.__mro__
                if c.__module__.startswith(__package__) and c.__name__[0] != "_")


class _NativeMetric(Metric):
    """A metric computed by a core metric (``self._core``).

    ``self._native`` (what the trainer updates) is that core metric, or, for
    a user subclass that overrides update_state/result/reset_state, a
    callback into those overrides (which may call ``super()``)."""

    _core_class = None  # default: the name of the pydeep class

    def _init_native(self, name, dtype, **arguments):
        _check_dtype(dtype, type(self).__name__)
        self._variables = []
        base = _builtin_class(type(self))
        core_class = self._core_class or base.__name__
        config = {"name": name or _auto_name(core_class), **_plain(arguments)}
        self._core = self._native = _core.make_metric(core_class, config)
        if any(getattr(type(self), m) is not getattr(base, m)
               for m in ("update_state", "result", "reset_state")):
            self._native = _core.PythonMetric(self, {"name": self._core.name}, type(self).__name__)

    @Metric.name.setter
    def name(self, value):
        self._native.name = self._core.name = str(value)

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._core.update_state(y_true, y_pred, sample_weight)

    def result(self):
        return _tensor(self._core.result_values())

    def reset_state(self):
        self._core.reset_state()

    def get_config(self):
        return self._core.get_config()


class Sum(_NativeMetric):
    """The (weighted) sum of the given values: ``update_state(values, sample_weight=None)``."""

    def __init__(self, name="sum", dtype=None):
        self._init_native(name, dtype)

    def update_state(self, values, sample_weight=None):
        self._core.update_values(values, sample_weight)


class Mean(_NativeMetric):
    """The (weighted) mean of the given values: ``update_state(values, sample_weight=None)``.

    Values of a higher rank than the weights are first averaged over the axes
    the weights lack; each sample then counts with the mean of its weights."""

    def __init__(self, name="mean", dtype=None):
        self._init_native(name, dtype)

    def update_state(self, values, sample_weight=None):
        self._core.update_values(values, sample_weight)
