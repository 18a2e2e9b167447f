"""Benchmark of catalogue search (`make bench`): latency of search_documents against the bare engine
query, index build time and size, and public-page throughput, on SQLite and on PostgreSQL.

100,000 synthetic public documents (title + summary + body of about 120 characters, from a
government vocabulary written below) are bulk-inserted, then indexed in bulk with rebuild_index().
Each query is timed for about BUDGET seconds:
- 封装: gongkai.catalog.search.search_documents (public-door join, filters, total, top 20, the
  documents with their agency, highlighted title and snippet) — what a results page costs;
- 原始: the bare engine query — FTS5 ``MATCH`` ordered by bm25, or ``@@`` ordered by ts_rank,
  top 20 ids, no join, no count.

SQLite uses a temporary database file. PostgreSQL uses a database ``gongkai_bench`` on the server
of DATABASE_URL (or postgres://postgres@127.0.0.1:5432/), created and dropped here; skipped with a
message if the server is not reachable. Each engine runs in its own process (Django settings are
per process). BENCH_SEARCH_DOCS=20000 makes a quicker run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DOCS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
AGENCIES = 20
BUDGET = 1.0  # seconds per query and mode
PAGE_BUDGET = 2.0  # seconds per page
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/gongkai"
BENCH_DB = "gongkai_bench"

# -- a government vocabulary ---------------------------------------------------------------------

PLACES = ["城关镇", "潭柘寺镇", "王平镇", "永定镇", "龙泉镇", "军庄镇", "妙峰山镇", "雁翅镇", "斋堂镇", "清水镇"]
ACTIONS = [
    "做好", "加强", "推进", "落实", "开展", "规范", "完善", "深化", "组织", "实施", "调整", "公布", "印发",
    "进一步做好", "切实加强", "全面推进", "扎实开展", "统筹做好", "持续深化", "严格落实",
]  # fmt: skip
TOPICS = [
    "政府信息公开", "国有土地上房屋征收补偿", "城市更新", "老旧小区综合整治", "农村宅基地审核", "耕地地力保护补贴",
    "城乡居民最低生活保障", "临时救助", "特困人员供养", "残疾人两项补贴", "基本养老保险", "医疗保障",
    "安全生产检查", "森林防火", "防汛应急", "地质灾害防治", "生活垃圾分类", "人居环境整治", "大气污染防治",
    "优化营商环境", "政府集中采购", "部门预算", "部门决算", "行政处罚", "行政许可", "双随机一公开监管",
    "个人信息保护", "疫情防控", "复工复产", "乡村振兴", "农田水利建设", "高标准农田建设", "义务教育招生",
    "就业创业扶持", "公益性岗位招聘", "退役军人优抚", "食品安全监管", "药品安全", "冬季清洁取暖", "背街小巷整治",
    "接诉即办", "政务服务", "一网通办", "社会救助", "消防安全", "燃气安全", "道路交通安全", "建设工程质量",
    "城乡规划", "历史文化保护", "文明城区创建", "全民健身", "公共文化服务", "人口普查", "统计调查",
]  # fmt: skip
GENRES = ["通知", "实施方案", "工作方案", "实施意见", "管理办法", "实施细则", "公告", "通告", "情况通报", "工作要点"]
SUBJECT_WORDS = [
    "各村委会", "各社区居委会", "镇属各单位", "各有关部门", "辖区各企业", "各科室", "各街道", "区属各单位",
]  # fmt: skip
SENTENCES = [
    "为{action}{topic}工作，根据有关法律法规和上级部门要求，结合本地实际，制定本{genre}。",
    "现将{topic}有关事项通知如下，请认真贯彻执行。",
    "各单位要高度重视{topic}工作，明确责任分工，确保各项措施落到实处。",
    "对{topic}中发现的问题，应当及时整改，并将整改情况报送{place}人民政府。",
    "本{genre}自发布之日起施行，由{place}人民政府负责解释。",
    "{topic}涉及群众切身利益，要依法依规做好信息公开和政策解读。",
    "申请人可以通过政府网站、信函或者当面提出申请，工作人员应当在二十个工作日内予以答复。",
    "加强对{topic}资金的监督管理，严禁截留、挤占和挪用。",
    "建立健全{topic}长效机制，定期开展督导检查，及时通报进展情况。",
    "请于每月五日前将{topic}工作进展报送党政办公室。",
]


def synthetic_document(rng: random.Random, n: int) -> dict:
    place, action, topic, genre = (
        rng.choice(PLACES),
        rng.choice(ACTIONS),
        rng.choice(TOPICS),
        rng.choice(GENRES),
    )
    title = f"{place}关于{action}{topic}工作的{genre}"
    words = {"action": action, "topic": topic, "genre": genre, "place": place}
    sentences, length = [], 0
    while length < 110:
        sentence = rng.choice(SENTENCES).format(**{**words, "topic": rng.choice([topic, topic, rng.choice(TOPICS)])})
        sentences.append(sentence)
        length += len(sentence)
    body = f"<p>{rng.choice(SUBJECT_WORDS)}：</p>" + "".join(f"<p>{s}</p>" for s in sentences)
    return {
        "title": title,
        "summary": f"{action}{topic}工作。",
        "body": body,
        "document_number": f"{place[:2]}政发〔{2015 + n % 12}〕{n % 97 + 1}号",
    }


# -- one engine, in its own process ---------------------------------------------------------------

QUERIES = [
    ("1字", "公", {}),
    ("2字", "公开", {}),
    ("2字", "补偿", {}),
    ("4字", "征收补偿", {}),
    ("6字", "政府信息公开", {}),
    ("多词", "城市更新 个人信息", {}),
    ("多词", "森林防火 补贴", {}),
    ("筛选:机关", "公开", {"agency": True}),
    ("筛选:年度+事项", "征收补偿", {"year": 2020, "item": "20-12"}),
    ("无结果", "量子计算", {}),
]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _time(run) -> list[float]:
    run()  # warm up (page cache, plan cache)
    samples, began = [], time.perf_counter()
    while (time.perf_counter() - began < BUDGET or len(samples) < 5) and len(samples) < 500:
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def _populate(connection) -> tuple[list, float]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gongkai.catalog.models import Disclosure, Document, Status, Subject
    from gongkai.organizations.models import Agency
    from gongkai.statute.identifiers import make_uscc

    rng = random.Random(20261125)  # noqa: S311 — synthetic text, reproducible run to run
    began = time.perf_counter()
    with transaction.atomic():
        author = get_user_model().objects.create(username="bench", full_name="基准测试")
        agencies = []
        for i in range(AGENCIES):
            code = make_uscc("110109", f"{41000001 + i:08d}")
            agencies.append(
                Agency.objects.create(
                    code=code,
                    name=f"北京市门头沟区{PLACES[i % len(PLACES)]}人民政府（{i}）",
                    kind=Agency.Kind.GOVERNMENT,
                    level=Agency.Level.TOWNSHIP,
                    path=f"/{code}/",
                )
            )
        subjects = list(Subject.values)
        batch = []
        for n in range(DOCS):
            agency = agencies[n % AGENCIES]
            published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
            batch.append(
                Document(
                    agency=agency,
                    author=author,
                    index_number=f"{agency.code}/{published.year}-{n:06d}",
                    item=f"20-{1 + n % 15}",
                    subject=subjects[n % len(subjects)],
                    issuing_body=agency.name,
                    written_on=published - dt.timedelta(days=3),
                    published_on=published,
                    status=Status.PUBLISHED,
                    disclosure=Disclosure.PROACTIVE,
                    **synthetic_document(rng, n),
                )
            )
            if len(batch) == 2000:
                Document.objects.bulk_create(batch)
                batch = []
        Document.objects.bulk_create(batch)
    return agencies, time.perf_counter() - began


def _index_size(connection) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('catalog_search')")
            return cursor.fetchone()[0]
        try:
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'catalog_search%'")
            return cursor.fetchone()[0] or 0
        except Exception:  # dbstat is a compile-time option; without it, 0 is shown
            return 0


def _raw(connection, terms):
    from gongkai.catalog.search import FTS5_WEIGHTS
    from gongkai.statute.search import fts5_match, pg_tsquery

    if connection.vendor == "sqlite":
        sql = (
            "SELECT rowid FROM catalog_search WHERE catalog_search MATCH %s "  # noqa: S608 — constants only
            f"ORDER BY bm25(catalog_search, {FTS5_WEIGHTS}) LIMIT 20"
        )
        args = [fts5_match(terms)]
    else:
        sql = (
            "SELECT document_id FROM catalog_search WHERE vector @@ %s::tsquery "
            "ORDER BY ts_rank(vector, %s::tsquery, 1) DESC LIMIT 20"
        )
        args = [pg_tsquery(terms)] * 2

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            cursor.fetchall()

    return run


def _pages(agency) -> list[tuple[str, str, float | None, int]]:
    from django.test import Client, override_settings
    from django.urls import NoReverseMatch, reverse

    out = []
    client = Client()
    pages = [
        ("目录页", "portal:catalog", {"agency_code": agency.code}, ""),
        ("目录页第50页", "portal:catalog", {"agency_code": agency.code}, "?page=50"),
        ("检索页 公开", "portal:search", {}, "?q=%E5%85%AC%E5%BC%80"),
        ("检索页 征收补偿", "portal:search", {}, "?q=%E5%BE%81%E6%94%B6%E8%A1%A5%E5%81%BF"),
    ]
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from django.conf import settings

    with override_settings(STORAGES={**settings.STORAGES, **static}):
        for label, name, kwargs, query in pages:
            try:
                url = reverse(name, kwargs=kwargs) + query
            except NoReverseMatch:
                out.append((label, name, None, 0))
                continue
            status = client.get(url).status_code
            if status != 200:
                out.append((label, url, None, status))
                continue
            done, began = 0, time.perf_counter()
            while time.perf_counter() - began < PAGE_BUDGET:
                client.get(url)
                done += 1
            out.append((label, url, done / (time.perf_counter() - began), status))
    return out


def run_engine() -> int:
    """Child process: DATABASE_URL is set; migrate, fill, index, measure, print one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from gongkai.catalog.search import rebuild_index, search_documents
    from gongkai.statute.search import parse_query

    setup_test_environment()
    call_command("migrate", verbosity=0)
    agencies, fill_seconds = _populate(connection)
    began = time.perf_counter()
    indexed = rebuild_index()
    index_seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As after any bulk load: flush GIN's pending list and give the planner statistics.
            cursor.execute("VACUUM ANALYZE catalog_search")
            cursor.execute("ANALYZE catalog_document")
    rows = []
    for label, query, filters in QUERIES:
        kwargs = dict(filters)
        if kwargs.pop("agency", False):
            kwargs["agency"] = agencies[0]
        total = search_documents(query, **kwargs).total
        wrapped = _percentiles(_time(lambda q=query, k=kwargs: search_documents(q, **k)))
        raw = _percentiles(_time(_raw(connection, parse_query(query))))
        rows.append(
            {"label": label, "query": query, "filters": filters, "total": total, "wrapped": wrapped, "raw": raw}
        )
    result = {
        "engine": connection.vendor,
        "version": sqlite3.sqlite_version if connection.vendor == "sqlite" else connection.pg_version,
        "docs": DOCS,
        "fill_seconds": fill_seconds,
        "indexed": indexed,
        "index_seconds": index_seconds,
        "index_bytes": _index_size(connection),
        "queries": rows,
        "pages": _pages(agencies[0]),
    }
    print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
    return 0


