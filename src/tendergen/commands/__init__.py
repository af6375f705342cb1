"""One module per CLI command: each takes plain arguments, returns an exit code and never touches click."""
