import pytest

from gongkai.catalog.sanitize import html_to_text, sanitize_html


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
        ('<img src="data:image/svg+xml;base64,AAAA" onerror="x">', "<img>"),
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
    ],
)
def test_sanitize(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_text():
    assert html_to_text("<p>甲&amp;乙</p><p>丙</p>") == "甲&乙丙"
