"""An independent reader/writer of the .pydeep container (safetensors plus
pydeep's checksum), written from the format description in
cpp/include/pydeep/io/tensor_file.h with numpy and zlib only: tests use it
to check the files pydeep writes and to craft damaged or foreign files."""
import json
import struct
import zlib

import numpy as np

DTYPES = {"F32": np.float32, "I32": np.int32, "I64": np.int64, "BOOL": np.bool_}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def read(path):
    """(header dict, metadata dict, {name: array}) of a safetensors file."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(body[begin:end], DTYPES[entry["dtype"]]).reshape(
            tuple(entry["shape"]))
    return header, header.get("__metadata__", {}), tensors


def checksum(metadata, entries, body):
    text = b""
    for k in sorted(metadata):
        if k != "checksum":
            text += k.encode() + b"\0" + metadata[k].encode() + b"\0"
    for name in sorted(entries):
        e = entries[name]
        text += (name.encode() + b"\0" + e["dtype"].encode() + b"\0" +
                 ",".join(str(d) for d in e["shape"]).encode() + b"\0" +
                 str(e["data_offsets"][0]).encode() + b"\0" +
                 str(e["data_offsets"][1]).encode() + b"\0")
    return "crc32:%08x" % zlib.crc32(body, zlib.crc32(text))


def write(path, metadata, tensors, with_checksum=True):
    """Writes a safetensors file (tensors: {name: array}) with pydeep's
    checksum in the metadata."""
    entries, body = {}, b""
    for name, arr in tensors.items():
        arr = np.array(arr, order="C")  # (ascontiguousarray would make 0-d arrays 1-d)
        raw = arr.tobytes()
        entries[name] = {"dtype": NAMES[arr.dtype], "shape": list(arr.shape),
                         "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    metadata = dict(metadata)
    metadata.pop("checksum", None)
    if with_checksum:
        metadata["checksum"] = checksum(metadata, entries, body)
    header = json.dumps({"__metadata__": metadata, **entries}).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + body)


def raw_file(path, header_bytes, body=b"", declared_length=None):
    n = len(header_bytes) if declared_length is None else declared_length
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", n) + header_bytes + body)
