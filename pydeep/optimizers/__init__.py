"""``pydeep.optimizers``: Keras 3's optimizers over the C++ core.

Each optimizer keeps its state and update rule in a core object
(``self._native``); one step updates every variable in one fused C++ pass
(gradient clipping, weight decay and the rule together), with the GIL
released. Update rules, defaults, configs and the order of ``variables`` are
Keras 3's (``keras/src/optimizers/``).
"""
import collections
import numbers
import re
import warnings

import numpy as np

from .. import _core

__all__ = ["Optimizer", "SGD", "Adam", "get", "serialize", "deserialize"]

_SCHEDULES_LATER = ("learning-rate schedules arrive with the optimizers issue; pass a float "
                    "learning_rate for now")
_name_uids = collections.defaultdict(int)


def _auto_name(class_name):
    """Keras's auto_name: snake_case, then "_1", "_2", ... for repeats."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    unique = f"{name}_{_name_uids[name]}" if name in _name_uids else name
    _name_uids[name] += 1
    return unique


def _learning_rate_value(learning_rate):
    if isinstance(learning_rate, dict) or callable(learning_rate):
        raise NotImplementedError(f"Optimizer: learning_rate={learning_rate!r} is a schedule or "
                                  f"callable; {_SCHEDULES_LATER}")
    if isinstance(learning_rate, (bool, np.bool_)) or not isinstance(
            learning_rate, (numbers.Real, np.floating, np.integer)):
        raise ValueError("Argument `learning_rate` should be a float. Received instead: "
                         f"learning_rate={learning_rate!r}")
    return float(learning_rate)


class Optimizer:
    """Base class of the optimizers (Keras 3's ``keras.optimizers.Optimizer``).

    Common arguments, as in Keras: ``learning_rate`` (a float > 0),
    ``weight_decay`` (decoupled: ``var -= var * weight_decay * lr`` before each
    update), ``clipnorm`` (per-variable gradient norm), ``clipvalue``,
    ``global_clipnorm`` (at most one of the three), ``name``. ``use_ema``,
    ``ema_momentum``, ``ema_overwrite_frequency``, ``loss_scale_factor`` and
    ``gradient_accumulation_steps`` raise ``NotImplementedError`` when set.

    Optimizer state is indexed by the position of each variable in the list
    the optimizer was built with: later steps must pass the same variables
    in the same order (``ValueError`` on a shape mismatch). Update rules
    written in Python (overriding ``update_step``) are not supported.
    """

    _identifier = None  # the core's name for the rule (make_optimizer)

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if self._identifier is None:
            raise NotImplementedError(
                f"{type(self).__name__}: optimizers with update rules written in Python are not "
                "supported; subclass one of pydeep.optimizers' optimizers instead")
        self._common = {
            "name": _auto_name(type(self).__name__) if name is None else name,
            "learning_rate": _learning_rate_value(learning_rate),
            "weight_decay": weight_decay, "clipnorm": clipnorm, "clipvalue": clipvalue,
            "global_clipnorm": global_clipnorm, "use_ema": use_ema,
            "ema_momentum": ema_momentum, "ema_overwrite_frequency": ema_overwrite_frequency,
            "loss_scale_factor": loss_scale_factor,
            "gradient_accumulation_steps": gradient_accumulation_steps,
        }
        self._native = None
        self._trainable_variables = []
        self._variables = None  # Python handles of the core's variables, made once
        self._variables_built = False

    def _make_native(self, **own):
        """Creates the core optimizer from the common and the class's own arguments."""
        self._native = _core.make_optimizer(self._identifier, {**self._common, **own})
        config = self._native.get_config()
        for key in ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema",
                    "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                    "gradient_accumulation_steps", *own):
            setattr(self, key, config[key])

    # --- state -------------------------------------------------------------
    @property
    def name(self):
        return self._native.name

    @property
    def learning_rate(self):
        """The current learning rate (a float; stored as float32, as Keras does).
        Settable at any time, also between the steps of a running ``fit``."""
        return self._native.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._native.learning_rate = _learning_rate_value(value)

    @property
    def iterations(self):
        """Number of steps applied so far (settable)."""
        return self._native.iterations

    @iterations.setter
    def iterations(self, value):
        self._native.iterations = int(value)

    @property
    def built(self):
        return self._native.built

    @property
    def variables(self):
        """Keras's order: ``iteration``, ``learning_rate``, then the slots (per
        variable one of each kind, e.g. Adam's ``<var>_momentum``,
        ``<var>_velocity``; ``<var>_velocity_hat`` after all of them). They
        are the core's variables (``pydeep._core.Variable``: ``name``,
        ``numpy()``, ``shape``, ``dtype``) and alias the optimizer's state."""
        if self._variables is None or self._variables_built != self.built:
            self._variables = self._native.variables()
            self._variables_built = self.built
        return list(self._variables)

    def build(self, variables):
        """Creates the optimizer's slots for ``variables`` (float32 Variables)."""
        variables = list(variables)
        if not self.built:
            self._native.build(variables)
            self._trainable_variables = variables

    # --- steps -------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies ``[(grad, variable), ...]``; ``None`` gradients skip their
        variable. Returns ``iterations``."""
        pairs = list(grads_and_vars)
        if pairs:
            self.apply([g for g, _ in pairs], [v for _, v in pairs])
        return self.iterations

    def apply(self, grads, trainable_variables=None):
        """Updates ``trainable_variables`` (default: those the optimizer was
        built with) from ``grads``, one to one."""
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError("When passing `grads` without `variables`, the optimizer must "
                                 "already be built on a list of variables. Call "
                                 "`optimizer.build(trainable_variables)` first.")
            if len(grads) != len(self._trainable_variables):
                raise ValueError(f"Received a list of {len(grads)} gradients, but the optimizer "
                                 f"is tracking {len(self._trainable_variables)} trainable "
                                 "variables.")
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if len(grads) != len(trainable_variables):
                raise ValueError(f"Received {len(grads)} gradients for "
                                 f"{len(trainable_variables)} variables.")
        missing = [getattr(v, "path", getattr(v, "name", "?"))
                   for g, v in zip(grads, trainable_variables) if g is None]
        if len(missing) == len(grads):
            raise ValueError("No gradients provided for any variable.")
        if missing:
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the "
                          "loss. If using `model.compile()`, did you forget to provide a `loss` "
                          "argument?")
        self.build(trainable_variables)
        self._native.apply_gradients(grads, trainable_variables)

    def scale_loss(self, loss):
        """``loss`` unchanged (``loss_scale_factor`` is not supported)."""
        return loss

    def finalize_variable_values(self, var_list):
        """Nothing to do: pydeep has no EMA of the weights (``use_ema``)."""

    def set_weights(self, weights):
        """Sets ``variables`` from arrays in the same order (Keras's set_weights)."""
        if not self.built:
            raise ValueError("You are calling `set_weights()` on an optimizer that has not yet "
                             "been built. Call `optimizer.build(trainable_variables)` first.")
        for variable, weight in zip(self.variables, weights):
            if tuple(variable.shape) != tuple(np.shape(weight)):
                raise ValueError(f"Optimizer variable {variable.name} has shape "
                                 f"{tuple(variable.shape)} not compatible with provided weight "
                                 f"shape {tuple(np.shape(weight))}.")
            variable._assign(weight)

    # --- config ------------------------------------------------------------
    def get_config(self):
        return self._native.get_config()

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


class SGD(Optimizer):
    """Gradient descent with optional momentum (Keras 3's ``SGD``).

    ``velocity = momentum * velocity - learning_rate * g``; then
    ``w += velocity``, or with ``nesterov=True``
    ``w += momentum * velocity - learning_rate * g``; with ``momentum=0``,
    ``w -= learning_rate * g``. ``momentum`` is a float in [0, 1].
    """

    _identifier = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real):
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: "
                             f"momentum={momentum!r}")
        self._make_native(momentum=float(momentum), nesterov=bool(nesterov))


