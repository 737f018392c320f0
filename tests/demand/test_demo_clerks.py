"""The demo's list clerks (``<code>_lists``, issue 14 point 7) are demo accounts too, so the demo
password is checked against their names."""

from __future__ import annotations

from beizeng.demand.demo import demo_usernames


def test_every_bank_without_a_demo_account_has_its_clerk_among_the_demo_usernames() -> None:
    names = demo_usernames()
    clerks = {n for n in names if n.endswith("_lists")}
    assert {"cmbcll_lists", "lxrcu_lists", "jkrcu_lists"} <= clerks  # the demo's late banks
    assert not {"icbcll_lists", "abcll_lists", "llrcb_lists"} & clerks  # they have accounts
    assert len(names) == len(set(names))
