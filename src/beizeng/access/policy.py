"""The one policy: from a principal and a declared action, allowed or refused and why.

Every use case declares the action it performs (``authorize(principal, "demand.reply")``) and
every route declares one (``http.deps.allow``); both ask :func:`decide`, so a page, an API call and
a command line reach the same answer (access-model issue, point 1). The table is an allow-list:
a role not named by an action is refused, and an unknown role is named by none.

Tokens (point 2) reach an action only through its scope; actions without a scope (accounts,
tokens, approvals of money) are for signed-in people only. Approvals of money also need the
session's second factor (point 3), and actions marked ``city`` are refused to county sub-branches
(C-3.1.2: the city sub-branch leads, the county sub-branches act in their county).
"""

from __future__ import annotations

from dataclasses import dataclass

from beizeng.access.errors import ActionRefused, NotSignedIn, SecondFactorRequired
from beizeng.access.principal import INSTITUTION_ROLES, ROLES, Principal

EVERYONE = frozenset(ROLES)
SUPERVISORS = frozenset({"pboc", "gov"})
PROVIDERS = INSTITUTION_ROLES
PLATFORM_USERS = frozenset({"pboc", "gov", "bank", "enterprise"})
"""The roles that take part in the financing demands (C-3.4.2)."""


@dataclass(frozen=True)
class Rule:
    """Who may perform one action.

    ``public``: anyone, signed in or not. ``scope``: the token scope that reaches it (None: no
    token may). ``any_scope``: every token reaches it (who am I). ``city``: county sub-branches are
    refused. ``second_factor``: the session must have shown a TOTP code.
    """

    label: str
    roles: frozenset[str] = frozenset()
    scope: str | None = None
    public: bool = False
    any_scope: bool = False
    city: bool = False
    second_factor: bool = False


