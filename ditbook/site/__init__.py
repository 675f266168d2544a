"""The MkDocs adapter: hooks, the shared bank of one build, and the page macros."""