class Adam(Optimizer):
    """Adam (Keras 3's ``Adam``), at step ``t = iterations + 1``:

    ``m += (g - m) * (1 - beta_1)``, ``v += (g**2 - v) * (1 - beta_2)``,
    ``w -= lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)``;
    with ``amsgrad=True`` the running maximum of ``v`` replaces ``v``.
    """

    _identifier = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(beta_1=float(beta_1), beta_2=float(beta_2), epsilon=float(epsilon),
                          amsgrad=bool(amsgrad))


_CLASSES = {cls.__name__.lower(): cls for cls in (SGD, Adam)}


def serialize(optimizer):
    """``{"module", "class_name", "config", "registered_name"}``, as Keras writes it."""
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__,
            "config": optimizer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """An optimizer from ``{"class_name": ..., "config": {...}}``."""
    class_name = config["class_name"]
    cls = (custom_objects or {}).get(class_name) or _CLASSES.get(class_name.lower())
    if cls is None:
        raise ValueError(f"Unknown optimizer: '{class_name}'. Known optimizers: "
                         f"{sorted(c.__name__ for c in _CLASSES.values())}")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier):
    """An optimizer from a name (``"adam"``, ``"SGD"``...), a serialized
    dict, or an ``Optimizer`` (returned unchanged); ``None`` gives ``None``."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = deserialize({"class_name": identifier, "config": {}})
    else:
        obj = identifier
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
