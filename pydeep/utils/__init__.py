"""``pydeep.utils``: Keras 3's ``keras.utils`` helpers."""
from .random_seed import get_random_seed, set_random_seed

__all__ = ["set_random_seed", "get_random_seed"]
