"""Each reader on small files written here, plus discovery of folders, globs and bad paths."""
import json
import os

import pytest

from ingest.article import ReadError
from ingest.readers import UNSUPPORTED, discover, read_file

MB = 10**8


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_text_first_line_is_title(tmp_path):
    a = read_file(write(tmp_path / "a.txt", "\n\nHarbour closes\n\nThe harbour closed today.\n"), MB).articles[0]
    assert a.title == "Harbour closes" and a.body == "The harbour closed today."
    assert a.published is None and a.key.endswith("a.txt")


def test_markdown_front_matter(tmp_path):
    md = "---\ntitle: Vote passes\ndate: 2026-03-02\nsource: Gazette\nurl: https://g.example/v\nauthor: L. Marsh\nmood: calm\n---\n# Ignored heading?\nBody text here.\n"
    a = read_file(write(tmp_path / "v.md", md), MB).articles[0]
    assert (a.title, a.source, a.url, a.author) == ("Vote passes", "Gazette", "https://g.example/v", "L. Marsh")
    assert a.published.isoformat() == "2026-03-02T00:00:00+00:00"
    assert a.key == "https://g.example/v" and a.extra == {"mood": "calm"}
    assert "Body text here." in a.body


def test_markdown_heading_title_without_front_matter(tmp_path):
    a = read_file(write(tmp_path / "h.md", "# Storm warning\n\nWinds of 130 km/h.\n"), MB).articles[0]
    assert a.title == "Storm warning"


def test_bad_front_matter_is_named(tmp_path):
    with pytest.raises(ReadError, match="front matter"):
        read_file(write(tmp_path / "b.md", "---\ntitle: [unclosed\n---\nBody\n"), MB)


def test_html_extracts_article_not_navigation(tmp_path):
    html = """<html><head><title>Site | Pier rebuilt</title>
    <meta property="og:title" content="Pier rebuilt"><meta property="og:site_name" content="Island News">
    <meta property="article:published_time" content="2026-02-09T10:00:00Z"><script>var tracking=1;</script></head>
    <body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
    <article><h1>Pier rebuilt</h1><p>The island council voted to rebuild the pier damaged by the storm at a cost of two million.</p>
    <p>Work starts in April and should finish by October, the council leader said on Monday.</p></article>
    <footer>Copyright Island News. Privacy. Terms.</footer><script>alert(1)</script></body></html>"""
    a = read_file(write(tmp_path / "p.html", html), MB).articles[0]
    assert a.title == "Pier rebuilt" and a.source == "Island News"
    assert a.published.year == 2026
    assert "rebuild the pier" in a.body and "finish by October" in a.body
    for junk in ("Home", "Sport", "Copyright", "tracking", "alert"):
        assert junk not in a.body


def test_html_without_article_text_fails(tmp_path):
    with pytest.raises(ReadError, match="no article text"):
        read_file(write(tmp_path / "e.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"), MB)


def test_json_aliases_and_unknown_fields(tmp_path):
    record = {"headline": "H", "content": "Some body.", "pubDate": "Mon, 02 Mar 2026 18:30:00 GMT", "outlet": "O",
              "link": "https://o.example/h", "byline": ["A", "B"], "section": "news", "word_count": 2, "tags": ["x"]}
    a = read_file(write(tmp_path / "one.json", json.dumps(record)), MB).articles[0]
    assert (a.title, a.body, a.source, a.url, a.author, a.category) == ("H", "Some body.", "O", "https://o.example/h", "A, B", "news")
    assert a.published.isoformat() == "2026-03-02T18:30:00+00:00"
    assert a.extra == {"word_count": 2, "tags": '["x"]'}


def test_json_array_skips_bad_records(tmp_path):
    data = [{"title": "A", "body": "Text A."}, {"title": "no body"}, "not an object", {"title": "C", "text": "Text C."}]
    result = read_file(write(tmp_path / "arr.json", json.dumps(data)), MB)
    assert [a.title for a in result.articles] == ["A", "C"]
    assert len(result.problems) == 2 and "record 2" in result.problems[0]
    assert result.articles[0].key.endswith("arr.json#0")


def test_json_container_object(tmp_path):
    data = {"articles": [{"title": "A", "body": "Text A."}]}
    assert read_file(write(tmp_path / "c.json", json.dumps(data)), MB).articles[0].title == "A"


def test_truncated_json_names_line(tmp_path):
    with pytest.raises(ReadError, match="invalid JSON at line 1"):
        read_file(write(tmp_path / "t.json", '[{"title": "A", "body": "x"'), MB)


