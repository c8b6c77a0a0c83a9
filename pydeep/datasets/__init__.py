"""``pydeep.datasets``: Keras's data set loaders, plus offline data for examples and tests.

``mnist``, ``fashion_mnist``, ``cifar10``, ``imdb`` and ``boston_housing``
have Keras's ``load_data()`` signatures and return types. They read the
standard files from a cache folder (``cache_dir=``, else ``$PYDEEP_DATASETS``,
else ``~/.pydeep/datasets``), downloading and hash-checking them when missing;
without network, an OSError says which file to place where.

``digits`` loads scikit-learn's bundled 8x8 handwritten digits (no download)
and ``synthetic`` generates small sequence, token, 2-D and graph tasks.
"""
from . import boston_housing, cifar10, digits, fashion_mnist, imdb, mnist, synthetic
from ._files import ChecksumError

__all__ = ["ChecksumError", "boston_housing", "cifar10", "digits", "fashion_mnist", "imdb",
           "mnist", "synthetic"]
