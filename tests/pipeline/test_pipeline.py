import pytest

from conflictwatch.pipeline import Pipeline, PipelineError, build_pipeline, register, registry
from conflictwatch.records import Document


def test_order_is_checked():
    spec = registry.get("events.builder.v1")
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([(spec, lambda a: a)])


def test_unknown_component_is_named():
    with pytest.raises(PipelineError, match="no.such.v1"):
        build_pipeline(["no.such.v1"])


def test_plugins_register_like_builtins():
    import dataclasses

    def factory():
        return lambda a: dataclasses.replace(a, sentences=())

    register("test.noop.v1", factory, assigns=["sentences"])
    nlp = build_pipeline(["test.noop.v1"])
    out = nlp(Document(id="d", uri="u", text="Hello."))
    assert out.done == ("test.noop.v1",)
    assert nlp.version.endswith("test.noop.v1")


def test_register_rejects_unknown_fields():
    with pytest.raises(PipelineError, match="unknown Analysis field"):
        register("test.bad.v1", lambda: None, assigns=["nonsense"])
