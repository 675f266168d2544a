"""Loading and validation: from YAML files to validated items, or to problems authors can act on."""