def test_jsonl_keeps_good_lines(tmp_path):
    lines = [json.dumps({"title": "A", "body": "a"}), "{broken", "", json.dumps({"title": "B", "body": "b"})]
    result = read_file(write(tmp_path / "x.jsonl", "\n".join(lines)), MB)
    assert [a.title for a in result.articles] == ["A", "B"]
    assert result.problems == ["line 2: invalid JSON (Expecting property name enclosed in double quotes), skipped"]


def test_rss_and_atom(tmp_path):
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>Weather</title>
    <item><title>Storm</title><link>https://w.example/s</link><pubDate>Wed, 28 Jan 2026 22:40:00 +0000</pubDate>
    <description><![CDATA[<p>A surge of 1.8 metres.</p><script>x()</script><p>240 homes evacuated.</p>]]></description></item>
    <item><title>Empty</title></item></channel></rss>"""
    result = read_file(write(tmp_path / "f.rss", rss), MB)
    (a,) = result.articles
    assert a.source == "Weather" and a.url == "https://w.example/s" and a.published.day == 28
    assert a.body == "A surge of 1.8 metres.\n\n240 homes evacuated." and len(result.problems) == 1
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tech</title>
    <entry><title>Recall</title><link href="https://t.example/r"/><published>2026-06-03T11:00:00Z</published>
    <author><name>P. N.</name></author><content type="html">&lt;p&gt;1,200 batteries recalled.&lt;/p&gt;</content></entry></feed>"""
    b = read_file(write(tmp_path / "t.atom", atom), MB).articles[0]
    assert (b.title, b.author, b.body, b.source) == ("Recall", "P. N.", "1,200 batteries recalled.", "Tech")


def test_xml_that_is_not_a_feed(tmp_path):
    with pytest.raises(ReadError, match="not an RSS/Atom feed"):
        read_file(write(tmp_path / "n.xml", "<root><a>1</a></root>"), MB)


def test_encodings(tmp_path):
    latin = tmp_path / "l.txt"
    latin.write_bytes("Café news\n\nThe café reopened — naïve.".encode("cp1252"))
    assert read_file(latin, MB).articles[0].title == "Café news"
    utf16 = tmp_path / "u.txt"
    utf16.write_bytes("Title ß\n\nBody ü".encode("utf-16"))
    assert read_file(utf16, MB).articles[0].body == "Body ü"


@pytest.mark.parametrize("content,reason", [(b"", "empty file"), (b"\x00\x01\x02binary\x00", "binary file")])
def test_empty_and_binary(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_file(path, MB)


def test_size_limit(tmp_path):
    path = write(tmp_path / "big.txt", "Title\n\n" + "x" * 2000)
    with pytest.raises(ReadError, match="over the"):
        read_file(path, 1000)


def test_discover_folders_globs_and_problems(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    write(tmp_path / "a.txt", "A\n\nx")
    write(tmp_path / "sub" / "b.md", "B\n\nx")
    write(tmp_path / "sub" / "deeper" / "c.json", "{}")
    write(tmp_path / "sub" / "skip.pdf", "x")
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "deeper" / "loop")
    write(tmp_path / ".hidden.bin", "x")
    files, problems, skipped = discover([str(tmp_path)])
    assert sorted(f.name for f in files) == ["a.txt", "b.md", "c.json"]
    assert problems == [] and skipped == [(str(tmp_path / "sub" / "skip.pdf"), UNSUPPORTED)]  # named, not silently left
    files, problems, _ = discover([str(tmp_path / "**" / "*.md"), str(tmp_path / "missing.txt"), str(tmp_path / "sub" / "skip.pdf")])
    assert [f.name for f in files] == ["b.md"]
    assert [p[1] for p in problems] == ["no such file or directory", UNSUPPORTED]
    assert UNSUPPORTED == "unsupported file type (supported: .atom, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .rss, .txt, .xml)"


def test_decoding_utf8_with_a_bad_byte_utf16_without_bom_and_legacy_text():
    from ingest.readers.decode import decode

    text = "Zürich café opens\n\nThe café in Zürich opened with forty seats."
    mended, note = decode(text.encode().replace(b"forty", b"fo\xffrty"))
    assert mended == text.replace("forty", "fo\ufffdrty") and note.startswith("1 byte sequence not valid UTF-8")
    assert decode(text.encode("utf-16-le")) == (text, None) and decode(text.encode("utf-16-be")) == (text, None)
    assert decode("新しい港が開いた。\n\n市は新しい港を開いた。".encode("utf-16-le"))[0].startswith("新しい港")
    assert decode(text.encode("cp1252")) == (text, None)  # legacy text with no UTF-8 in it stays Windows-1252
    with pytest.raises(ReadError, match="binary"):
        decode(os.urandom(4096) + b"\x00")
