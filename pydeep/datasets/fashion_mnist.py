"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 kinds of clothing (Zalando)."""
from . import _files
from ._formats import read_idx

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
SUBDIR = "fashion-mnist"
# name -> (url, published hash). Zalando publishes MD5 sums only
# (github.com/zalandoresearch/fashion-mnist, README "Get the Data").
FILES = {
    "train-labels-idx1-ubyte.gz": (ORIGIN + "train-labels-idx1-ubyte.gz",
                                   "25c81989df183df01b3e8a0aad5dffbe"),
    "train-images-idx3-ubyte.gz": (ORIGIN + "train-images-idx3-ubyte.gz",
                                   "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
    "t10k-labels-idx1-ubyte.gz": (ORIGIN + "t10k-labels-idx1-ubyte.gz",
                                  "bb300cfdad3c16e7a12a480ee83cd310"),
    "t10k-images-idx3-ubyte.gz": (ORIGIN + "t10k-images-idx3-ubyte.gz",
                                  "bef4ecab320f06d8554ea6380940ec79"),
}
CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot")


def load_data(cache_dir=None):
    """Loads Fashion-MNIST as Keras's ``keras.datasets.fashion_mnist.load_data`` does.

    Reads the four IDX ``.gz`` files from ``<cache>/fashion-mnist/``
    (downloaded and MD5-checked when missing). `cache_dir` defaults to
    ``$PYDEEP_DATASETS`` or ``~/.pydeep/datasets``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,); labels index
        ``CLASS_NAMES``.
    """
    arrays = {}
    for name, (url, md5) in FILES.items():
        path = _files.get_file(name, url, md5, "fashion_mnist.load_data", cache=cache_dir,
                               subdir=SUBDIR)
        arrays[name] = read_idx(path)
    y_train, x_train = arrays["train-labels-idx1-ubyte.gz"], arrays["train-images-idx3-ubyte.gz"]
    y_test, x_test = arrays["t10k-labels-idx1-ubyte.gz"], arrays["t10k-images-idx3-ubyte.gz"]
    for x, y, split in ((x_train, y_train, "train"), (x_test, y_test, "t10k")):
        if x.ndim != 3 or len(x) != len(y):
            raise ValueError(f"fashion_mnist.load_data: expected {split} images of shape "
                             f"(n, 28, 28) and n labels; received {x.shape} and {y.shape}.")
    return (x_train, y_train), (x_test, y_test)
