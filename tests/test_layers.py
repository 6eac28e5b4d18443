"""No module imports a layer above it (checked on the source, imports inside functions included).

    core      assistant.core (types, chunk format), settings, sentences, question_split, outlets, safe_text, logs, prompts
    storage   assistant.embedding, assistant.store
    ingest    ingest (readers, cleaning, chunking, indexing)
    reading   assistant.filters, assistant.retrieval, assistant.answer
    pipeline  assistant.pipeline, assistant.app (the composition root), uploads, demo, batch, progress, llama_retriever
    evals     evals (question sets, runner, metrics, benchmarks)
    faces     assistant.cli, assistant.cli_eval, assistant.ui, assistant.ui_render, assistant (the Python API)
"""
import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAYERS = [
    ("core", ("assistant.core", "assistant.settings", "assistant.sentences", "assistant.question_split",
              "assistant.outlets", "assistant.safe_text", "assistant.logs", "prompts")),
    ("storage", ("assistant.embedding", "assistant.store")),
    ("ingest", ("ingest",)),
    ("reading", ("assistant.filters", "assistant.retrieval", "assistant.answer")),
    ("pipeline", ("assistant.pipeline", "assistant.app", "assistant.uploads", "assistant.demo", "assistant.batch",
                  "assistant.progress", "assistant.llama_retriever")),
    ("evals", ("evals",)),
    ("faces", ("assistant.cli", "assistant.cli_eval", "assistant.ui", "assistant.ui_render", "assistant.__main__", "assistant")),
]


def layer_of(module: str) -> int | None:
    best = None
    for n, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (n, len(prefix))
    return best[0] if best else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, module: str) -> list[str]:
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                out += [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            elif node.module:
                out.append(node.module)
    return out


def test_no_module_imports_a_layer_above_it():
    problems = []
    for top in ("assistant", "ingest", "evals", "prompts"):
        for path in sorted((REPO / top).rglob("*.py")):
            module = module_name(path)
            own = layer_of(module)
            assert own is not None, f"{module} is in no layer"
            for target in imports(path, module):
                layer = layer_of(target)
                if layer is not None and layer > own:
                    problems.append(f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[layer][0]})")
    assert not problems, "\n".join(problems)
