"""Read functions, one module per question, returning typed records for the routes, CLI and explorer."""
