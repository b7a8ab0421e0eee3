"""The service layer: commands in, IDs and plain data out."""
