"""One module per group of commands; each attaches itself to the CLI on import."""
