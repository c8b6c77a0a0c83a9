"""``pydeep.utils``: Keras 3's ``keras.utils`` helpers."""
from .plot_history import plot_history
from .random_seed import get_random_seed, set_random_seed

__all__ = ["plot_history", "set_random_seed", "get_random_seed"]
