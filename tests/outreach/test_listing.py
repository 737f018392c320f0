"""The drive's long tables sorted, filtered and paged on the server, their exports every
filtered row (issue 14 point 4): pboc's and gov's uploaded lists, a bank's held entities."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from beizeng.models.outreach import OutreachList
from tests.http.listed import column, exported
from tests.outreach.helpers import NOW, entity
from tests.outreach.test_pages import _upload
from tests.web.conftest import Platform


def _lists(staffed: Platform) -> None:
    """55 lists, list ``n`` uploaded ``n`` days after the first, by 甲 or 乙 in turn."""
    with staffed.session() as s:
        for n in range(55):
            s.add(
                OutreachList(
                    title=f"名单{n:02d}",
                    source_name=f"名单{n:02d}.csv",
                    source_sha256=f"{n:064d}",
                    as_of="2022-06",
                    rows=n + 1,
                    removed_borrowers=0,
                    idle_workdays=10,
                    uploaded_by="市场监管局" + ("甲" if n % 2 else "乙"),
                    uploaded_at=(NOW + timedelta(days=n)).replace(tzinfo=None),
                )
            )
        s.commit()


def test_the_lists_page_sort_filter_and_export(staffed: Platform) -> None:
    _lists(staffed)
    gov = staffed.client("gov1")
    assert column(gov, "/outreach", "lists", 1) == [f"名单{n:02d}" for n in range(54, 4, -1)]
    assert column(gov, "/outreach?page=2", "lists", 1) == [f"名单{n:02d}" for n in range(4, -1, -1)]
    assert column(gov, "/outreach?sort=rows", "lists", 1)[:2] == ["名单00", "名单01"]
    assert column(gov, "/outreach?sort=rows&desc=1", "lists", 4)[:2] == ["55", "54"]
    assert column(gov, "/outreach?q_uploader=甲", "lists", 1) == [
        f"名单{n:02d}" for n in range(53, 0, -2)
    ]
    rows = exported(staffed.client("pboc1"), "/outreach?q_uploader=乙&sort=title", "lists")
    assert [r["名单"] for r in rows] == [f"名单{n:02d}" for n in range(0, 55, 2)]
    assert rows[0]["行数（行）"] == 1
    assert len(exported(gov, "/outreach", "lists")) == 55


def test_a_banks_held_entities_page_sort_filter_and_export(
    staffed: Platform, tmp_path: Path
) -> None:
    names = [f"柳林企业{n:02d}有限公司" for n in range(60)]
    grids = ["一网格" if n % 2 else "二网格" for n in range(60)]
    _upload(
        staffed,
        tmp_path,
        [entity(n + 1, "141125", grid=grids[n], name=names[n]) for n in range(60)],
    )
    icbc = staffed.client("icbc1")
    assert column(icbc, "/outreach", "held", 1) == names[:50]
    assert column(icbc, "/outreach?page=2", "held", 1) == names[50:]
    assert column(icbc, "/outreach?sort=name&desc=1", "held", 1)[:2] == [names[59], names[58]]
    assert column(icbc, "/outreach?q_grid=一网格", "held", 1) == names[1::2]
    assert column(icbc, "/outreach?q_county=离石", "held", 1) == ["没有符合筛选条件的无贷户"]
    rows = exported(icbc, "/outreach?q_grid=二网格&sort=name&desc=1", "held")
    assert [r["主体"] for r in rows] == names[::2][::-1]
    assert {r["县区"] for r in rows} == {"柳林县"}
    assert column(staffed.client("abc1"), "/outreach", "held", 1) == ["暂无分配给本行的无贷户"]
