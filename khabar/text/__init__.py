"""The Arabic text layer: normalisation, match keys, segmentation, lexicon files."""