ACTIONS: dict[str, Rule] = {
    # Sessions and accounts: people only, never a token.
    "site.home": Rule("首页", public=True),
    "session.sign_in": Rule("登录", public=True),
    "session.sign_out": Rule("退出登录", public=True),
    "enterprise.register": Rule("企业注册", public=True),
    "health.probe": Rule("健康检查", public=True),
    "account.me": Rule("查看当前用户", EVERYONE, any_scope=True),
    "account.manage": Rule("管理本人账户", EVERYONE),
    "token.manage": Rule("管理 API 令牌", EVERYONE),
    # Enterprises (C-3.4.1: the no-loan enterprises post their needs).
    "enterprise.profile": Rule("企业信息", frozenset({"enterprise"})),
    # Products and the four lists (C-4.4.2): the catalogue is public.
    "product.browse": Rule("浏览产品与四项清单", public=True, scope="products:read"),
    "product.publish": Rule("发布与修改产品", PROVIDERS, scope="products:write"),
    "lists.publish": Rule("发布四项清单", frozenset({"bank"}), scope="products:write"),
    # Financing demands and the five-working-day reply (C-3.4.2).
    "demand.read": Rule("查看融资需求", PLATFORM_USERS, scope="demands:read"),
    "demand.post": Rule("发布融资需求", frozenset({"enterprise"}), scope="demands:write"),
    "demand.withdraw": Rule("撤回融资需求", frozenset({"enterprise"}), scope="demands:write"),
    "demand.reply": Rule("受理、审批与放款登记", frozenset({"bank"}), scope="demands:write"),
    "demand.assign": Rule("指派融资需求", SUPERVISORS, scope="demands:write"),
    "demand.message": Rule("融资需求留言", PLATFORM_USERS, scope="demands:write"),
    "demand.match": Rule("按产品匹配需求", frozenset({"bank"}), scope="demands:read"),
    "supervision.read": Rule("受理时限督办", frozenset({"pboc"}), scope="demands:read"),
    # Outreach to the no-loan lists (C-3.4.1).
    "outreach.read": Rule("走访对接情况", frozenset({"pboc", "gov", "bank"})),
    "outreach.lists": Rule("无贷户名单总览", SUPERVISORS),
    "outreach.upload": Rule("上传无贷户名单", SUPERVISORS, city=True),
    "outreach.assign": Rule("设定银行承接容量", frozenset({"pboc"}), city=True),
    "outreach.follow_up": Rule("登记走访与退回任务", frozenset({"bank"})),
    # Matching events (C-3.4.3).
    "event.read": Rule("查看对接活动", PLATFORM_USERS),
    "event.organise": Rule("组织对接活动", SUPERVISORS),
    "event.agreement": Rule("登记签约", frozenset({"pboc", "gov", "bank"})),
    # Policies (C-4.4.1).
    "policy.read": Rule("查看政策", public=True),
    "policy.publish": Rule("发布政策", SUPERVISORS),
    # Ledger and statistics submission (C-4.5.1).
    "ledger.submit": Rule("报送贷款台账", frozenset({"bank"}), scope="ledgers:write"),
    "ledger.history": Rule("台账报送记录", frozenset({"bank"}), scope="ledgers:read"),
    "stats.submit": Rule("报送统计数据", frozenset({"bank", "insurer"}), scope="ledgers:write"),
    "stats.history": Rule("统计报送记录", frozenset({"bank", "insurer"}), scope="ledgers:read"),
    "submission.board": Rule("报送情况", frozenset({"pboc"})),
    "submission.remind": Rule("催报台账", frozenset({"pboc"})),
    # Two-line notices followed to rectification (C-3.1.1, C-3.1.2, C-4.5.3).
    "notice.issue": Rule("下发监测通报", frozenset({"pboc"})),
    "notice.track": Rule("通报整改跟踪", SUPERVISORS),
    "notice.read": Rule("查看监测通报", PROVIDERS, scope="notices:read"),
    "notice.acknowledge": Rule("签收监测通报", PROVIDERS, scope="notices:write"),
    "notice.rectify": Rule("报送整改措施", PROVIDERS, scope="notices:write"),
    # pboc's monitoring in the web (C-2, C-4.1; the CLI stays for scripts).
    "monitor.read": Rule("监测评估", SUPERVISORS),
    "monitor.reports": Rule("生成简报、指标表与通报", frozenset({"pboc"})),
    # Every figure down to the loans behind it (issue 14 point 3): a bank its own figures only.
    "monitor.explain": Rule(
        "指标溯源（构成与明细）", frozenset({"pboc", "gov", "bank"}), scope="ledgers:read"
    ),
    "plan.load": Rule("载入目标计划", frozenset({"pboc"}), city=True),
    # Notifications (issue 13 point 5): every user's own inbox; any token may read it.
    "inbox.read": Rule("通知", EVERYONE, any_scope=True),
    # Monitoring and the dashboard (C-2, C-4.1).
    "dashboard.read": Rule("工作看板", PLATFORM_USERS),
    "dashboard.supervise": Rule("监测看板", SUPERVISORS),
    "dashboard.bank": Rule("本行看板", frozenset({"bank"})),
    "dashboard.enterprise": Rule("企业看板", frozenset({"enterprise"})),
    # The calendar of working days is kept by the city sub-branch.
    "calendar.read": Rule("节假日安排", frozenset({"pboc"})),
    "calendar.load": Rule("载入节假日安排", frozenset({"pboc"}), city=True),
    # Policy tools (C-3.2): reading by bank for its own; approving money by two people, the
    # checker signed in with a second factor.
    "tools.read": Rule(
        "政策工具台账", frozenset({"pboc", "gov", "bank", "guarantor"}), scope="tools:read"
    ),
    "relending.apply": Rule("申请再贷款", frozenset({"bank"}), scope="tools:write"),
    "relending.review": Rule("初审再贷款申请", frozenset({"pboc"})),
    "rediscount.apply": Rule("申请再贴现", frozenset({"bank"}), scope="tools:write"),
    "supporttool.confirm": Rule("确认支持工具对账单", frozenset({"bank"}), scope="tools:write"),
    "subsidy.claim": Rule("申报贴息与风险补偿", frozenset({"bank"}), scope="tools:write"),
    "guarantee.record": Rule("登记担保业务", frozenset({"guarantor"}), scope="tools:write"),
    "tools.supervise": Rule("政策工具资金与担保放大倍数监测", SUPERVISORS),
    "relending.enter": Rule("登记再贷款批次", frozenset({"pboc"})),
    "relending.approve": Rule("审批再贷款", frozenset({"pboc"}), second_factor=True),
    "rediscount.enter": Rule("登记再贴现", frozenset({"pboc"})),
    "rediscount.approve": Rule("办理再贴现", frozenset({"pboc"}), second_factor=True),
    "subsidy.enter": Rule("登记贴息与奖补申请", SUPERVISORS),
    "subsidy.approve": Rule("审核与拨付贴息奖补", SUPERVISORS, second_factor=True),
    # Personal data (JR/T 0171-2020 个人金融信息保护技术规范): whole resident IDs and phone
    # numbers are shown only to who needs them, for a stated purpose, and every read is logged;
    # never through a token. A bank reaches a record's whole value only while it handles it.
    "demand.reveal": Rule("查看企业完整联系电话", frozenset({"pboc", "gov", "bank"})),
    "outreach.reveal": Rule("查看无贷户完整证件号码与联系方式", frozenset({"pboc", "gov", "bank"})),
    "privacy.audit": Rule("个人信息查阅记录", frozenset({"pboc"}), city=True),
}
"""Every action of beizeng: the readable statement of who may do what."""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    status: int = 200
    reason: str = ""
    needs_second_factor: bool = False


