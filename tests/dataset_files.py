"""Writers of small data set files in the standard formats, for loader tests.

Written from the format descriptions (LeCun's IDX page, numpy's npz, the CIFAR
page), independently of the readers in pydeep.datasets.
"""
import gzip
import hashlib
import io
import pickle
import struct
import tarfile

import numpy as np


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def md5(path):
    return hashlib.md5(open(path, "rb").read()).hexdigest()


def write_idx_gz(path, array):
    """IDX: 0, 0, type code, ndim, big-endian uint32 dims, big-endian data."""
    codes = {np.dtype(np.uint8): 0x08, np.dtype(np.int32): 0x0C, np.dtype(np.float32): 0x0D}
    array = np.asarray(array)
    header = struct.pack(">BBBB", 0, 0, codes[array.dtype], array.ndim)
    header += struct.pack(">" + "I" * array.ndim, *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(array.dtype.newbyteorder(">")).tobytes())


def mnist_like(rng, n_train=7, n_test=5, side=28):
    x_train = rng.integers(0, 256, size=(n_train, side, side), dtype=np.uint8)
    x_test = rng.integers(0, 256, size=(n_test, side, side), dtype=np.uint8)
    return ((x_train, rng.integers(0, 10, n_train, dtype=np.uint8)),
            (x_test, rng.integers(0, 10, n_test, dtype=np.uint8)))


def cifar_batch_bytes(images_chw, labels):
    """A CIFAR python batch: a pickled dict with bytes keys, data (n, 3072) uint8."""
    batch = {b"batch_label": b"testing batch", b"labels": [int(v) for v in labels],
             b"data": images_chw.reshape(len(images_chw), -1),
             b"filenames": [b"img%d.png" % i for i in range(len(labels))]}
    # The official batches are Python 2 pickles whose str keys load as bytes;
    # protocol 4's BINBYTES gives the same objects without any import.
    return pickle.dumps(batch, protocol=4)


def write_cifar_tar_gz(path, batches, folder="cifar-10-batches-py"):
    """batches: {name: (images (n, 3, 32, 32) uint8, labels)} -> a .tar.gz like the official."""
    with tarfile.open(path, "w:gz") as tar:
        for name, (images, labels) in batches.items():
            payload = cifar_batch_bytes(images, labels)
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


def ragged(sequences):
    out = np.empty(len(sequences), dtype=object)
    for i, s in enumerate(sequences):
        out[i] = [int(v) for v in s]  # Python ints, as in the official imdb.npz
    return out
