"""NLP stage: sentences, event triggers, dates and quantities over the clean text."""
