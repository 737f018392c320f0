"""Vectorised construction of valid identifiers: USCC (GB 32100-2015), resident ID (GB 11643-1999).

The scalar rules live in ``beizeng.reference.identifiers``; here the same arithmetic runs over
numpy arrays of character values (one row per identifier), so millions of codes cost milliseconds.
The tests check every generated code with the scalar reference functions.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from beizeng.reference.identifiers import USCC_ALPHABET

_USCC_BYTES = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
_DIGITS = np.frombuffer(b"0123456789", dtype=np.uint8)

ORG_SPACE_DIGITS = 10**8
"""Organisation codes of the old style: eight digits (GB 11714), registered before 2015-10."""
ORG_SPACE_NEW = 31**6
"""New-style bodies: ``MA`` + six characters of the USCC alphabet."""


def _ascii_strings(chars: np.ndarray) -> pa.Array:
    """An (n, k) uint8 matrix of ASCII bytes → an Arrow string array of length n."""
    n, width = chars.shape
    data = np.ascontiguousarray(chars).tobytes()
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))


def base_digits(values: np.ndarray, base: int, width: int) -> np.ndarray:
    """Digits of non-negative integers in ``base``, most significant first: shape (n, width)."""
    out = np.empty((len(values), width), dtype=np.int64)
    rest = values.astype(np.int64)
    for i in range(width - 1, -1, -1):
        out[:, i] = rest % base
        rest = rest // base
    return out


def permute(index: np.ndarray, space: int, *, salt: int) -> np.ndarray:
    """A bijection of ``range(space)`` applied to ``index``: distinct indexes, distinct codes."""
    multiplier = 7_919_317  # coprime with 10**8 and with 31**6
    return (index.astype(np.int64) * multiplier + salt) % space


def _org_check(values: np.ndarray) -> np.ndarray:
    """GB 11714 check value of an 8-character organisation code body (values 0–35)."""
    check = 11 - (values @ _ORG_WEIGHTS) % 11
    return np.where(check == 11, 0, check)  # 10 stays 10 ("X"), 11 becomes 0


def uscc(
    *,
    kind: np.ndarray,
    county: np.ndarray,
    serial: np.ndarray,
    new_style: np.ndarray,
    salt: int,
) -> pa.Array:
    """Valid USCCs: ``9`` + kind digit (1 enterprise, 2 individual business) + county code +
    organisation code (eight digits + GB 11714 check, or ``MA`` + six characters + check) + check.

    ``serial`` must be distinct per identifier; it is permuted so that codes look scattered.
    """
    n = len(kind)
    values = np.zeros((n, 17), dtype=np.int64)  # values in the USCC alphabet (0–30)
    values[:, 0] = 9
    values[:, 1] = kind
    values[:, 2:8] = base_digits(county, 10, 6)
    old = base_digits(permute(serial, ORG_SPACE_DIGITS, salt=salt), 10, 8)
    new = base_digits(permute(serial, ORG_SPACE_NEW, salt=salt), 31, 6)
    new_values = np.concatenate(
        [np.tile([USCC_ALPHABET.index("M"), 10], (n, 1)), new], axis=1
    )  # "M" then "A" (A = 10 in both alphabets)
    body = np.where(new_style[:, None], new_values, old)
    # GB 11714 values: digits 0–9, letters A=10 … Z=35 (the USCC alphabet skips I O S V Z).
    letters = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
    org_values = np.where(body < 10, body, letters[body].astype(np.int64) - ord("A") + 10)
    org_check = _org_check(org_values)
    values[:, 8:16] = body
    values[:, 16] = np.where(org_check == 10, USCC_ALPHABET.index("X"), org_check)
    check = (31 - (values @ _USCC_WEIGHTS) % 31) % 31
    chars = _USCC_BYTES[np.concatenate([values, check[:, None]], axis=1)]
    return _ascii_strings(chars)


def resident_id(*, address: np.ndarray, birth: np.ndarray, sequence: np.ndarray) -> pa.Array:
    """Valid resident IDs from address codes, birth dates (``datetime64[D]``) and 3-digit
    sequence numbers (odd for men): check = "10X98765432"[Σ d_i·w_i mod 11].
    """
    n = len(address)
    days = birth.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    months = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    mdays = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    number = (
        address.astype(np.int64) * 10**11
        + (years * 10_000 + months * 100 + mdays) * 1000
        + sequence.astype(np.int64)
    )
    digits = base_digits(number, 10, 17)
    check = _ID_CHECK[(digits @ _ID_WEIGHTS) % 11]
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, :17] = _DIGITS[digits]
    chars[:, 17] = check
    return _ascii_strings(chars)


def unique_sequences(keys: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Sequence numbers 1–998 (odd for men, even for women), distinct among equal ``keys``
    (address code × birth date) as long as fewer than 499 people share a key.
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys)) - group_start
    offset = (keys.astype(np.int64) * 2_654_435_761) % 499
    base = (offset + rank) % 499
    return base * 2 + np.where(male, 1, 2)
