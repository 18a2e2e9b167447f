"""`gongkai search_index rebuild`: index every public catalogue document again."""

from __future__ import annotations

import time

from gongkai.catalog.search import rebuild_index
from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "重建主动公开目录的全文检索索引。gongkai search_index rebuild"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="清空索引，重新索引全部已公开文件")

    def handle(self, *args, **options):
        began = time.perf_counter()
        count = rebuild_index()
        self.stdout.write(f"已重建全文检索索引：{count} 件已公开文件，用时 {time.perf_counter() - began:.1f} 秒")
