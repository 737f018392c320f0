"""The registry import's size limit is the caller's settings' (consolidation issue, point 3):
a command passes its own, a test passes one built for it, nothing reads the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from beizeng.config import Settings
from beizeng.errors import DataInvalid
from beizeng.institution import service
from tests.institution.test_registry import GOOD, _write


def test_a_file_over_the_callers_limit_is_refused_before_it_is_read(
    session: Session, tmp_path: Path
) -> None:
    path = _write(tmp_path, GOOD)
    tight = Settings(home=tmp_path, max_upload_bytes=64)
    with pytest.raises(DataInvalid) as caught:
        service.import_registry(session, path=path, settings=tight)
    assert "文件超过大小上限 64 字节" in caught.value.message
    roomy = Settings(home=tmp_path, max_upload_bytes=10_000)
    summary = service.import_registry(session, path=path, settings=roomy)
    assert summary.created == ["ICBCLL", "LLRCB"]
