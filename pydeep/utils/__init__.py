"""``pydeep.utils``: Keras 3's ``keras.utils`` helpers."""
from .plot_history import plot_history
from .py_dataset import PyDataset
from .random_seed import get_random_seed, set_random_seed

Sequence = PyDataset  # Keras 3 keeps this alias

__all__ = ["PyDataset", "Sequence", "plot_history", "set_random_seed", "get_random_seed"]
