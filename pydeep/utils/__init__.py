"""``pydeep.utils``: Keras 3's ``keras.utils`` helpers."""
from ..saving.object_registration import (CustomObjectScope, custom_object_scope,
                                          get_custom_objects, get_registered_name,
                                          get_registered_object, register_keras_serializable)
from .random_seed import get_random_seed, set_random_seed

__all__ = ["CustomObjectScope", "custom_object_scope", "get_custom_objects",
           "get_registered_name", "get_registered_object", "get_random_seed",
           "register_keras_serializable", "set_random_seed"]
