"""Minimal, dependency-free reader and writer for the safetensors format.

File layout::

    8 bytes   little-endian unsigned 64-bit integer N (header length)
    N bytes   UTF-8 JSON header, padded with spaces to a multiple of 8 bytes
    ...       data section: the raw tensor bytes, back to back

The header maps every tensor name to
``{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}`` where the
offsets are byte offsets relative to the start of the data section, plus an
optional ``"__metadata__"`` entry mapping strings to strings.  Tensors are
stored little-endian in C (row-major) order.

The writer lays tensors out in the order given and writes the header keys in
that order (``__metadata__`` first), so its output is byte-for-byte
deterministic.  Only numpy and the standard library are needed; torch tensors
are accepted (and returned on request) when torch is available.
"""

import json
import struct

import numpy as np

__all__ = ["save_file", "load_file", "read_header", "DTYPES"]

# safetensors dtype name -> numpy dtype (always little-endian)
DTYPES = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}
_NAME_OF = {(v.kind, v.itemsize): k for k, v in DTYPES.items()}


def _to_numpy(t):
    if isinstance(t, np.ndarray):
        return t
    # torch.Tensor (or anything with .detach().cpu().numpy())
    return t.detach().cpu().contiguous().numpy()


def save_file(tensors, path, metadata=None):
    """Write ``tensors`` (an ordered mapping name -> array/tensor) to ``path``.

    ``metadata``, if given, must map str -> str and is stored as
    ``__metadata__``.  Returns the number of bytes written.
    """
    header = {}
    if metadata is not None:
        for k, v in metadata.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError("__metadata__ keys and values must be strings")
        header["__metadata__"] = dict(metadata)

    chunks = []
    offset = 0
    for name, t in tensors.items():
        if name == "__metadata__":
            raise ValueError("'__metadata__' is not a valid tensor name")
        arr = np.ascontiguousarray(_to_numpy(t))
        key = (arr.dtype.kind, arr.dtype.itemsize)
        if key not in _NAME_OF:
            raise TypeError(f"unsupported dtype {arr.dtype} for {name!r}")
        dtype_name = _NAME_OF[key]
        raw = arr.astype(DTYPES[dtype_name], copy=False).tobytes(order="C")
        header[name] = {
            "dtype": dtype_name,
            "shape": list(arr.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)

    header_bytes = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header_bytes += b" " * ((-len(header_bytes)) % 8)

    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for raw in chunks:
            f.write(raw)
    return 8 + len(header_bytes) + offset


def read_header(buf):
    """Parse the header of a safetensors byte string.

    Returns ``(header_dict, data_start)`` where ``data_start`` is the byte
    offset of the data section.  Validates that the tensors tile the data
    section exactly, without gaps or overlaps.
    """
    if len(buf) < 8:
        raise ValueError("file too short for a safetensors header")
    (n,) = struct.unpack("<Q", buf[:8])
    if 8 + n > len(buf):
        raise ValueError("header length exceeds file size")
    header = json.loads(buf[8 : 8 + n].decode("utf-8"))
    data_start = 8 + n
    data_len = len(buf) - data_start

    spans = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"unsupported dtype {info['dtype']!r} for {name!r}")
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        if end - begin != count * dtype.itemsize:
            raise ValueError(f"size mismatch for {name!r}")
        spans.append((begin, end, name))
    spans.sort()
    pos = 0
    for begin, end, name in spans:
        if begin != pos:
            raise ValueError(f"gap or overlap before {name!r}")
        pos = end
    if pos != data_len:
        raise ValueError("data section length does not match the header")
    return header, data_start


def load_file(path, as_torch=False):
    """Read a safetensors file.

    Returns ``(tensors, metadata)``: ``tensors`` maps name -> numpy array (or
    torch tensor when ``as_torch``) in header order, ``metadata`` is the
    ``__metadata__`` dict (empty if absent).
    """
    with open(path, "rb") as f:
        buf = f.read()
    header, data_start = read_header(buf)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        arr = np.frombuffer(
            buf, dtype=DTYPES[info["dtype"]], count=(end - begin) // DTYPES[info["dtype"]].itemsize,
            offset=data_start + begin,
        ).reshape(info["shape"]).copy()
        if as_torch:
            import torch

            arr = torch.from_numpy(arr.astype(arr.dtype.newbyteorder("=")))
        tensors[name] = arr
    return tensors, dict(header.get("__metadata__", {}))
