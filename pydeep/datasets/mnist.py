"""MNIST handwritten digits: 60,000 training and 10,000 test 28x28 grayscale images."""
import os

from . import _files
from ._formats import load_npz, read_idx

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# name -> (url, published hash): the file Keras downloads, with its SHA-256.
FILES = {"mnist.npz": (ORIGIN + "mnist.npz",
                       "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")}
# LeCun's original IDX files (MD5 is the only hash published for them). They are
# read when placed in `<cache>/mnist/` and mnist.npz is absent; never downloaded.
IDX_FILES = {"train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
             "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
             "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
             "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c"}
IDX_SUBDIR = "mnist"


def load_data(path="mnist.npz", cache_dir=None):
    """Loads MNIST as Keras's ``keras.datasets.mnist.load_data`` does.

    Args:
        path: the file's name in the cache folder (or an absolute path).
        cache_dir: the cache folder; defaults to ``$PYDEEP_DATASETS`` or
            ``~/.pydeep/datasets``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,); pixels 0..255,
        labels 0..9.

    Reads ``mnist.npz`` (downloaded and SHA-256-checked when missing), or the
    four original IDX ``.gz`` files when they sit in ``<cache>/mnist/`` and
    ``mnist.npz`` does not. Raises OSError naming the path and URL when
    neither is present and the download fails, ValueError when a file's hash
    or structure is wrong.
    """
    where = "mnist.load_data"
    folder = _files.cache_dir(cache_dir)
    idx_folder = os.path.join(folder, IDX_SUBDIR)
    if not os.path.exists(os.path.join(folder, path)) and all(
            os.path.exists(os.path.join(idx_folder, name)) for name in IDX_FILES):
        arrays = []
        for name, md5 in IDX_FILES.items():
            _files.verify(os.path.join(idx_folder, name), md5, where)
            arrays.append(read_idx(os.path.join(idx_folder, name)))
        x_train, y_train, x_test, y_test = arrays
        return (x_train, y_train), (x_test, y_test)
    url, sha256 = FILES["mnist.npz"]
    local = _files.get_file(path, url, sha256, where, cache=cache_dir)
    f = load_npz(local, ("x_train", "y_train", "x_test", "y_test"))
    return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