ALLOWED = Decision(True)


def _role_names(roles: frozenset[str]) -> str:
    # In the fixed order of ROLES: sets iterate in a different order in every process.
    return "、".join(name for role, name in ROLES.items() if role in roles)


def decide(principal: Principal | None, action: str) -> Decision:
    """Whether ``principal`` (None: nobody signed in) may perform ``action``, and why not.

    An action missing from the table is a programming error (KeyError): every route and use
    case declares one that the tests walk.
    """
    rule = ACTIONS[action]
    if principal is None:
        return ALLOWED if rule.public else Decision(False, 401, "请先登录。")
    if principal.scopes is not None and not rule.any_scope:
        if rule.scope is None:
            return Decision(False, 403, f"API 令牌不能用于「{rule.label}」，请登录网页办理。")
        if rule.scope not in principal.scopes:
            return Decision(False, 403, f"API 令牌没有「{rule.scope}」权限。")
    if not rule.public and principal.role not in rule.roles:
        return Decision(False, 403, f"「{rule.label}」仅限{_role_names(rule.roles)}使用。")
    if rule.city and principal.is_county_pboc:
        return Decision(False, 403, f"「{rule.label}」由人民银行吕梁市分行办理。")
    if rule.second_factor and not principal.second_factor:
        reason = f"「{rule.label}」须在登录时通过动态口令验证，请先在账户页绑定动态口令。"
        return Decision(False, 403, reason, needs_second_factor=True)
    return ALLOWED


def authorize(principal: Principal | None, action: str) -> None:
    """Return if ``principal`` may perform ``action``; else raise the refusal (401/403)."""
    decision = decide(principal, action)
    if decision.allowed:
        return
    if principal is None:
        raise NotSignedIn()
    if decision.needs_second_factor:
        raise SecondFactorRequired(decision.reason)
    raise ActionRefused(decision.reason)


def may(principal: Principal | None, action: str) -> bool:
    """For pages that show or hide a button: the same answer as :func:`authorize`."""
    return decide(principal, action).allowed
