"""The bounded cache behind the dashboards' and matching's memos (consolidation issue, point 7)."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beizeng.kit.lru import BoundedCache


@given(st.integers(1, 8), st.lists(st.integers(0, 30), max_size=200))
def test_a_cache_never_grows_beyond_its_bound(maxsize: int, keys: list[int]) -> None:
    cache: BoundedCache[int, int] = BoundedCache(maxsize)
    for key in keys:
        cache.put(key, key * 2)
        assert len(cache) <= maxsize
        assert cache.get(key) == key * 2  # the newest entry is always kept


def test_the_least_recently_used_entry_is_dropped_first() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recently used
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3


def test_a_cache_without_room_is_refused() -> None:
    with pytest.raises(ValueError):
        BoundedCache(0)


def test_threads_writing_at_once_keep_the_bound() -> None:
    cache: BoundedCache[tuple[int, int], int] = BoundedCache(4)
    start = threading.Barrier(8)

    def work(worker: int) -> None:
        start.wait()
        for i in range(500):
            cache.put((worker, i), i)
            cache.get((worker, i - 1))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 4
