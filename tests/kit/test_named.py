"""Names, not codes: a Named reads as its name and keeps its code for the export."""

from __future__ import annotations

from markupsafe import escape

from beizeng.kit.named import Named, named


def test_reads_as_its_name() -> None:
    assert str(Named("FSRCU", "汾阳农商银行")) == "汾阳农商银行"
    assert f"{Named('141102', '离石区')}" == "离石区"


def test_html_carries_the_code_in_an_attribute_only() -> None:
    html = str(escape(Named("FSRCU", "汾阳农商银行")))
    assert html == '<span class="named" data-code="FSRCU">汾阳农商银行</span>'


def test_html_escapes_name_and_code() -> None:
    html = str(escape(Named('A"<b>', "<script>x</script>")))
    assert "<script>" not in html and "<b>" not in html
    assert 'data-code="A&#34;&lt;b&gt;"' in html


def test_named_looks_up_and_falls_back_to_the_code() -> None:
    names = {"ABCLL": "农行吕梁分行"}
    assert named("ABCLL", names) == Named("ABCLL", "农行吕梁分行")
    assert named("NEWBANK", names) == Named("NEWBANK", "NEWBANK")
    assert named(None, names) is None


def test_is_hashable_and_compares_by_value() -> None:
    assert {Named("A", "甲"), Named("A", "甲")} == {Named("A", "甲")}
