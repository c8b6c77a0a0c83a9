"""The saving half of ``Model``: configs, JSON, model and weights files
(Keras 3's ``get_config`` / ``from_config`` / ``to_json`` / ``save`` /
``save_weights`` / ``load_weights``). The formats live in ``pydeep.saving``."""
import json


class ModelSaving:
    def get_config(self):
        """Keras 3's config of a Functional or Sequential model; for a
        subclassed model the base keys, which its own get_config extends
        with its __init__ arguments."""
        from ..saving import serialization
        from . import subclassed

        if subclassed.is_subclassed(self):
            return {"name": self.name, "trainable": self.trainable}
        return serialization.model_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..saving import serialization
        from .model import Model

        if cls.call is not Model.call:  # subclassed: Keras's default is cls(**config)
            return cls(**config)
        return serialization.model_from_config(config, custom_objects, cls=cls)

    def to_json(self, **kwargs):
        """The architecture as a JSON string (``json.dumps`` keyword
        arguments pass through); ``pydeep.models.model_from_json`` reads it."""
        from ..saving import serialization

        return json.dumps(serialization.serialize_model(self), **kwargs)

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model to ``filepath`` (ending in ``.pydeep``); see
        ``pydeep.saving.save_model``."""
        from ..saving import save_model

        return save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True):
        from ..saving import save_weights

        return save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        from ..saving import load_weights

        if kwargs:
            raise ValueError(f"load_weights: unexpected argument(s) {sorted(kwargs)}")
        return load_weights(self, filepath, skip_mismatch=skip_mismatch)


def model_from_json(json_string, custom_objects=None):
    """A model (new weights) from ``model.to_json()``'s string."""
    from ..saving import serialization

    return serialization.model_from_config(json.loads(json_string), custom_objects)
