"""Readers for the standard data set file formats: IDX, npz, CIFAR pickle batches.

Each reader checks the structure it relies on and raises ValueError naming the
file and what was wrong, so a damaged file fails with a message instead of a
reshape error. Pickled content is read with an unpickler that can only rebuild
numpy arrays (and the lists, dicts, bytes and numbers pickle encodes without
imports), so a malicious file cannot run code.
"""
import gzip
import io
import pickle
import zipfile

import numpy as np

# IDX type codes (the third byte of the magic number) -> big-endian numpy dtypes.
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """Reads an IDX file (``*-ubyte`` or ``*-ubyte.gz``) into a numpy array.

    The format (LeCun's MNIST files): two zero bytes, a type code, the number
    of dimensions, one big-endian uint32 per dimension, then the values in
    row-major order, big-endian. Returns the array in native byte order.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_DTYPES:
        raise ValueError(f"read_idx: expected an IDX file (magic 00 00 <type> <ndim>); "
                         f"received {path} starting with {data[:4].hex() or 'nothing'}.")
    dtype, ndim = np.dtype(_IDX_DTYPES[data[2]]), data[3]
    header = 4 + 4 * ndim
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise ValueError(f"read_idx: expected {expected} bytes for an IDX array of shape "
                         f"{shape} and type {dtype.str}; received {len(data)} bytes in {path}.")
    values = np.frombuffer(data, dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


class _ArraysOnlyUnpickler(pickle.Unpickler):
    _ALLOWED = {("numpy", "ndarray"), ("numpy", "dtype"),
                ("numpy.core.multiarray", "_reconstruct"),
                ("numpy._core.multiarray", "_reconstruct")}

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a data set file: "
                                     "only numpy arrays are allowed")


def _read_npy(buffer):
    try:
        return np.lib.format.read_array(buffer, allow_pickle=False)
    except ValueError:
        # An object array (e.g. IMDB's ragged lists of word indices): its
        # payload after the header is a pickle, read with the restricted unpickler.
        buffer.seek(0)
        major, _ = np.lib.format.read_magic(buffer)
        if major == 1:
            np.lib.format.read_array_header_1_0(buffer)
        else:
            np.lib.format.read_array_header_2_0(buffer)
        return _ArraysOnlyUnpickler(buffer).load()


def load_npz(path, keys):
    """Returns ``{key: array}`` for `keys` from the ``.npz`` archive at `path`.

    Raises ValueError naming the file when it is not an npz archive or lacks
    one of `keys`.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise ValueError(f"load_npz: expected an .npz (zip) archive; received {path}, "
                         f"which is not one ({e}).") from e
    with archive:
        members = {m[:-4]: m for m in archive.namelist() if m.endswith(".npy")}
        missing = [k for k in keys if k not in members]
        if missing:
            raise ValueError(f"load_npz: expected arrays {list(keys)} in {path}; received "
                             f"{sorted(members)} (missing {missing}).")
        return {k: _read_npy(io.BytesIO(archive.read(members[k]))) for k in keys}


def read_cifar_batch(fileobj, name, label_key="labels"):
    """Reads one CIFAR python batch: returns ``(images (n, 3, 32, 32) uint8, labels (n,))``.

    A batch is a pickled dict with byte-string keys: ``b"data"`` an (n, 3072)
    uint8 array (red plane, green plane, blue plane, each 32x32 row-major) and
    ``b"labels"`` a list of n ints.
    """
    batch = _ArraysOnlyUnpickler(fileobj, encoding="bytes").load()
    if not isinstance(batch, dict):
        raise ValueError(f"read_cifar_batch: expected a pickled dict in {name}; "
                         f"received {type(batch).__name__}.")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    if "data" not in batch or label_key not in batch:
        raise ValueError(f"read_cifar_batch: expected keys 'data' and '{label_key}' in {name}; "
                         f"received {sorted(batch)}.")
    data = np.asarray(batch["data"], dtype=np.uint8)
    labels = np.asarray(batch[label_key], dtype=np.uint8)
    if data.ndim != 2 or data.shape[1] != 3 * 32 * 32 or len(labels) != len(data):
        raise ValueError(f"read_cifar_batch: expected data of shape (n, 3072) and n labels in "
                         f"{name}; received data {data.shape} and {len(labels)} labels.")
    return data.reshape(-1, 3, 32, 32), labels
