"""``pydeep.saving``: model files and the registry of user-defined objects
(Keras 3's ``keras.saving``)."""
from .model_file import load_model, load_weights, save_model, save_weights
from .object_registration import (CustomObjectScope, custom_object_scope, get_custom_objects,
                                  get_registered_name, get_registered_object,
                                  register_keras_serializable)
from .serialization import deserialize_layer, model_from_config, serialize_layer

__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_layer", "get_custom_objects",
           "get_registered_name", "get_registered_object", "load_model", "load_weights",
           "model_from_config", "register_keras_serializable", "save_model", "save_weights",
           "serialize_layer"]
