"""The site adapter: the MkDocs hooks, the bank a build reads, the print page's mending, and the
page macros that `macros/` registers with mkdocs-macros."""
