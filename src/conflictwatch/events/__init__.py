"""Events stage: typed event records and facts, with evidence and confidence."""
