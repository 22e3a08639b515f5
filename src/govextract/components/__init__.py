"""spaCy components: one module per concern, each registered as a factory through the ``spacy_factories``
entry point, so ``nlp.add_pipe("govextract_money")`` works in any English pipeline."""
