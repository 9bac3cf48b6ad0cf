"""Offline Arabic NER: gazetteer + CRF model + rules for titles and nisba, and canonical ids.

The annotator ``mentions.ner.v1`` lives in ``annotate``; ``ner(text)`` is the plain API.
"""
