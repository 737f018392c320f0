"""Errors of the institution registry."""

from beizeng.errors import NotFound


class InstitutionNotFound(NotFound):
    """No institution with that code in the registry."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"机构代码「{code}」不在机构名录中，请先导入机构名录（beizeng institutions import）。"
        )
        self.code = code


class BankNotFound(NotFound):
    """No bank with that code: unknown, or an insurer or guarantor."""

    def __init__(self, code: str) -> None:
        super().__init__(f"银行机构「{code}」不存在。")
        self.code = code
