"""Catalogue files as other systems export them, built in memory for the legacy-import tests."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl

HEADER = ["索引号", "标题", "发布机构", "成文日期", "发文字号", "发布日期", "主题分类", "公开事项", "正文", "附件"]
# A minimal real PDF head: enough for the type sniffer (statute.filetypes).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row(index: str, title: str = "潭柘寺镇2020年部门预算", **overrides) -> list[str]:
    values = {
        "索引号": index,
        "标题": title,
        "发布机构": "北京市门头沟区潭柘寺镇人民政府",
        "成文日期": "2020-03-02",
        "发文字号": "",
        "发布日期": "2020/3/5",
        "主题分类": "财政、金融、审计",
        "公开事项": "财政预算、决算信息",
        "正文": "第一段\n第二段",
        "附件": "",
        **overrides,
    }
    return [values[h] for h in HEADER]


def csv_bytes(rows: list[list[str]], *, header=HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], *, header=HEADER, title_row: str = "") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], *, gbk_names: bool = False) -> bytes:
    """A zip; with ``gbk_names`` the names are stored as GBK bytes without the UTF-8 flag (Windows)."""
    if gbk_names:
        return _zip_with_raw_names({name.encode("gbk"): data for name, data in members.items()})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _zip_with_raw_names(members: dict[bytes, bytes]) -> bytes:
    """Write a zip whose names are raw bytes with flag bit 11 clear, as WinRAR/Windows Explorer do."""
    import struct
    import zlib

    out, central = io.BytesIO(), []
    for name, data in members.items():
        compressed = zlib.compress(data)[2:-4]
        crc = zlib.crc32(data)
        offset = out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(compressed), len(data), len(name), 0)
        )
        out.write(name + compressed)
        central.append((name, crc, len(compressed), len(data), offset))
    start = out.tell()
    for name, crc, csize, size, offset in central:
        out.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, csize, size, len(name), 0, 0, 0, 0, 0, offset
            )
        )
        out.write(name)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0))
    return out.getvalue()
