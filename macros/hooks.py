"""The MkDocs hooks file (`hooks:` in mkdocs.yml). MkDocs loads hooks from a path, so this file
stays beside the macros module; the hooks themselves are in `ditbook.site.hooks`."""

from ditbook.site.hooks import (
    on_config,
    on_files,
    on_nav,
    on_post_build,
    on_post_page,
    on_post_template,
)

__all__ = [
    "on_config",
    "on_files",
    "on_nav",
    "on_post_build",
    "on_post_page",
    "on_post_template",
]
