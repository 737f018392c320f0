"""``beizeng serve``: run the platform with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from beizeng.config import get_settings
from beizeng.console.output import console


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数")] = 1,
) -> None:
    """启动综合金融服务平台（网页与 /api 接口）。"""
    import uvicorn

    console.print(
        f"平台地址：http://{host}:{port}/  接口文档：http://{host}:{port}/api/docs", markup=False
    )
    uvicorn.run(
        "beizeng.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        # Behind nginx: believe X-Forwarded-For/-Proto only from the configured proxies.
        proxy_headers=True,
        forwarded_allow_ips=get_settings().trusted_proxies,
    )
