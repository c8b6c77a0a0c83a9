"""pydeep.datasets loaders: standard file formats, hash checks, cache folder, offline errors.

No test touches the network: each writes small files in the official formats
into a temporary cache folder, points the loader's hash table at them, and
replaces the downloader. Where Keras is installed, the same files go through
Keras's own loaders (their download step replaced) as the reference.
"""
import json
import os
import re
import urllib.error

import numpy as np
import pytest

from dataset_files import (md5, mnist_like, ragged, sha256, write_cifar_tar_gz, write_idx_gz)
from pydeep.datasets import (ChecksumError, _files, boston_housing, cifar10, fashion_mnist, imdb,
                             mnist)

REAL_FETCH = _files.fetch


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Any download attempt fails as without network, and names the URL it tried."""
    tried = []

    def fetch(url, destination, timeout=None):
        tried.append(url)
        raise urllib.error.URLError("network disabled in tests")
    monkeypatch.setattr(_files, "fetch", fetch)
    monkeypatch.delenv(_files.ENV_VAR, raising=False)
    return tried


def publish(monkeypatch, module, name, path, hasher=sha256, table="FILES"):
    """Makes `path` the published version of `name` (its hash in the module's table)."""
    files = dict(getattr(module, table))
    entry = files[name]
    files[name] = (entry[0], hasher(path)) if isinstance(entry, tuple) else hasher(path)
    monkeypatch.setattr(module, table, files)


def keras_loader(keras_module, monkeypatch, resolve):
    """Keras's loader with its get_file replaced by `resolve(fname, **kwargs)`."""
    monkeypatch.setattr(keras_module, "get_file",
                        lambda fname=None, origin=None, **kw: resolve(fname, **kw))
    return keras_module.load_data


def assert_same(ours, theirs):
    for a, b in zip(np.array(ours, dtype=object).ravel(), np.array(theirs, dtype=object).ravel()):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def test_mnist_npz(tmp_path, monkeypatch, rng, keras):
    (x_train, y_train), (x_test, y_test) = mnist_like(rng)
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    publish(monkeypatch, mnist, "mnist.npz", path)
    ours = mnist.load_data(cache_dir=tmp_path)
    assert_same(ours, ((x_train, y_train), (x_test, y_test)))
    assert ours[0][0].shape == (7, 28, 28) and ours[0][0].dtype == np.uint8
    from keras.src.datasets import mnist as kmnist
    assert_same(ours, keras_loader(kmnist, monkeypatch, lambda f, **kw: str(path))())


def test_mnist_idx_files_when_the_npz_is_absent(tmp_path, monkeypatch, rng):
    (x_train, y_train), (x_test, y_test) = mnist_like(rng)
    (tmp_path / "mnist").mkdir()
    arrays = dict(zip(mnist.IDX_FILES, (x_train, y_train, x_test, y_test)))
    for name, array in arrays.items():
        write_idx_gz(tmp_path / "mnist" / name, array)
        publish(monkeypatch, mnist, name, tmp_path / "mnist" / name, md5, table="IDX_FILES")
    monkeypatch.setenv(_files.ENV_VAR, str(tmp_path))  # the environment variable's folder
    assert_same(mnist.load_data(), ((x_train, y_train), (x_test, y_test)))


def test_fashion_mnist_idx_gz(tmp_path, monkeypatch, rng, keras):
    (x_train, y_train), (x_test, y_test) = mnist_like(rng, 6, 4)
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    for name, array in zip(fashion_mnist.FILES, (y_train, x_train, y_test, x_test)):
        write_idx_gz(folder / name, array)
        publish(monkeypatch, fashion_mnist, name, folder / name, md5)
    ours = fashion_mnist.load_data(cache_dir=tmp_path)
    assert_same(ours, ((x_train, y_train), (x_test, y_test)))
    from keras.src.datasets import fashion_mnist as kfashion
    theirs = keras_loader(kfashion, monkeypatch, lambda f, **kw: str(folder / f))()
    assert_same(ours, theirs)


def cifar_batches(rng, per_batch=3):
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    return {name: (rng.integers(0, 256, (per_batch, 3, 32, 32), dtype=np.uint8),
                   rng.integers(0, 10, per_batch)) for name in names}


def test_cifar10_tar_gz_read_in_place(tmp_path, monkeypatch, rng, keras):
    batches = cifar_batches(rng)
    archive = tmp_path / cifar10.ARCHIVE
    write_cifar_tar_gz(archive, batches)
    publish(monkeypatch, cifar10, cifar10.ARCHIVE, archive)
    (x_train, y_train), (x_test, y_test) = cifar10.load_data(cache_dir=tmp_path)
    assert x_train.shape == (15, 32, 32, 3) and y_train.shape == (15, 1)
    assert x_test.shape == (3, 32, 32, 3) and x_train.dtype == y_train.dtype == np.uint8
    # Channels last: pixel (row 4, column 7) of image 1 of batch 2, green plane.
    assert x_train[4, 4, 7, 1] == batches["data_batch_2"][0][1, 1, 4, 7]
    np.testing.assert_array_equal(y_test.ravel(), batches["test_batch"][1])
    assert sorted(os.listdir(tmp_path)) == [cifar10.ARCHIVE]  # nothing extracted

    # The extracted folder is read when the archive is absent; Keras reads the same folder.
    extracted = tmp_path / "extracted"
    import tarfile
    with tarfile.open(archive) as tar:
        tar.extractall(extracted, filter="data")
    from_folder = cifar10.load_data(cache_dir=extracted)
    assert_same(from_folder, ((x_train, y_train), (x_test, y_test)))
    # Keras's batch reader (its loader assumes 10,000 images per batch) as the reference.
    from keras.src.datasets.cifar import load_batch
    folder = extracted / cifar10.FOLDER
    k_train = [load_batch(str(folder / f"data_batch_{i}")) for i in range(1, 6)]
    k_test = load_batch(str(folder / "test_batch"))
    np.testing.assert_array_equal(x_train, np.concatenate([d for d, _ in k_train])
                                  .transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y_train.ravel(), np.concatenate([lab for _, lab in k_train]))
    np.testing.assert_array_equal(x_test, k_test[0].transpose(0, 2, 3, 1))


def test_boston_housing_split_matches_keras(tmp_path, monkeypatch, rng, keras):
    x, y = rng.normal(size=(23, 13)), rng.uniform(10, 50, 23)
    path = tmp_path / "boston_housing.npz"
    np.savez(path, x=x, y=y)
    publish(monkeypatch, boston_housing, "boston_housing.npz", path)
    from keras.src.datasets import boston_housing as kboston
    reference = keras_loader(kboston, monkeypatch, lambda f, **kw: str(path))
    for kwargs in ({}, {"test_split": 0.3, "seed": 5}, {"test_split": 0.0}):
        ours = boston_housing.load_data(cache_dir=tmp_path, **kwargs)
        assert_same(ours, reference(**kwargs))
    (x_train, _), (x_test, _) = boston_housing.load_data(cache_dir=tmp_path)
    assert x_train.shape == (18, 13) and x_test.shape == (5, 13) and x_train.dtype == np.float64
    with pytest.raises(ValueError, match=r"test_split.*received test_split=1"):
        boston_housing.load_data(cache_dir=tmp_path, test_split=1)


def write_imdb(path, rng):
    def reviews(n):
        return ragged([rng.integers(1, 30, rng.integers(3, 12)) for _ in range(n)])
    np.savez(path, x_train=reviews(9), y_train=rng.integers(0, 2, 9), x_test=reviews(7),
             y_test=rng.integers(0, 2, 7))


@pytest.mark.parametrize("kwargs", [
    {"num_words": 20}, {"num_words": 25, "skip_top": 5, "seed": 3}, {"maxlen": 9, "num_words": 40},
    {"num_words": 15, "oov_char": None}, {"start_char": None, "index_from": 0, "num_words": 40},
    {"start_char": None, "num_words": 12, "index_from": 2}])
def test_imdb_matches_keras(tmp_path, monkeypatch, rng, keras, kwargs):
    path = tmp_path / "imdb.npz"
    write_imdb(path, rng)
    publish(monkeypatch, imdb, "imdb.npz", path)
    (x_train, y_train), (x_test, y_test) = imdb.load_data(cache_dir=tmp_path, **kwargs)
    from keras.src.datasets import imdb as kimdb
    (kx_train, ky_train), (kx_test, ky_test) = keras_loader(
        kimdb, monkeypatch, lambda f, **kw: str(path))(**kwargs)
    assert x_train.dtype == object and x_train.ndim == 1
    assert [list(s) for s in x_train] == [list(s) for s in kx_train]
    assert [list(s) for s in x_test] == [list(s) for s in kx_test]
    np.testing.assert_array_equal(y_train, ky_train)
    np.testing.assert_array_equal(y_test, ky_test)


def test_imdb_semantics_and_word_index(tmp_path, monkeypatch):
    raw = [[1, 2, 3], [4, 5, 6]]  # equal lengths: still a 1-D array of lists
    np.savez(tmp_path / "imdb.npz", x_train=ragged(raw), y_train=np.array([0, 1]),
             x_test=ragged([[7, 8, 9]]), y_test=np.array([1]))
    publish(monkeypatch, imdb, "imdb.npz", tmp_path / "imdb.npz")
    (x_train, y_train), (x_test, _) = imdb.load_data(cache_dir=tmp_path)
    assert x_train.shape == (2,) and isinstance(x_train[0], list)
    # num_words=None keeps every word (the largest index too), with start_char and the shift.
    assert sorted(map(tuple, x_train)) == [(1, 4, 5, 6), (1, 7, 8, 9)]
    assert x_test[0] == [1, 10, 11, 12]
    with pytest.raises(ValueError, match="maxlen=2"):
        imdb.load_data(cache_dir=tmp_path, maxlen=2)
    (tmp_path / "imdb_word_index.json").write_text(json.dumps({"the": 1, "film": 2}))
    publish(monkeypatch, imdb, "imdb_word_index.json", tmp_path / "imdb_word_index.json", md5)
    assert imdb.get_word_index(cache_dir=tmp_path) == {"the": 1, "film": 2}


def test_corrupted_file_is_refused_with_both_hashes(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.zeros((1, 28, 28), np.uint8))  # not the published file
    with pytest.raises(ChecksumError) as info:
        mnist.load_data(cache_dir=tmp_path)
    message = str(info.value)
    assert isinstance(info.value, ValueError) and "mnist.load_data" in message
    assert mnist.FILES["mnist.npz"][1] in message and sha256(path) in message
    assert str(path) in message and "delete it" in message


def test_missing_file_names_path_and_url_and_leaves_nothing(tmp_path, offline):
    target = tmp_path / "cache"
    with pytest.raises(OSError) as info:
        mnist.load_data(cache_dir=target)
    message = str(info.value)
    assert str(target / "mnist.npz") in message and mnist.FILES["mnist.npz"][0] in message
    assert "URLError" in message and _files.ENV_VAR in message
    assert offline == [mnist.FILES["mnist.npz"][0]]
    assert os.listdir(target) == []  # no partial download left behind
    with pytest.raises(OSError, match=r"fashion-mnist.train-labels-idx1-ubyte\.gz"):
        fashion_mnist.load_data(cache_dir=target)


def test_download_is_verified_then_moved_into_place(tmp_path, monkeypatch):
    source = tmp_path / "server.npz"
    np.savez(source, x=np.ones((3, 13)), y=np.arange(3.0))

    def fetch(url, destination, timeout=None):
        assert not os.path.exists(tmp_path / "cache" / "boston_housing.npz")  # not yet visible
        assert os.path.dirname(destination) == str(tmp_path / "cache")  # same folder: atomic
        with open(source, "rb") as src, open(destination, "wb") as dst:
            dst.write(src.read())
    monkeypatch.setattr(_files, "fetch", fetch)
    # A download that does not match the published hash is refused and removed.
    with pytest.raises(ChecksumError) as info:
        boston_housing.load_data(cache_dir=tmp_path / "cache")
    size = os.path.getsize(source)
    assert re.search(r"boston_housing.load_data: expected the download of https://\S+/"
                     rf"boston_housing.npz to have sha256 f553\w+; received {size} bytes "
                     rf"with sha256 {sha256(source)}", str(info.value)), str(info.value)
    assert os.listdir(tmp_path / "cache") == []
    publish(monkeypatch, boston_housing, "boston_housing.npz", source)
    (x_train, y_train), _ = boston_housing.load_data(cache_dir=tmp_path / "cache", test_split=0)
    assert x_train.shape == (3, 13) and sorted(y_train) == [0, 1, 2]
    assert os.listdir(tmp_path / "cache") == ["boston_housing.npz"]


def test_real_fetch_through_urllib_with_a_file_url(tmp_path, monkeypatch):
    source = tmp_path / "served" / "mnist.npz"
    source.parent.mkdir()
    (x_train, y_train), (x_test, y_test) = mnist_like(np.random.default_rng(3), 2, 1)
    np.savez(source, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    monkeypatch.setattr(_files, "fetch", REAL_FETCH)
    monkeypatch.setattr(mnist, "FILES", {"mnist.npz": (source.as_uri(), sha256(source))})
    (a, _), (b, _) = mnist.load_data(cache_dir=tmp_path / "cache")
    np.testing.assert_array_equal(a, x_train)
    assert (tmp_path / "cache" / "mnist.npz").read_bytes() == source.read_bytes()
    assert oct((tmp_path / "cache" / "mnist.npz").stat().st_mode & 0o777) == "0o644"


def test_cache_folder_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv(_files.ENV_VAR, str(tmp_path / "env"))
    assert _files.cache_dir() == str(tmp_path / "env")
    assert _files.cache_dir(tmp_path / "arg") == str(tmp_path / "arg")
    monkeypatch.delenv(_files.ENV_VAR)
    assert _files.cache_dir() == os.path.expanduser(os.path.join("~", ".pydeep", "datasets"))


def test_format_errors_name_the_file(tmp_path):
    from pydeep.datasets._formats import load_npz, read_idx
    bad = tmp_path / "bad-idx1-ubyte"
    bad.write_bytes(b"\x01\x02\x08\x01")
    with pytest.raises(ValueError, match=r"read_idx: expected an IDX file.*bad-idx1-ubyte"):
        read_idx(bad)
    short = tmp_path / "short-idx3-ubyte.gz"
    write_idx_gz(short, np.zeros((2, 3, 4), np.uint8))
    import gzip
    data = gzip.open(short).read()
    with gzip.open(short, "wb") as f:
        f.write(data[:-5])  # truncated
    with pytest.raises(ValueError, match=r"expected 40 bytes.*\(2, 3, 4\).*received 35"):
        read_idx(short)
    values = np.arange(6, dtype=np.float32).reshape(2, 3)
    write_idx_gz(tmp_path / "f.gz", values)
    out = read_idx(tmp_path / "f.gz")
    assert out.dtype == np.float32 and out.dtype.isnative
    np.testing.assert_array_equal(out, values)

    (tmp_path / "not.npz").write_bytes(b"plain text")
    with pytest.raises(ValueError, match=r"not\.npz"):
        load_npz(tmp_path / "not.npz", ("x",))
    np.savez(tmp_path / "a.npz", x=np.ones(2))
    with pytest.raises(ValueError, match=r"\['x', 'y'\].*missing \['y'\]"):
        load_npz(tmp_path / "a.npz", ("x", "y"))


class Payload:
    def __reduce__(self):
        return (os.getcwd, ())


def test_pickled_objects_other_than_arrays_are_refused(tmp_path):
    import pickle
    from pydeep.datasets._formats import load_npz
    evil = np.empty(1, dtype=object)
    evil[0] = Payload()
    np.savez(tmp_path / "evil.npz", x=evil)
    with pytest.raises(pickle.UnpicklingError, match="refusing to load"):
        load_npz(tmp_path / "evil.npz", ("x",))
