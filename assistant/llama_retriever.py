"""A llama-index retriever over the assistant's own retrieval, for use in llama-index query engines."""
from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from .filters import Filters


class NewsRetriever(BaseRetriever):
    def __init__(self, assistant, top_k: int | None = None, filters: Filters | None = None) -> None:
        super().__init__()
        self.assistant, self.top_k, self.filters = assistant, top_k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages = self.assistant.retrieve(query_bundle.query_str, self.top_k, self.filters)
        return [NodeWithScore(node=TextNode(id_=p.chunk_id, text=p.text, metadata={
            "article_id": p.article_id, "title": p.title, "source": p.source, "url": p.url,
            "published_at": p.published_at, "author": p.author}), score=p.score) for p in passages]
