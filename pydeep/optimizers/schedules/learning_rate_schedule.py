"""Learning-rate schedules with Keras 3's names, arguments, defaults and
configs (``keras/src/optimizers/schedules/learning_rate_schedule.py``).

The built-in schedules compute in C++ (``pydeep._core.make_schedule``), in
float32 as Keras does; their arguments are read-only attributes (the core
holds them). ``LearningRateSchedule`` is the base class users subclass in
Python: override ``__call__(step)`` and ``get_config()``.
"""
import numbers

import numpy as np

from ... import _core


class LearningRateSchedule:
    """Base class of learning-rate schedules (Keras's
    ``keras.optimizers.schedules.LearningRateSchedule``).

    Subclasses implement ``__call__(step)`` (``step``: the optimizer's
    iteration count, an ``int``; returns the learning rate, anything
    ``float()`` accepts) and ``get_config()`` (a dict of the constructor's
    arguments; ``from_config`` calls ``cls(**config)``). An optimizer built
    with one calls it once per update, from the core, under the GIL.
    """

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{self.__class__.__name__}' must "
                                  "override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(f"Learning rate schedule '{self.__class__.__name__}' must "
                                  "override `get_config()` in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _plain(value):
    """A config value as JSON-friendly Python (numpy scalars and arrays unwrapped)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _BuiltinSchedule(LearningRateSchedule):
    """A schedule computed by the core; arguments are read-only attributes."""

    def __init__(self, **config):
        # The built-in class this is (or derives from) names the core's schedule.
        builtin = next(c for c in type(self).__mro__ if c in _BUILTINS.values())
        self._native = _core.make_schedule(builtin.__name__,
                                           {k: _plain(v) for k, v in config.items()})

    def __call__(self, step):
        """The learning rate at ``step`` (a float32 scalar; an array for an
        array of steps), computed in float32 as Keras does."""
        if np.ndim(step) == 0:
            value = step.item() if isinstance(step, np.generic) else step
            if not isinstance(value, numbers.Real):
                value = float(np.asarray(value))
            return np.float32(self._native(float(value)))
        steps = np.asarray(step, dtype=np.float64)
        return np.array([self._native(float(s)) for s in steps.ravel()],
                        np.float32).reshape(steps.shape)

    def get_config(self):
        return self._native.get_config()

    def __getattr__(self, key):
        if key != "_native" and "_native" in self.__dict__:
            config = self._native.get_config()
            if key in config:
                return config[key]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{key}'")

    def __setattr__(self, key, value):
        # Arguments live in the core; a subclass's own attributes are its own.
        if key != "_native" and "_native" in self.__dict__ and \
                key in self._native.get_config():
            raise AttributeError(f"{type(self).__name__}: the arguments of a built-in schedule "
                                 f"are read-only (the core holds them); make a new schedule "
                                 f"instead of setting `{key}`")
        super().__setattr__(key, value)


class ExponentialDecay(_BuiltinSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``, with
    the exponent floored when ``staircase``. ``decay_steps`` must be > 0."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         decay_rate=decay_rate, staircase=staircase, name=name)


class InverseTimeDecay(_BuiltinSchedule):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``, with
    ``step / decay_steps`` floored when ``staircase``. ``decay_steps`` must
    be > 0."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         decay_rate=decay_rate, staircase=staircase, name=name)


class PiecewiseConstantDecay(_BuiltinSchedule):
    """``values[0]`` while ``step <= boundaries[0]``, ``values[i]`` while
    ``boundaries[i-1] < step <= boundaries[i]``, ``values[-1]`` after the last
    boundary. ``len(values)`` must be ``len(boundaries) + 1``."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        super().__init__(boundaries=list(boundaries), values=list(values), name=name)


class PolynomialDecay(_BuiltinSchedule):
    """``(initial_learning_rate - end_learning_rate) * (1 - step / decay_steps) ** power
    + end_learning_rate`` with ``step`` clipped to ``decay_steps``; with
    ``cycle``, ``decay_steps`` is multiplied by ``ceil(step / decay_steps)``
    instead (by 1 at step 0). ``decay_steps`` must be > 0."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         end_learning_rate=end_learning_rate, power=power, cycle=cycle,
                         name=name)


class CosineDecay(_BuiltinSchedule):
    """Cosine decay with optional linear warmup. Without ``warmup_target``:
    ``initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)``
    with ``s = min(step, decay_steps)``. With ``warmup_target``: a linear
    ramp from ``initial_learning_rate`` to ``warmup_target`` over
    ``warmup_steps``, then the cosine decay from ``warmup_target`` over
    ``decay_steps``. ``decay_steps`` must be > 0."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         alpha=alpha, name=name, warmup_target=warmup_target,
                         warmup_steps=warmup_steps)


class CosineDecayRestarts(_BuiltinSchedule):
    """Cosine decay with warm restarts (SGDR): periods of
    ``first_decay_steps * t_mul ** i`` steps, each starting at
    ``initial_learning_rate * m_mul ** i`` and decaying to ``alpha`` times
    that. ``first_decay_steps`` must be > 0."""

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay"):
        super().__init__(initial_learning_rate=initial_learning_rate,
                         first_decay_steps=first_decay_steps, t_mul=t_mul, m_mul=m_mul,
                         alpha=alpha, name=name)


_BUILTINS = {cls.__name__: cls for cls in (ExponentialDecay, InverseTimeDecay,
                                           PiecewiseConstantDecay, PolynomialDecay, CosineDecay,
                                           CosineDecayRestarts)}


def is_builtin(schedule):
    """Whether the core computes `schedule` itself (a built-in class, not a subclass)."""
    return type(schedule) in _BUILTINS.values()


def serialize(learning_rate_schedule):
    """Keras's form: ``{"module", "class_name", "config", "registered_name"}``
    (module ``keras.optimizers.schedules`` and no registered name for the
    built-ins; the class's module and name for a user's schedule)."""
    schedule = learning_rate_schedule
    if is_builtin(schedule):
        return schedule._native.serialize()
    cls = type(schedule)
    return {"module": cls.__module__, "class_name": cls.__name__,
            "config": schedule.get_config(), "registered_name": cls.__name__}


def deserialize(config, custom_objects=None):
    """A schedule from its serialized form; classes not built in are looked
    up in ``custom_objects`` by class name (or registered name)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError("schedules.deserialize: expected a dict with 'class_name' and "
                         f"'config'; received {config!r}")
    custom_objects = custom_objects or {}
    name = config["class_name"]
    cls = (custom_objects.get(name) or custom_objects.get(config.get("registered_name"))
           or _BUILTINS.get(name))
    if cls is None:
        raise ValueError(f"Could not interpret learning rate schedule '{name}': it is not a "
                         f"built-in schedule ({', '.join(_BUILTINS)}); pass the class in "
                         "`custom_objects`")
    return cls.from_config(dict(config.get("config") or {}))
