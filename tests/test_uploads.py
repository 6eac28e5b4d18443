"""Uploads through the chat UI: allowed types and size only, safe names, then ingested and answerable."""
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from assistant.app import open_assistant
from assistant.uploads import safe_name

from .conftest import make_settings
from .servers import running_app
from .test_ui import message_text


def test_safe_name_blocks_path_traversal():
    assert safe_name("../../etc/passwd.md") == "passwd.md"
    assert safe_name("..\\..\\windows\\evil.txt") == "evil.txt"
    assert safe_name("/abs/path/.hidden.json") == "hidden.json"
    assert safe_name("Nachrichten März 2026.md") == "Nachrichten_März_2026.md"
    assert safe_name("..") == "upload" and safe_name("") == "upload"


def test_long_upload_names_keep_their_extension():
    for long in ("a" * 300 + ".md", "Nachrichten März " * 20 + ".html", "ü" * 100 + ".json"):
        name = safe_name(long)
        assert len(name.encode()) <= 120 and name.rsplit(".", 1)[1] in ("md", "html", "json"), name
        name.encode().decode("utf-8")  # never cut inside a character
    assert safe_name("x." + "y" * 200).startswith("x.yyy")  # a dotted tail that is no extension is cut as text


def test_handler_refuses_types_itself(index_copy, embedder, tmp_path):
    from assistant.store import Index
    from assistant.uploads import accept_uploads

    renamed = tmp_path / "x.bin"
    renamed.write_bytes(b"\x00\x01")
    index = Index(index_copy, make_settings(index_copy))
    report, refused = accept_uploads([str(renamed)], ["../x.exe"], index, embedder)
    assert refused == [("x.exe", "type .exe is not accepted (accepted: .atom, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .rss, .txt, .xml)")]
    assert report.added == 0 and not (index_copy / "uploads" / "x.exe").exists()


def test_upload_through_the_ui(index_copy, embedder, tmp_path):
    good = tmp_path / "quay news.md"
    good.write_text("---\ntitle: Quay lights replaced\nsource: Dock Weekly\ndate: 2026-06-01\n---\n"
                    "All forty lamps on the north quay were replaced with LED lights by the harbour board in May.")
    bad_type = tmp_path / "tool.exe"
    bad_type.write_bytes(b"MZ\x90\x00")
    too_big = tmp_path / "big.txt"
    too_big.write_text("Big\n\n" + "x " * 600_000)  # 1.2 MB with a 1 MB limit
    settings = make_settings(index_copy, upload_max_mb=1)
    assistant = open_assistant(index_copy, settings, embedder=embedder)
    with running_app(assistant) as url:
        client = Client(url, verbose=False)
        result, status, _ = client.predict([handle_file(str(good)), handle_file(str(too_big))], api_name="/upload")
        chat, sources, _ = client.predict("How many lamps on the north quay were replaced?", [], [], "", "", api_name="/ask")
        with pytest.raises(AppError, match="Invalid file type"):  # gradio refuses it before our code runs
            client.predict([handle_file(str(bad_type))], api_name="/upload")
    assert "1 added" in result.replace("\\", "")
    assert "refused big.txt: 1.2 MB is over the 1 MB upload limit" in result.replace("\\", "")
    assert "**16**" in status  # the index status shows the new article count
    assert "forty lamps" in message_text(chat[-1]) and "Dock Weekly" in sources
    assert sorted(p.name for p in (index_copy / "uploads").iterdir()) == ["quay_news.md"]
