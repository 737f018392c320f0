"""Errors of products and the four lists."""

from beizeng.errors import InvalidInput, NotFound


class ProductNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("产品不存在或无权查看。")


class ProductInvalid(InvalidInput):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("产品条件不符合要求：" + "；".join(problems) + "。")


class FourListNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("清单不存在或无权查看。")
