"""The optimizer base class (Keras 3's ``keras.optimizers.Optimizer``).

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
from . import schedules as schedules_module

_name_uids = collections.defaultdict(int)


def _auto_name(class_name):
    """Keras's auto_name: snake_case, then "_1", "_2", ... for repeats."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    unique = f"{name}_{_name_uids[name]}" if name in _name_uids else name
    _name_uids[name] += 1
    return unique


def _serialize_callable(function):
    """Keras's serialized form of a plain function used as learning rate."""
    return {"module": "builtins", "class_name": "function",
            "config": getattr(function, "__name__", repr(function)),
            "registered_name": "function"}


def _learning_rate_arg(learning_rate):
    """(value for the core's config, core schedule to set afterwards or None)."""
    if isinstance(learning_rate, schedules_module.LearningRateSchedule):
        if schedules_module.is_builtin(learning_rate):
            # Evaluated in C++ with no Python per step.
            return schedules_module.serialize(learning_rate), None
        return 0.001, _core.PythonSchedule(learning_rate, True, schedules_module.serialize)
    if callable(learning_rate):
        return 0.001, _core.PythonSchedule(learning_rate, False, _serialize_callable)
    if isinstance(learning_rate, (bool, np.bool_)) or not isinstance(
            learning_rate, (numbers.Real, np.floating, np.integer)):
        raise ValueError("Argument `learning_rate` should be float, or an instance of "
                         "LearningRateSchedule, or a callable (that takes in the current "
                         "iteration value and returns the corresponding learning rate value). "
                         f"Received instead: learning_rate={learning_rate!r}")
    return float(learning_rate), None


class Optimizer:
    """Base class of the optimizers (Keras 3's ``keras.optimizers.Optimizer``).

    Common arguments, as in Keras:

    - ``learning_rate``: a float > 0, a
      ``pydeep.optimizers.schedules.LearningRateSchedule`` (the built-in
      schedules run in C++; a subclass written in Python is called once per
      update with the step, under the GIL), or a callable taking no argument.
    - ``weight_decay``: decoupled, ``var -= var * weight_decay * lr`` before
      each update.
    - ``clipnorm`` (per-variable gradient norm), ``clipvalue``,
      ``global_clipnorm``: at most one of the three.
    - ``use_ema``, ``ema_momentum`` (in [0, 1]), ``ema_overwrite_frequency``:
      keep ``average = m * average + (1 - m) * var`` of every variable after
      each step (``m = 0`` on the first step); every
      ``ema_overwrite_frequency`` steps, and at the end of ``fit``
      (``finalize_variable_values``), the variables take the averages.
    - ``gradient_accumulation_steps`` (an integer >= 2): the variables are
      updated every n-th call only, with the mean of the n gradients;
      ``iterations`` counts updates, schedules see every call.
    - ``loss_scale_factor`` raises ``NotImplementedError`` when set.
    - ``name``.

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
        lr_value, self._python_schedule = _learning_rate_arg(learning_rate)
        self._learning_rate_object = learning_rate  # what the user passed (a float or schedule)
        self._common = {
            "name": _auto_name(type(self).__name__) if name is None else name,
            "learning_rate": lr_value,
            "weight_decay": weight_decay, "clipnorm": clipnorm, "clipvalue": clipvalue,
            "global_clipnorm": global_clipnorm, "use_ema": use_ema,
            "ema_momentum": ema_momentum, "ema_overwrite_frequency": ema_overwrite_frequency,
            "loss_scale_factor": loss_scale_factor,
            "gradient_accumulation_steps": gradient_accumulation_steps,
        }
        self._native = None
        self._trainable_variables = []
        self._variables = None  # Python handles of the core's variables, made once per layout
        self._variables_key = None

    def _make_native(self, **own):
        """Creates the core optimizer from the common and the class's own arguments."""
        self._native = _core.make_optimizer(self._identifier, {**self._common, **own})
        config = self._native.get_config()  # before a Python schedule: it may not serialize
        if self._python_schedule is not None:
            self._native.set_learning_rate_schedule(self._python_schedule)
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
        """The learning rate of the next update, a float (float32 precision, as
        Keras stores it). With a schedule, its value at the current step.

        Settable at any time, also between the steps of a running ``fit``: a
        float (``TypeError``, as in Keras, when the optimizer has a schedule),
        or a schedule or callable, which replaces the current learning rate."""
        return self._native.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, schedules_module.LearningRateSchedule) or callable(value):
            if schedules_module.is_builtin(value):
                schedule = value._native
            elif isinstance(value, schedules_module.LearningRateSchedule):
                schedule = _core.PythonSchedule(value, True, schedules_module.serialize)
            else:
                schedule = _core.PythonSchedule(value, False, _serialize_callable)
            self._native.set_learning_rate_schedule(schedule)
            self._learning_rate_object = value
            return
        if self._native.learning_rate_schedule is not None:
            self._native.learning_rate = 1.0  # raises Keras's TypeError
        self._native.learning_rate = _learning_rate_arg(value)[0]

    @property
    def iterations(self):
        """Number of updates applied so far (settable). With
        ``gradient_accumulation_steps=n``, the number of calls divided by n."""
        return self._native.iterations

    @iterations.setter
    def iterations(self, value):
        self._native.iterations = int(value)

    @property
    def built(self):
        return self._native.built

    @property
    def variables(self):
        """Keras's order: ``iteration`` (the raw count of calls),
        ``learning_rate`` (absent with a schedule), ``<var>_average`` per
        variable (``use_ema``), ``<var>_gradient_accumulator`` per variable
        (gradient accumulation), then the rule's slots (per variable one of
        each kind, e.g. Adam's ``<var>_momentum``, ``<var>_velocity``; extra
        kinds such as ``<var>_velocity_hat`` after all of them). They are the
        core's variables (``pydeep._core.Variable``: ``name``, ``numpy()``,
        ``shape``, ``dtype``) and alias the optimizer's state: assigning saved
        values (``set_weights``) restores training exactly."""
        key = (self.built, self._native.learning_rate_schedule is not None)
        if self._variables is None or self._variables_key != key:
            self._variables = self._native.variables()
            self._variables_key = key
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

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Weight decay skips the variables in ``var_list`` and those whose
        name (its last ``/`` component, Keras's ``variable.name``) contains a
        match of one of the regular expressions in ``var_names`` (e.g.
        ``["bias"]``). Replaces a previous exclusion."""
        self._native.exclude_from_weight_decay(list(var_list or []), list(var_names or []))

    def finalize_variable_values(self, var_list):
        """With ``use_ema``, sets the variables (those the optimizer was built
        with, same order) to their moving averages; otherwise does nothing.
        ``fit`` calls it after the last epoch, as Keras does."""
        self._native.finalize_variable_values(list(var_list))

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
        """Keras's keys; ``learning_rate`` is a float or the serialized
        schedule (``{"module", "class_name", "config", "registered_name"}``)."""
        return self._native.get_config()

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        learning_rate = config.get("learning_rate")
        if isinstance(learning_rate, dict):
            if learning_rate.get("class_name") == "function":
                function = (custom_objects or {}).get(learning_rate.get("config"))
                if function is None:
                    raise ValueError(f"{cls.__name__}.from_config: the learning rate is the "
                                     f"function {learning_rate.get('config')!r}; pass it in "
                                     "`custom_objects` to restore it")
                config["learning_rate"] = function
            else:
                config["learning_rate"] = schedules_module.deserialize(learning_rate,
                                                                      custom_objects)
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"
