"""Uploads through the chat UI: allowed types and size only, safe names, then ingested and answerable."""
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from assistant.app import open_assistant
from assistant.uploads import safe_name

from .conftest import make_settings
from .servers import ask_api, running_app
from .test_ui import content


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
    result = accept_uploads([str(renamed)], ["../x.exe"], index, embedder)
    assert result.refused == [("x.exe", "type .exe is not accepted (accepted: .atom, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .rss, .txt, .xml)")]
    assert result.report.added == 0 and not (index_copy / "uploads" / "x.exe").exists()


def test_each_upload_gets_its_own_result_and_a_busy_index_fails_only_that_file(index_copy, embedder, tmp_path):
    from assistant.store import Index, WriteLock
    from assistant.uploads import accept_uploads

    new, again, broken = tmp_path / "new.md", tmp_path / "again.md", tmp_path / "broken.json"
    new.write_text("---\ntitle: Pier lights\nsource: Dock Weekly\n---\nThe pier lights were repaired in June.\n")
    again.write_text(new.read_text())
    broken.write_text('{"title": "x", "body": ')
    index = Index(index_copy, make_settings(index_copy))
    steps = []
    result = accept_uploads([str(new), str(again), str(broken)], ["new.md", "again.md", "broken.json"], index, embedder,
                            lambda name, done, total, stage: steps.append((name, done, total)))
    outcomes = [(f.name, f.outcome) for f in result.files]
    assert outcomes == [("new.md", "added"), ("again.md", "duplicate"), ("broken.json", "failed")], outcomes
    assert ("again.md", 1, 3) in steps and ("broken.json", 2, 3) in steps  # a progress step per file
    with WriteLock(index_copy):  # another ingest is writing
        busy = accept_uploads([str(new)], ["later.md"], index, embedder)
    assert busy.files[0].outcome == "failed" and "busy" in busy.files[0].detail
    assert not (index_copy / "uploads" / "later.md").exists()


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
        results, summary, _files, status, outlets, *_ = client.predict(
            [handle_file(str(good)), handle_file(str(too_big))], "", api_name="/upload")
        answer = content(ask_api(client, "How many lamps on the north quay were replaced?")[-1])
        with pytest.raises(AppError, match="Invalid file type"):  # gradio refuses it before our code runs
            client.predict([handle_file(str(bad_type))], "", api_name="/upload")
    rows = [row[:2] for row in results["value"]["data"]]
    assert rows == [["quay_news.md", "added"], ["big.txt", "refused"]], rows
    assert "1.2 MB is over the 1 MB upload limit" in results["value"]["data"][1][2]
    assert "1 added" in summary.replace("\\", "")
    assert "**16**" in status  # the index status shows the new article count
    assert "forty lamps" in answer and "Dock Weekly" in answer
    assert sorted(p.name for p in (index_copy / "uploads").iterdir()) == ["quay_news.md"]
