"""Personal data on the pages (JR/T 0171-2020): masked for who need not see it, whole (and
logged) for who must, and the pboc page of the reads."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from lxml import html as lxml_html
from openpyxl import load_workbook
from sqlalchemy import select

from beizeng.config import get_settings
from beizeng.demand import service as demands
from beizeng.demand.schemas import DemandCreate
from beizeng.models.account import PersonalDataRead
from tests.account.factories import NOW, create_bank_user, create_enterprise_user, create_user
from tests.ledger.builders import resident_id
from tests.outreach.helpers import entity, write_list
from tests.web.conftest import Platform, csrf

PHONE = "13812345678"
MASKED_PHONE = "138****5678"


def _reads(platform: Platform) -> list[PersonalDataRead]:
    with platform.session() as s:
        return list(s.scalars(select(PersonalDataRead).order_by(PersonalDataRead.id)))


# --- demands: the enterprise's contact phone -------------------------------------------------


def _demand(platform: Platform) -> tuple[int, str, str, str]:
    """A demand of an enterprise with a phone, accepted by one bank; (id, users…)."""
    with platform.session() as s:
        ent = create_enterprise_user(s, contact_phone=PHONE, username="ent_phone")
        create_bank_user(s, username="bank_handling")
        create_bank_user(s, username="bank_other")
        create_user(s, "gov", username="gov_phone")
        demand = demands.post_demand(
            s,
            settings=get_settings(),
            principal=ent,
            data=DemandCreate(
                amount=Decimal(200000), term_months=12, purpose="备货", guarantee_offered="credit"
            ),
            now=NOW,
        )
        s.commit()
    accepting = platform.client("bank_handling")
    response = accepting.post(
        f"/demands/{demand.id}/accept",
        data={"csrf_token": csrf(accepting, f"/demands/{demand.id}")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return demand.id, "ent_phone", "bank_handling", "bank_other"


def test_the_demand_page_masks_the_phone_for_every_viewer_but_the_enterprise(
    platform: Platform,
) -> None:
    demand_id, ent, handling, _other = _demand(platform)
    own = platform.client(ent).get(f"/demands/{demand_id}").text
    assert PHONE in own
    for user in (handling, "gov_phone"):
        page = platform.client(user).get(f"/demands/{demand_id}").text
        assert PHONE not in page and MASKED_PHONE in page
        assert f'action="/demands/{demand_id}/contact-phone"' in page
    api = platform.client(handling).get(f"/api/demands/{demand_id}").text
    assert PHONE not in api


def test_the_bank_handling_the_demand_reads_the_whole_phone_and_the_read_is_logged(
    platform: Platform,
) -> None:
    demand_id, _ent, handling, _other = _demand(platform)
    bank = platform.client(handling)
    response = bank.post(
        f"/demands/{demand_id}/contact-phone",
        data={"csrf_token": csrf(bank, f"/demands/{demand_id}"), "purpose": "联系企业办理融资需求"},
    )
    assert response.status_code == 200 and PHONE in response.text
    assert response.headers["cache-control"] == "no-store"
    [read] = _reads(platform)
    assert (read.actor, read.actor_role, read.field, read.purpose) == (
        handling,
        "bank",
        "phone",
        "联系企业办理融资需求",
    )
    assert read.subject.startswith("enterprise:")


def test_another_bank_sees_the_mask_only_and_may_not_read_the_whole_phone(
    platform: Platform,
) -> None:
    demand_id, _ent, _handling, other = _demand(platform)
    bank = platform.client(other)
    page = bank.get(f"/demands/{demand_id}")
    if page.status_code == 200:  # an accepted demand may be hidden from other banks
        assert PHONE not in page.text and "contact-phone" not in page.text
    response = bank.post(
        f"/demands/{demand_id}/contact-phone",
        data={"csrf_token": csrf(bank, "/demands"), "purpose": "联系企业办理融资需求"},
    )
    assert response.status_code in (403, 404) and PHONE not in response.text
    assert _reads(platform) == []


def test_a_whole_phone_without_a_purpose_is_refused_and_not_logged(platform: Platform) -> None:
    demand_id, _ent, handling, _other = _demand(platform)
    bank = platform.client(handling)
    response = bank.post(
        f"/demands/{demand_id}/contact-phone",
        data={"csrf_token": csrf(bank, f"/demands/{demand_id}"), "purpose": ""},
    )
    assert response.status_code == 422 and PHONE not in response.text
    assert _reads(platform) == []


# --- outreach: an individual business listed by its operator's resident ID ---------------------


def _listed_person(staffed: Platform, tmp_path: Path) -> str:
    number = resident_id(42, born="19790611")
    row = entity(1, "141125", name="柳林县张三个体户")
    row[0], row[2], row[8] = number, "个体工商户", f"张三 {PHONE}"
    gov = staffed.client("gov1")
    path = write_list(tmp_path / "名单.csv", [row])
    response = gov.post(
        "/outreach/lists",
        data={"csrf_token": csrf(gov, "/outreach"), "title": "7月名单"},
        files={"file": ("名单.csv", path.read_bytes(), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return number


def test_the_entity_page_masks_the_resident_id_and_the_phone(
    staffed: Platform, tmp_path: Path
) -> None:
    number = _listed_person(staffed, tmp_path)
    for user in ("icbc1", "gov1", "pboc1"):
        page = staffed.client(user).get("/outreach/assignments/1").text
        assert number not in page and PHONE not in page
        assert number[:6] + "********" + number[-4:] in page
        assert MASKED_PHONE in page


def test_the_bank_following_the_entity_reads_the_whole_id_logged_and_another_may_not(
    staffed: Platform, tmp_path: Path
) -> None:
    number = _listed_person(staffed, tmp_path)
    icbc = staffed.client("icbc1")
    assert 'action="/outreach/assignments/1/personal"' in icbc.get("/outreach/assignments/1").text
    response = icbc.post(
        "/outreach/assignments/1/personal",
        data={
            "csrf_token": csrf(icbc, "/outreach"),
            "field": "identifier",
            "purpose": "走访对接无贷户",
        },
    )
    assert response.status_code == 200 and number in response.text
    abc = staffed.client("abc1")
    refused = abc.post(
        "/outreach/assignments/1/personal",
        data={"csrf_token": csrf(abc, "/outreach"), "field": "contact", "purpose": "走访"},
    )
    assert refused.status_code == 404 and PHONE not in refused.text
    [read] = _reads(staffed)
    assert (read.actor, read.field, read.purpose) == ("icbc1", "identifier", "走访对接无贷户")
    assert read.subject.startswith("outreach_entity:")


def test_a_bad_list_names_row_and_column_but_not_the_whole_id_or_phone(
    staffed: Platform, tmp_path: Path
) -> None:
    number = resident_id(43)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    person = entity(1, "141125")
    person[0], person[2] = wrong, "个体工商户"
    company = entity(2, "141102")
    company[0] = number  # a person's number where the USCC belongs
    long_contact = entity(3, "141102")
    long_contact[8] = f"张三 {PHONE} 李四 13987654321 王五 13700001111 赵六"
    gov = staffed.client("gov1")
    path = write_list(tmp_path / "坏.csv", [person, company, long_contact])
    response = gov.post(
        "/outreach/lists",
        data={"csrf_token": csrf(gov, "/outreach")},
        files={"file": ("坏.csv", path.read_bytes(), "text/csv")},
    )
    assert response.status_code == 422
    text = response.text
    assert "第 2 行" in text and "第 3 行" in text and "第 4 行" in text
    for whole in (number, wrong, PHONE, "13987654321"):
        assert whole not in text
    assert wrong[:6] + "********" + wrong[-4:] in text


# --- the pboc page of the reads ---------------------------------------------------------------


def test_pboc_sees_the_reads_and_a_bank_may_not(staffed: Platform, tmp_path: Path) -> None:
    _listed_person(staffed, tmp_path)
    icbc = staffed.client("icbc1")
    icbc.post(
        "/outreach/assignments/1/personal",
        data={"csrf_token": csrf(icbc, "/outreach"), "field": "contact", "purpose": "电话预约走访"},
    )
    page = staffed.client("pboc1").get("/privacy/reads")
    assert page.status_code == 200
    assert "icbc1" in page.text and "电话预约走访" in page.text and "联系电话" in page.text
    assert PHONE not in page.text
    assert staffed.client("icbc1").get("/privacy/reads").status_code == 403


def test_the_reads_sort_filter_and_page_on_the_server_and_export_all_rows(
    staffed: Platform,
) -> None:
    with staffed.session() as s:
        for n in range(60):
            s.add(
                PersonalDataRead(
                    at=NOW.replace(tzinfo=None) - timedelta(minutes=n),
                    actor=f"reader{n % 3}",
                    actor_role="bank",
                    subject=f"企业{n:02d}",
                    field="phone" if n % 2 else "resident_id",
                    purpose="电话预约走访",
                )
            )
        s.commit()
    pboc = staffed.client("pboc1")

    def subjects(query: str) -> list[str]:
        tree = lxml_html.fromstring(pboc.get(f"/privacy/reads?{query}").text)
        return [str(td.text_content()) for td in tree.xpath("//table[@id='reads']/tbody/tr/td[4]")]

    first = subjects("")
    assert first == [f"企业{n:02d}" for n in range(50)]  # newest first, 50 a page
    assert subjects("page=2") == [f"企业{n:02d}" for n in range(50, 60)]
    assert subjects("sort=subject&desc=1")[:2] == ["企业59", "企业58"]
    assert subjects("q_actor=reader1") == [f"企业{n:02d}" for n in range(1, 60, 3)]
    assert subjects("q_field=联系电话&q_actor=reader0") == [f"企业{n:02d}" for n in range(3, 60, 6)]
    exported = pboc.get("/privacy/reads?export=xlsx&table=1")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None and sheet.max_row == 61
