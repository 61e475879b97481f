"""An engine for a map of a territorial dispute; geodata/ holds the dispute itself."""
