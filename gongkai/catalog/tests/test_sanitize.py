import pytest

from gongkai.catalog.sanitize import clean_body, html_to_text, linkify_text, sanitize_html

TABLE = (
    '<table><thead><tr><th colspan="2">表头</th></tr></thead><tbody><tr><td rowspan="2">格</td></tr></tbody></table>'
)
EDITOR_TABLE = (
    '<table style="min-width: 75px"><colgroup><col style="x"></colgroup>'
    '<tbody><tr><td colwidth="80">格</td></tr></tbody></table>'
)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>正文</p>", "<p>正文</p>"),
        ("<script>alert(1)</script>正文", "正文"),
        ("<style>p{color:red}</style><p>正文</p>", "<p>正文</p>"),
        ('<p onclick="x" style="color:red">正文</p>', "<p>正文</p>"),
        ('<a href="javascript:alert(1)">链接</a>', "<a>链接</a>"),
        ('<a href=" jav&#x09;ascript:alert(1)">链接</a>', "<a>链接</a>"),
        ('<a href="JAVASCRIPT:alert(1)">链接</a>', "<a>链接</a>"),
        ('<img src="data:image/svg+xml;base64,AAAA" onerror="x">', ""),
        (
            '<a href="https://www.gov.cn/a?b=1&c=2">链接</a>',
            '<a href="https://www.gov.cn/a?b=1&amp;c=2" rel="noopener noreferrer">链接</a>',
        ),
        ('<img src="/media/a.png" alt="图">', '<img src="/media/a.png" alt="图">'),
        ("<iframe src=x></iframe><p>正文", "<p>正文</p>"),
        ("<p><b>粗<i>斜</p>", "<p><b>粗<i>斜</i></b></p>"),
        ("<form><input value=1>字</form>", "字"),
        ("1 &lt; 2 &amp; 3", "1 &lt; 2 &amp; 3"),
        ('<td colspan="2" onmouseover="x">格</td>', '<td colspan="2">格</td>'),
        ('<td colspan="2;x">格</td>', "<td>格</td>"),
        # what the editor and the Word import produce is kept
        ("<h2>一</h2><h3>二</h3><h4>三</h4>", "<h2>一</h2><h3>二</h3><h4>三</h4>"),
        ("<h1>标题</h1>", "<h2>标题</h2>"),  # the page's own h1 is the document title
        ("<ul><li><p>甲</p></li></ul><ol><li>乙</li></ol>", "<ul><li><p>甲</p></li></ul><ol><li>乙</li></ol>"),
        (TABLE, TABLE),
        (EDITOR_TABLE, "<table><tbody><tr><td>格</td></tr></tbody></table>"),
        (
            "<p>注<sup>[1]</sup><strong>粗</strong><em>斜</em></p>",
            "<p>注<sup>[1]</sup><strong>粗</strong><em>斜</em></p>",
        ),
        # pictures: a path on this site only
        ('<img src="https://evil.example/track.png">', ""),
        ('<img src="//evil.example/a.png">', ""),
        ('<img src="/\\evil.example/a.png">', ""),
        ('<img src="word-image:0">', ""),
        ('<p>图<img alt="无地址"></p>', "<p>图</p>"),
    ],
)
def test_sanitize(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    ("src", "kept"),
    [("/files/3/", True), ("/files/4/", False), ("/media/a.png", False), ("https://www.gov.cn/a.png", False)],
)
def test_a_body_shows_only_its_own_pictures(src, kept):
    body = clean_body(f'<p><img src="{src}" alt="图"></p>', images=["/files/3/"])
    assert body == (f'<p><img src="{src}" alt="图"></p>' if kept else "<p></p>")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("第一段", "<p>第一段</p>"),
        ("第一段\n\n第二段", "<p>第一段</p><p>第二段</p>"),
        ("第一段\r\n\r\n第二段", "<p>第一段</p><p>第二段</p>"),  # Windows line ends, as Word pastes them
        ("第一行\n第二行", "<p>第一行<br>第二行</p>"),
        ("\n\n　　一、总则\n\n\n　　二、附则\n", "<p>　　一、总则</p><p>　　二、附则</p>"),
        ("甲\n　\n乙", "<p>甲</p><p>乙</p>"),  # a line of a full-width space is blank too
        ("<strong>粗</strong>\n\n细", "<p><strong>粗</strong></p><p>细</p>"),  # inline markup stays markup
        ("1 < 2", "<p>1 &lt; 2</p>"),
        ("", ""),
        ("   \n\n  ", ""),
        # with block markup the text is HTML already: its newlines are not breaks
        ("<p>甲\n乙</p>", "<p>甲\n乙</p>"),
        ("<div>甲</div>\n\n<div>乙</div>", "<div>甲</div>\n\n<div>乙</div>"),
    ],
)
def test_plain_text_keeps_its_paragraphs(text, html):
    assert clean_body(text) == html


