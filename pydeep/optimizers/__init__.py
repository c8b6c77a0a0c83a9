"""``pydeep.optimizers``: Keras 3's optimizers over the C++ core.

Each optimizer keeps its state and update rule in a core object; one step
updates every variable in one fused C++ pass (gradient clipping, weight decay
and the rule together), with the GIL released. Update rules, defaults,
configs and the order of ``variables`` are Keras 3's
(``keras/src/optimizers/``). Learning-rate schedules are in
``pydeep.optimizers.schedules``.
"""
from . import schedules
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .ftrl import Ftrl
from .lion import Lion
from .nadam import Nadam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad",
           "Adadelta", "Adafactor", "Lion", "Ftrl", "schedules", "get", "serialize",
           "deserialize"]

ALL_OBJECTS = (SGD, Adam, AdamW, Adamax, Nadam, RMSprop, Adagrad, Adadelta, Adafactor, Lion,
               Ftrl)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}


def serialize(optimizer):
    """``{"module", "class_name", "config", "registered_name"}``, as Keras writes it."""
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__,
            "config": optimizer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """An optimizer from ``{"class_name": ..., "config": {...}}`` (class names
    of the built-in optimizers in any case, as in Keras)."""
    class_name = config["class_name"]
    cls = (custom_objects or {}).get(class_name) or ALL_OBJECTS_DICT.get(class_name.lower())
    if cls is None:
        raise ValueError(f"Unknown optimizer: '{class_name}'. Known optimizers: "
                         f"{sorted(c.__name__ for c in ALL_OBJECTS)}")
    return cls.from_config(dict(config.get("config") or {}), custom_objects=custom_objects)


def get(identifier):
    """An optimizer from a name (``"adam"``, ``"SGD"``, ``"rmsprop"``...), a
    serialized dict, or an ``Optimizer`` (returned unchanged); ``None`` gives
    ``None``."""
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
