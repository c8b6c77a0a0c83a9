"""``pydeep.utils``: Keras 3's ``keras.utils`` helpers."""
from .py_dataset import PyDataset
from .random_seed import get_random_seed, set_random_seed

Sequence = PyDataset  # Keras 3 keeps this alias

__all__ = ["PyDataset", "Sequence", "set_random_seed", "get_random_seed"]
