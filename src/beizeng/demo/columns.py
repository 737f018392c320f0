"""Arrow columns from numpy arrays, without a Python object per value."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

MONEY = pa.decimal128(18, 2)


def money_from_fen(fen: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """DECIMAL(18,2) yuan from integer fen (分), exact; ``mask`` true where the value is null.

    A decimal128 value is a 16-byte two's-complement integer scaled by 10², so the fen array is
    the low word and its sign extension the high word.
    """
    fen = np.ascontiguousarray(fen, dtype=np.int64)
    words = np.empty((len(fen), 2), dtype=np.int64)
    words[:, 0] = fen
    words[:, 1] = np.where(fen < 0, -1, 0)
    validity = None
    null_count = 0
    if mask is not None and mask.any():
        validity = pa.py_buffer(np.packbits(~mask, bitorder="little").tobytes())
        null_count = int(mask.sum())
    return pa.Array.from_buffers(
        MONEY, len(fen), [validity, pa.py_buffer(words.tobytes())], null_count=null_count
    )


def strings(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """A string column from a small-alphabet numpy string array (e.g. enum words)."""
    return pa.array(values, type=pa.string(), mask=mask)
