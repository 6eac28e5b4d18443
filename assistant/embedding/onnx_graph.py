"""Builds an ONNX graph of a BERT sentence encoder (mean pooling, L2 norm) from safetensors weights.

This lets the packaged all-MiniLM-L6-v2 run on onnxruntime with no torch installed. The graph is the
standard BERT encoder; it is checked against sentence-transformers vectors in tests/test_embedding.py.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

OPSET = 17


class _Graph:
    """Small helper that names nodes and collects initializers."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._n = 0

    def name(self, hint: str) -> str:
        self._n += 1
        return f"{hint}_{self._n}"

    def const(self, array: np.ndarray, hint: str = "c") -> str:
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attrs) -> str:
        out = self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def linear(self, x: str, weights: dict, prefix: str) -> str:
        w = self.const(np.ascontiguousarray(weights[f"{prefix}.weight"].T), prefix + ".w")
        b = self.const(weights[f"{prefix}.bias"], prefix + ".b")
        return self.op("Add", [self.op("MatMul", [x, w]), b])

    def layer_norm(self, x: str, weights: dict, prefix: str, eps: float) -> str:
        scale = self.const(weights[f"{prefix}.weight"], prefix + ".g")
        bias = self.const(weights[f"{prefix}.bias"], prefix + ".b")
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=eps)


def build_bert_encoder(model_dir: Path) -> onnx.ModelProto:
    config = json.loads((model_dir / "config.json").read_text())
    weights = load_file(str(model_dir / "model.safetensors"))
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    head_dim = hidden // heads
    eps = float(config.get("layer_norm_eps", 1e-12))

    g = _Graph()
    ids, mask = "input_ids", "attention_mask"

    # position ids = cumsum(ones_like(ids), axis=1) - 1  (Range over Shape is rejected by onnxruntime)
    ones = g.op("ConstantOfShape", [g.op("Shape", [ids])], value=helper.make_tensor("one", TensorProto.INT64, [1], [1]))
    positions = g.op("Sub", [g.op("CumSum", [ones, g.const(np.array(1, dtype=np.int64))]), g.const(np.array(1, dtype=np.int64))])

    x = g.op("Gather", [g.const(weights["embeddings.word_embeddings.weight"], "word_emb"), ids])
    x = g.op("Add", [x, g.op("Gather", [g.const(weights["embeddings.position_embeddings.weight"], "pos_emb"), positions])])
    x = g.op("Add", [x, g.const(weights["embeddings.token_type_embeddings.weight"][0], "type_emb")])
    x = g.layer_norm(x, weights, "embeddings.LayerNorm", eps)

    mask_f = g.op("Cast", [mask], to=TensorProto.FLOAT)
    # additive attention bias [B,1,1,S]: 0 where attended, -10000 on padding
    bias = g.op("Mul", [g.op("Sub", [g.const(np.array(1.0, np.float32)), mask_f]), g.const(np.array(-10000.0, np.float32))])
    bias = g.op("Unsqueeze", [bias, g.const(np.array([1, 2], dtype=np.int64))])

    split_heads = g.const(np.array([0, 0, heads, head_dim], dtype=np.int64), "split_heads")
    merge_heads = g.const(np.array([0, 0, hidden], dtype=np.int64), "merge_heads")
    scale = g.const(np.array(1.0 / math.sqrt(head_dim), np.float32), "scale")

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        q = g.op("Transpose", [g.op("Reshape", [g.linear(x, weights, f"{p}.attention.self.query"), split_heads])], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [g.linear(x, weights, f"{p}.attention.self.key"), split_heads])], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [g.linear(x, weights, f"{p}.attention.self.value"), split_heads])], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), bias])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        context = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), merge_heads])
        attn = g.linear(context, weights, f"{p}.attention.output.dense")
        x = g.layer_norm(g.op("Add", [attn, x]), weights, f"{p}.attention.output.LayerNorm", eps)

        inter = g.linear(x, weights, f"{p}.intermediate.dense")
        # exact GELU: 0.5 * x * (1 + erf(x / sqrt(2)))
        erf = g.op("Erf", [g.op("Div", [inter, g.const(np.array(math.sqrt(2.0), np.float32))])])
        inter = g.op("Mul", [g.op("Mul", [inter, g.op("Add", [erf, g.const(np.array(1.0, np.float32))])]), g.const(np.array(0.5, np.float32))])
        out = g.linear(inter, weights, f"{p}.output.dense")
        x = g.layer_norm(g.op("Add", [out, x]), weights, f"{p}.output.LayerNorm", eps)

    # masked mean pooling, then L2 normalisation
    mask3 = g.op("Unsqueeze", [mask_f, g.const(np.array([2], dtype=np.int64))])
    summed = g.op("ReduceSum", [g.op("Mul", [x, mask3]), g.const(np.array([1], dtype=np.int64))], keepdims=0)
    counts = g.op("Max", [g.op("ReduceSum", [mask3, g.const(np.array([1], dtype=np.int64))], keepdims=0), g.const(np.array(1e-9, np.float32))])
    pooled = g.op("Div", [summed, counts])
    norm = g.op("Max", [g.op("ReduceL2", [pooled], axes=[1], keepdims=1), g.const(np.array(1e-12, np.float32))])
    g.nodes.append(helper.make_node("Div", [pooled, norm], ["sentence_embedding"]))

    graph = helper.make_graph(
        g.nodes,
        "bert_sentence_encoder",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializer=g.inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)