# -- the parent: run each engine, print the tables -------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line(cells: list[str], widths: list[int]) -> str:
    first = cells[0] + " " * max(0, widths[0] - _width(cells[0]))
    return first + "".join(" " * max(1, w - _width(c)) + c for c, w in zip(cells[1:], widths[1:], strict=True))


def _child(database_url: str) -> dict | None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    done = subprocess.run(  # noqa: S603 — this very script, with the interpreter running it
        [sys.executable, __file__, "--engine"], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    print(done.stdout[-2000:], done.stderr[-4000:], sep="\n")
    return None


def _print(result: dict) -> None:
    version = result["version"]
    if isinstance(version, int):
        version = f"{version // 10000}.{version % 10000}"
    print(f"\n== {result['engine']} {version}：{result['docs']:,} 件文件 ==")
    print(
        f"写入文件 {result['fill_seconds']:.1f} 秒；建索引 {result['indexed']:,} 件 {result['index_seconds']:.1f} 秒"
        f"（{result['indexed'] / result['index_seconds']:,.0f} 件/秒），索引 {result['index_bytes'] / 2**20:.0f} MB"
    )
    widths = [16, 20, 8, 11, 11, 11, 11, 8]
    print(_line(["查询", "检索词", "命中", "封装p50ms", "封装p95ms", "原始p50ms", "原始p95ms", "封装/原始"], widths))
    for row in result["queries"]:
        (wp50, wp95), (rp50, rp95) = row["wrapped"], row["raw"]
        ratio = f"{wp50 / rp50:.1f}×" if rp50 > 0 else "—"
        cells = [row["label"], row["query"], f"{row['total']:,}", f"{wp50:.2f}", f"{wp95:.2f}"]
        print(_line([*cells, f"{rp50:.2f}", f"{rp95:.2f}", ratio], widths))
    for label, url, rate, status in result["pages"]:
        if rate is not None:
            print(f"{label}：{rate:.1f} 次/秒（django.test.Client，{url}）")
        elif status:
            print(f"{label}：返回 {status}，未测量（{url}）")
        else:
            print(f"{label}：页面尚未提供（{url} 无法解析），未测量")


def _postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = DEFAULT_PG
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(statement)


def main() -> int:
    if "--engine" in sys.argv:
        return run_engine()
    started = time.perf_counter()
    print(f"全文检索基准：{DOCS:,} 件合成公开文件；每项约 {BUDGET:g} 秒，p50/p95 为毫秒")
    print("封装 = search_documents（公开范围联接、筛选、总数、前20条、文件及机关、高亮标题和摘要）；")
    print("原始 = 引擎裸查询（FTS5 MATCH 按 bm25 / tsvector @@ 按 ts_rank，前20条编号，无联接无计数）")
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
        result = _child(f"sqlite:///{folder}/bench.db")
        if result:
            _print(result)
    admin = _postgres_admin_url()
    try:
        _admin(admin, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin(admin, f"CREATE DATABASE {BENCH_DB}")
    except Exception as error:  # any failure to reach the server means "skip"
        print(f"\n== postgresql：跳过（无法连接 {urlsplit(admin).netloc}：{str(error).strip()[:120]}）==")
    else:
        parts = urlsplit(admin)
        try:
            result = _child(urlunsplit(("postgres", parts.netloc, f"/{BENCH_DB}", parts.query, "")))
            if result:
                _print(result)
        finally:
            _admin(admin, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    print(f"\n用时 {time.perf_counter() - started:.0f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
