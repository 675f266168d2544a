"""Pure render functions: validated items to Markdown pages, tables and figures. No MkDocs."""
