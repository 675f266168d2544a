"""Content models: one per content type, and the field types and markers they share."""
