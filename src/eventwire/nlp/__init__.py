"""nlp stage: the spaCy pipeline (loaded once per process) and cheap sentence splitting."""

from eventwire.nlp.pipeline import MODEL_NAME, load_nlp, split_sentences

__all__ = ["MODEL_NAME", "load_nlp", "split_sentences"]
