"""The vectorised identifiers agree with the scalar reference rules (GB 32100, GB 11643)."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from beizeng.demo.synthetic_ids import (
    ORG_SPACE_DIGITS,
    ORG_SPACE_NEW,
    permute,
    resident_id,
    unique_sequences,
    uscc,
)
from beizeng.reference.identifiers import (
    resident_id_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)

COUNTIES = [141102, 141121, 141181, 141182, 141130]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300))
def test_vectorised_usccs_carry_the_reference_check_character(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    codes = uscc(
        kind=rng.integers(1, 3, n),
        county=rng.choice(COUNTIES, n),
        serial=rng.choice(10_000_000, n, replace=False),
        new_style=rng.random(n) < 0.5,
        salt=int(rng.integers(0, 10**6)),
    ).to_pylist()
    for code in codes:
        assert code[-1] == uscc_check_char(code[:17])
        assert validate_uscc(code) == code


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300))
def test_vectorised_resident_ids_carry_the_reference_check_character(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    birth = np.datetime64("1950-01-01") + rng.integers(0, 20_000, n).astype("timedelta64[D]")
    address = rng.choice([142302, 142301, 141102, 141125], n)
    male = rng.random(n) < 0.5
    keys = address * 100_000 + (birth - np.datetime64("1900-01-01")).astype(np.int64)
    ids = resident_id(address=address, birth=birth, sequence=unique_sequences(keys, male))
    for number, is_male in zip(ids.to_pylist(), male, strict=True):
        assert number[-1] == resident_id_check_char(number[:17])
        assert validate_resident_id(number, today=date(2022, 12, 31)) == number
        assert int(number[16]) % 2 == (1 if is_male else 0)


def test_people_sharing_address_and_birth_date_get_distinct_sequences() -> None:
    keys = np.array([7] * 400 + [8] * 3)
    male = np.arange(403) % 2 == 0
    sequences = unique_sequences(keys, male)
    assert len(set(sequences[:400].tolist())) == 400
    assert sequences.min() >= 1 and sequences.max() <= 998


def test_serial_permutation_is_a_bijection_on_both_code_spaces() -> None:
    index = np.arange(200_000)
    for space in (ORG_SPACE_DIGITS, ORG_SPACE_NEW):
        codes = permute(index, space, salt=12345)
        assert len(np.unique(codes)) == len(index)
        assert codes.max() < space
