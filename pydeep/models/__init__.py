"""``pydeep.models``: Model (functional), Sequential, and model files."""
from .model import Model
from .model_saving import model_from_json
from .sequential import Sequential
from ..saving.model_file import load_model, save_model

__all__ = ["Model", "Sequential", "load_model", "model_from_json", "save_model"]
