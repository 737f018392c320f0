"""Institution registry import (C-3.1.2 needs the superior bank; C-2.2.3 the legal scope)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.config import get_settings
from beizeng.institution import service
from beizeng.institution.errors import InstitutionNotFound
from beizeng.models.audit import AuditEntry
from beizeng.models.institution import Institution
from tests.conftest import CliResult

HEADER = "code,name,category,legal_scope,county_code,superior\n"
GOOD = HEADER + (
    "ICBCLL,中国工商银行吕梁分行,large_state_bank,national,141102,中国工商银行山西省分行\n"
    "LLRCB,吕梁农村商业银行,rural_bank,local,141102,山西省农村信用社联合社\n"
)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "reg.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_packaged_registry_imports_every_institution_of_the_opinion(session: Session) -> None:
    summary = service.import_registry(
        session, path=service.packaged_registry(), settings=get_settings()
    )
    assert len(summary.created) == 33
    national = {i.code for i in service.list_institutions(session, legal_scope="national")}
    local = {i.code for i in service.list_institutions(session, legal_scope="local")}
    assert {"ADBCLL", "ICBCLL", "ABCLL", "BOCLL", "CCBLL", "BOCOMLL", "PSBCLL"} <= national
    assert {"LLRCB", "JSBLL", "SXBLL", "LLFG"} <= local
    assert all(i.superior for i in service.list_institutions(session))


def test_reimport_updates_by_code_and_keeps_history_in_audit_log(
    session: Session, tmp_path: Path
) -> None:
    service.import_registry(session, path=_write(tmp_path, GOOD), settings=get_settings())
    changed = GOOD.replace("中国工商银行吕梁分行", "中国工商银行股份有限公司吕梁分行")
    summary = service.import_registry(
        session, path=_write(tmp_path, changed, name="b.csv"), settings=get_settings()
    )
    assert summary.updated == ["ICBCLL"] and summary.unchanged == ["LLRCB"]
    bank = service.require_institution(session, "ICBCLL")
    assert bank.name == "中国工商银行股份有限公司吕梁分行"
    updates = session.scalars(
        select(AuditEntry).where(
            AuditEntry.object_type == "Institution", AuditEntry.action == "update"
        )
    ).all()
    assert [(e.before or {}).get("name") for e in updates] == ["中国工商银行吕梁分行"]


def test_gbk_file_with_chinese_headers_and_words_is_accepted(
    session: Session, tmp_path: Path
) -> None:
    text = (
        "机构代码,机构名称,机构类别,法人属性,县区代码,上级管理行\n"
        "XYRCB,孝义农村商业银行,农村商业银行/农村信用社,地方法人,141181,吕梁市农村信用合作社联合社\n"
    )
    summary = service.import_registry(
        session, path=_write(tmp_path, text, "gbk"), settings=get_settings()
    )
    assert summary.created == ["XYRCB"]
    assert service.require_institution(session, "XYRCB").legal_scope == "local"


def test_every_bad_row_is_reported_and_nothing_is_written(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    text = HEADER + (
        "OK1,好银行,rural_bank,local,141102,\n"
        "BAD-1,坏代码银行,rural_bank,local,141102,\n"
        "BAD2,坏类别银行,bank,local,141102,\n"
        "BAD3,坏县区银行,rural_bank,local,140100,\n"
        "OK1,重复银行,rural_bank,local,141102,\n"
    )
    result = cli("institutions", "import", str(_write(tmp_path, text)))
    assert result.exit_code == 1
    err = result.stderr
    assert "reg.csv" in err and "未导入任何机构" in err
    assert "第 3 行" in err and "BAD-1" in err and "1–32 位字母或数字" in err
    assert "第 4 行" in err and "「bank」" in err
    assert "第 5 行" in err and "140100" in err
    assert "第 6 行" in err and "重复" in err
    assert "Traceback" not in err
    listing = cli("institutions", "list")
    assert "共 0 家机构" in listing.stdout


def test_missing_column_names_the_column(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    path = _write(tmp_path, "code,name,category,county_code\nA1,甲,rural_bank,141102\n")
    result = cli("institutions", "import", str(path))
    assert result.exit_code == 1
    assert "缺少必填列「legal_scope」" in result.stderr


def test_empty_and_header_only_files_are_refused(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    empty = cli("institutions", "import", str(_write(tmp_path, "", name="empty.csv")))
    assert empty.exit_code == 1 and "文件为空" in empty.stderr
    header = cli("institutions", "import", str(_write(tmp_path, HEADER, name="h.csv")))
    assert header.exit_code == 1 and "只有表头" in header.stderr


def test_undecodable_file_is_refused_with_the_encodings_named(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(HEADER.encode() + b"\xff\xfe\x81\x00\xff,\x80\x80\n")
    result = cli("institutions", "import", str(path))
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr and "GBK" in result.stderr


def test_cli_imports_packaged_registry_and_lists_it(cli: Callable[..., CliResult]) -> None:
    assert cli("institutions", "import", "--packaged").exit_code == 0
    listing = cli("institutions", "list", "--legal-scope", "local")
    assert listing.exit_code == 0
    assert "吕梁农村商业银行" in listing.stdout
    assert "中国工商银行" not in listing.stdout


def test_require_institution_names_the_unknown_code(session: Session) -> None:
    with pytest.raises(InstitutionNotFound) as caught:
        service.require_institution(session, "NOPE")
    assert caught.value.message == (
        "机构代码「NOPE」不在机构名录中，请先导入机构名录（beizeng institutions import）。"
    )
    assert caught.value.code == "NOPE" and caught.value.status == 404
    assert session.scalar(select(Institution).where(Institution.code == "NOPE")) is None