LINK = '<a href="{0}" rel="noopener noreferrer">{0}</a>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("见 https://www.gov.cn/a.htm", "见 " + LINK.format("https://www.gov.cn/a.htm")),
        ("网址http://x.gov.cn/p?a=1&b=2。", "网址" + LINK.format("http://x.gov.cn/p?a=1&amp;b=2") + "。"),
        ("（https://x.gov.cn/a）", "（" + LINK.format("https://x.gov.cn/a") + "）"),
        ("(see https://x.gov.cn/a).", "(see " + LINK.format("https://x.gov.cn/a") + ")."),
        ("https://zh.wikipedia.org/wiki/A_(B)", LINK.format("https://zh.wikipedia.org/wiki/A_(B)")),
        (
            "https://x.gov.cn/a，https://y.gov.cn/b",
            LINK.format("https://x.gov.cn/a") + "，" + LINK.format("https://y.gov.cn/b"),
        ),
        ("《https://x.gov.cn/a》", "《" + LINK.format("https://x.gov.cn/a") + "》"),
        ("ftp://x.cn/f 与 www.gov.cn", "ftp://x.cn/f 与 www.gov.cn"),  # http(s) with a scheme only
        ("http:// 无主机", "http:// 无主机"),
        ("http://[bad 地址", "http://[bad 地址"),
        ("<script>", "&lt;script&gt;"),
    ],
)
def test_bare_addresses_become_links(text, html):
    assert linkify_text(text) == html


@pytest.mark.parametrize(
    ("body", "html"),
    [
        (
            "<p>见 https://x.gov.cn/a</p>",
            '<p>见 <a href="https://x.gov.cn/a" rel="noopener noreferrer">https://x.gov.cn/a</a></p>',
        ),
        # never inside a link, nor in an attribute
        (
            '<p><a href="https://x.gov.cn/a">https://y.gov.cn/b</a></p>',
            '<p><a href="https://x.gov.cn/a" rel="noopener noreferrer">https://y.gov.cn/b</a></p>',
        ),
        (
            '<p><a href="https://x.gov.cn/a">见<strong>https://y.gov.cn/b</strong></a></p>',
            '<p><a href="https://x.gov.cn/a" rel="noopener noreferrer">见<strong>https://y.gov.cn/b</strong></a></p>',
        ),
        ('<p><a title="https://y.gov.cn/b">题</a></p>', '<p><a title="https://y.gov.cn/b">题</a></p>'),
        ('<p>"><script>https://x.gov.cn/</script></p>', "<p>&quot;&gt;</p>".replace("&quot;", '"')),
        # a saved body is saved again unchanged
        (
            '<p>见 <a href="https://x.gov.cn/a" rel="noopener noreferrer">https://x.gov.cn/a</a></p>',
            '<p>见 <a href="https://x.gov.cn/a" rel="noopener noreferrer">https://x.gov.cn/a</a></p>',
        ),
    ],
)
def test_saved_bodies_link_bare_addresses(body, html):
    assert clean_body(body) == html
    assert clean_body(clean_body(body)) == clean_body(body)


def test_text():
    assert html_to_text("<p>甲&amp;乙</p><p>丙</p>") == "甲&乙丙"
