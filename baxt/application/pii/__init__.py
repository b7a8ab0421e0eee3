"""Personal data at rest: each child's own key, wrapped by a master key, sealing their fields."""
