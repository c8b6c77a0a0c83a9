"""``pydeep.utils``: Keras 3's ``keras.utils`` helpers."""
from ..saving.object_registration import (CustomObjectScope, custom_object_scope,
                                          get_custom_objects, get_registered_name,
                                          get_registered_object, register_keras_serializable)
from .plot_history import plot_history
from .py_dataset import PyDataset
from .random_seed import get_random_seed, set_random_seed

Sequence = PyDataset  # Keras 3 keeps this alias

__all__ = ["CustomObjectScope", "PyDataset", "Sequence", "custom_object_scope",
           "get_custom_objects", "get_random_seed", "get_registered_name",
           "get_registered_object", "plot_history", "register_keras_serializable",
           "set_random_seed"]
