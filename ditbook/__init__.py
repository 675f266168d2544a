"""The DIT Handbook's content engine, read top-down:

1. `ditbook.models`: one pydantic model per content type (cases), the single source of truth.
2. `ditbook.content`: loading and validation: YAML with line numbers, `file:line: field: message`
   problems, rules across files, the editions, and the JSON Schema derived from each model.
3. `ditbook.render`: pure functions from validated items to Markdown pages and figures.
4. `ditbook.site`: the MkDocs adapter (hooks) and the page macros that `macros/` registers.

`ditbook.registry` ties them together: each content type is one model, one folder and one render
function. `ditbook.tools` is maintainer tooling apart from the engine: the `ditbook` command,
PDF printing, the browser driver and the benchmark.
"""
