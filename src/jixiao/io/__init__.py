"""Reading and writing files: YAML/JSON with source lines, input files, schema."""
